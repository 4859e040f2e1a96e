import type { MemberChanges } from '../../store/store.js';
import type { RouteHandler } from '../context.js';
import { checkScopes } from '../keys/key-rules.js';
import { checkAuthorityOverMember, checkNotSelf, endSessions, findMember } from '../people/member-rules.js';
import { ProblemError } from '../problem.js';
import { toMember } from '../serialize.js';
import { checkTextFields } from '../text-rules.js';

/**
 * PATCH /v1/members/{member_id}: name, scopes, suspension. Suspending ends the member's
 * sessions in the same transaction; a change of scopes drops their cached sessions, so the
 * next request is judged with the new scopes.
 */
export const updateMember: RouteHandler<'updateMember'> = async (context) => {
  const { caller, store, now, params } = context;
  const input = context.body!;
  checkTextFields(input);
  const member = await findMember(context, params.member_id);
  checkAuthorityOverMember(caller, member, 'change');
  const changes: MemberChanges = { updatedAt: now };
  const audited: Record<string, { from: unknown; to: unknown }> = {};
  if (input.display_name !== undefined && input.display_name !== member.displayName) {
    changes.displayName = input.display_name;
    audited.display_name = { from: member.displayName, to: input.display_name };
  }
  if (input.scopes !== undefined) {
    const scopes = checkScopes(caller, input.scopes);
    if (JSON.stringify(scopes) !== JSON.stringify([...member.scopes].sort())) {
      checkNotSelf(caller, member, 'change the scopes of');
      changes.scopes = scopes;
      audited.scopes = { from: member.scopes, to: scopes };
    }
  }
  if (input.status !== undefined && input.status !== member.status) {
    if (member.status === 'invited') {
      throw new ProblemError('MEMBER_NOT_ACTIVE', `Member ${member.id} has not accepted their invitation yet; they become active by accepting it. Delete the member to withdraw it.`, {
        errors: [{ path: 'body.status', message: 'cannot change before the invitation is accepted' }],
      });
    }
    checkNotSelf(caller, member, 'suspend');
    changes.status = input.status;
    audited.status = { from: member.status, to: input.status };
  }
  const updated = (await store.members.update(member.organizationId, member.id, changes))!;
  if (Object.keys(audited).length > 0) {
    const ended = changes.status === 'suspended' ? await endSessions(context, member) : 0;
    await context.audit({
      action: 'member.updated',
      targetType: 'member',
      targetId: member.id,
      details: { changes: audited, ...(ended > 0 ? { sessions_ended: ended } : {}) },
    });
    await context.invalidate({ kind: 'member', id: member.id });
  }
  return { status: 200, body: toMember(updated, now) };
};
