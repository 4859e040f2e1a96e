import type { RouteHandler } from '../context.js';
import { checkAuthorityOverMember, endSessions, findMember } from '../people/member-rules.js';

/** DELETE /v1/members/{member_id}/sessions: signs a member out everywhere. */
export const revokeMemberSessions: RouteHandler<'revokeMemberSessions'> = async (context) => {
  const member = await findMember(context, context.params.member_id);
  checkAuthorityOverMember(context.caller, member, 'sign out');
  const ended = await endSessions(context, member);
  await context.audit({ action: 'session.revoked', targetType: 'member', targetId: member.id, details: { via: 'admin', sessions_ended: ended } });
  return { status: 200, body: { ended } };
};
