import type { Caller, Services } from '../context.js';
import { clearedSessionCookie } from '../people/cookie.js';
import type { SessionEntry } from '../people/session-directory.js';
import { csrfTokenMatches, tokenHash } from '../people/tokens.js';
import { memberActor } from './actors.js';
import type { AuthenticationRequest } from './authentication-request.js';
import type { OrganizationContext } from './directory.js';
import { refuse, throwIfThrottled } from './refusal.js';
import { missingScopeText } from './required-scopes.js';

/** Methods that change nothing, and so need no CSRF token. */
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Authenticates a request made with a session cookie: the session must exist, be within its
 * absolute and idle timeouts, belong to an active member, and (for anything but a read)
 * come with the session's CSRF token. Like keys, a session this node has cached is decided
 * without I/O and without an `await`; its use is noted for `last_seen_at` off the request
 * path. An ended session's cookie is cleared in the refusal.
 */
export function authenticateSession(services: Services, request: AuthenticationRequest, token: string): Caller | Promise<Caller> {
  const hash = tokenHash(token, services.serverSecret);
  const cached = services.sessions.peek(hash);
  if (cached !== undefined) return judge(services, request, hash, cached);
  throwIfThrottled(services, request, undefined);
  return services.sessions.load(hash).then((entry) => judge(services, request, hash, entry));
}

function judge(services: Services, request: AuthenticationRequest, hash: string, entry: SessionEntry | null): Caller | Promise<Caller> {
  if (entry === null) throw ended(services, request, 'The session has ended or was never valid. Sign in again.');
  const organization = services.directory.peekOrganization(entry.session.organizationId);
  if (organization !== undefined) return authorise(services, request, hash, entry, organization);
  return services.directory.organization(entry.session.organizationId).then((loaded) => authorise(services, request, hash, entry, loaded));
}

function authorise(
  services: Services,
  request: AuthenticationRequest,
  hash: string,
  entry: SessionEntry,
  organization: OrganizationContext | null,
): Caller {
  const { session, member } = entry;
  if (!organization) throw ended(services, request, 'The session has ended. Sign in again.');
  const actor = memberActor(member);
  const context = { actor, organizationId: member.organizationId };
  const { now } = request;
  if (now >= session.expiresAt) {
    throw ended(services, request, 'The session reached its time limit and has ended. Sign in again.', context);
  }
  const lastSeen = Math.max(entry.lastSeenAt, services.sessionActivity.pendingUse(session.id) ?? 0);
  if (now - lastSeen > organization.org.sessionPolicy.idleTimeoutSeconds * 1000) {
    throw ended(services, request, 'The session ended after a time without use. Sign in again.', context);
  }
  if (member.status !== 'active') throw ended(services, request, 'The session has ended. Sign in again.', context);
  if (!READ_METHODS.has(request.method) && !csrfTokenMatches(csrfHeader(request), hash, services.serverSecret)) {
    throw refuse(
      services,
      request,
      'CSRF_TOKEN_INVALID',
      'A request made with the session cookie that changes anything must carry the X-CSRF-Token header, with the token from sign-in or GET /v1/sessions/current.',
      context,
    );
  }
  const missing = missingScopeText(request.operation, organization, member.scopes);
  if (missing !== null) throw refuse(services, request, 'INSUFFICIENT_SCOPE', `${missing}, which you do not hold. Ask an administrator.`, context);
  services.sessionActivity.record(session.id, now);
  entry.lastSeenAt = Math.max(entry.lastSeenAt, now);
  return { actor, organization, scopes: member.scopes, key: null, member, session };
}

function csrfHeader(request: AuthenticationRequest): string | undefined {
  const value = request.headers['x-csrf-token'];
  return Array.isArray(value) ? undefined : value;
}

function ended(services: Services, request: AuthenticationRequest, detail: string, context: Parameters<typeof refuse>[4] = {}) {
  return refuse(services, request, 'INVALID_SESSION', detail, {
    ...context,
    headers: { 'Set-Cookie': clearedSessionCookie(services.sessionCookieName, services.secureCookies) },
  });
}
