import type { RouteHandler } from '../context.js';
import { checkAuthorityOverMember, checkNotSelf, endSessions, findMember } from '../people/member-rules.js';

/**
 * DELETE /v1/members/{member_id}: the member and their sessions go; the keys they created
 * stay with the organization, and the audit trail still names who created what (an actor
 * keeps the name it had).
 */
export const deleteMember: RouteHandler<'deleteMember'> = async (context) => {
  const { caller, store } = context;
  const member = await findMember(context, context.params.member_id);
  checkAuthorityOverMember(caller, member, 'remove');
  checkNotSelf(caller, member, 'remove');
  const ended = await endSessions(context, member);
  await store.members.delete(member.organizationId, member.id);
  await context.audit({
    action: 'member.deleted',
    targetType: 'member',
    targetId: member.id,
    details: { email: member.email, scopes: member.scopes, sessions_ended: ended },
  });
  return { status: 204 };
};
