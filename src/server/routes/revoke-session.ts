import type { RouteHandler } from '../context.js';
import { ProblemError } from '../problem.js';

/** DELETE /v1/sessions/{session_id}: ends one of the caller's own sessions. */
export const revokeSession: RouteHandler<'revokeSession'> = async (context) => {
  const { caller, store, params } = context;
  const member = caller.member!;
  const session = await store.sessions.get(member.organizationId, params.session_id);
  // Another member's session does not exist for the caller, as another organization's key.
  if (!session || session.memberId !== member.id) {
    throw new ProblemError('SESSION_NOT_FOUND', `You have no session ${params.session_id}. GET /v1/sessions lists yours.`);
  }
  await store.sessions.delete(session.organizationId, session.id);
  await context.audit({ action: 'session.revoked', targetType: 'session', targetId: session.id, details: { via: 'self' } });
  await context.invalidate({ kind: 'session', tokenHash: session.tokenHash });
  return { status: 204 };
};
