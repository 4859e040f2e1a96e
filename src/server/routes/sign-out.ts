import type { RouteHandler } from '../context.js';
import { clearedSessionCookie } from '../people/cookie.js';

/** DELETE /v1/sessions/current: ends the session and clears its cookie. */
export const signOut: RouteHandler<'signOut'> = async (context) => {
  const { caller, store, services } = context;
  const session = caller.session!;
  await store.sessions.delete(session.organizationId, session.id);
  await context.audit({ action: 'session.ended', targetType: 'session', targetId: session.id, details: { via: 'sign_out' } });
  await context.invalidate({ kind: 'session', tokenHash: session.tokenHash });
  return { status: 204, headers: { 'Set-Cookie': clearedSessionCookie(services.sessionCookieName, services.secureCookies) } };
};
