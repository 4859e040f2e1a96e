/**
 * Who is calling: a gateway, a signed-in member (session cookie) or an API key, as the
 * operation accepts them; a request without what the operation needs is refused.
 */
import type { Caller, Services } from '../context.js';
import { readCookie } from '../people/cookie.js';
import type { AuthenticationRequest } from './authentication-request.js';
import { presentedKey } from './credentials.js';
import { authenticateGateway } from './gateway-authentication.js';
import { authenticateKey } from './key-authentication.js';
import { CHALLENGE, refuse } from './refusal.js';
import { authenticateSession } from './session-authentication.js';

export function authenticate(services: Services, request: AuthenticationRequest): Caller | Promise<Caller> {
  const { accepts } = request.operation;
  if (accepts.gateway) return authenticateGateway(services, request);
  const presented = presentedKey(request.headers, request.rawHeaders);
  if (presented === null) {
    // A browser sends its cookie with every request; it is read only where no key was sent.
    const token = accepts.session ? readCookie(single(request.headers.cookie), services.sessionCookieName) : null;
    if (token !== null) return authenticateSession(services, request, token);
    if (!accepts.key) throw refuse(services, request, 'SESSION_REQUIRED', 'Sign in first: this operation is for a signed-in member (POST /v1/sessions).');
    throw refuse(services, request, 'MISSING_KEY', 'Send an API key in the X-API-Key header or as "Authorization: Bearer <key>".', {
      challenge: CHALLENGE,
    });
  }
  if (!accepts.key) {
    throw refuse(services, request, 'SESSION_REQUIRED', 'This operation is for a signed-in member, with the session cookie; an API key cannot call it.');
  }
  if (typeof presented === 'object') throw refuse(services, request, 'MALFORMED_KEY', presented.ambiguous);
  return authenticateKey(services, request, presented);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join('; ') : value;
}
