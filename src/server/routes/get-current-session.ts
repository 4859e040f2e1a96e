import type { RouteHandler } from '../context.js';
import { signedIn } from '../people/sessions.js';

/** GET /v1/sessions/current: who is signed in, with the CSRF token the console needs. */
export const getCurrentSession: RouteHandler<'getCurrentSession'> = ({ caller, services, now }) => {
  const session = { ...caller.session!, lastSeenAt: now };
  return { status: 200, body: signedIn(services, session, caller.member!, caller.organization, now) };
};
