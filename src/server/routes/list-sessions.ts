import type { RouteHandler } from '../context.js';
import { toSession } from '../serialize.js';

/** GET /v1/sessions: the signed-in member's open sessions, newest first. */
export const listSessions: RouteHandler<'listSessions'> = async ({ caller, store, services, now }) => {
  const member = caller.member!;
  const policy = caller.organization.org.sessionPolicy;
  const sessions = await store.sessions.listByMember(member.organizationId, member.id);
  const open = sessions
    .map((session) => ({ ...session, lastSeenAt: Math.max(session.lastSeenAt, services.sessionActivity.pendingUse(session.id) ?? 0) }))
    .filter((session) => session.expiresAt > now && now - session.lastSeenAt <= policy.idleTimeoutSeconds * 1000);
  return { status: 200, body: { data: open.map((session) => toSession(session, policy, caller.session!.id)) } };
};
