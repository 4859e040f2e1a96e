import type { RouteHandler } from '../context.js';
import { checkAuthorityOverMember, findMember } from '../people/member-rules.js';
import { toMember } from '../serialize.js';

/** POST /v1/members/{member_id}/unlock: lifts a lock-out after too many failed sign-ins. */
export const unlockMember: RouteHandler<'unlockMember'> = async (context) => {
  const { caller, store, now } = context;
  const member = await findMember(context, context.params.member_id);
  checkAuthorityOverMember(caller, member, 'unlock');
  if (member.lockedAt === null && member.failedSignIns === 0) return { status: 200, body: toMember(member, now) };
  const updated = (await store.members.update(member.organizationId, member.id, { lockedAt: null, failedSignIns: 0, updatedAt: now }))!;
  await context.audit({
    action: 'member.unlocked',
    targetType: 'member',
    targetId: member.id,
    details: { was_locked: member.lockedAt !== null, failed_sign_ins: member.failedSignIns },
  });
  await context.invalidate({ kind: 'member', id: member.id });
  return { status: 200, body: toMember(updated, now) };
};
