import type { components } from '../../api/schema.js';
import { newSessionId } from '../../core/ids.js';
import type { MemberRecord, SessionRecord } from '../../core/types.js';
import type { OrganizationContext } from '../auth/directory.js';
import type { Services } from '../context.js';
import { toMember, toOrganization, toSession } from '../serialize.js';
import type { Store } from '../../store/store.js';
import { sessionCookie } from './cookie.js';
import { csrfTokenFor, newSessionToken, tokenHash } from './tokens.js';

/** Open sessions a member may have; signing in once more ends the oldest. */
export const MAX_SESSIONS_PER_MEMBER = 20;

/** Longest a browser's user agent is kept: enough to tell browsers apart in "my sessions". */
const USER_AGENT_LENGTH = 200;

export interface StartedSession {
  session: SessionRecord;
  /** The `Set-Cookie` header that hands the token to the browser; the token is nowhere else. */
  cookie: string;
}

/**
 * Opens a session for `member` in `store` (the caller's transaction), ending the oldest when
 * they have too many. The token goes only into the cookie; the store keeps its keyed hash.
 */
export async function startSession(
  services: Services,
  store: Store,
  member: MemberRecord,
  organization: OrganizationContext,
  request: { now: number; clientIp: string; userAgent: string | undefined },
): Promise<StartedSession> {
  const token = newSessionToken();
  const { now } = request;
  const session: SessionRecord = {
    id: newSessionId(now),
    organizationId: member.organizationId,
    memberId: member.id,
    tokenHash: tokenHash(token, services.serverSecret),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + organization.org.sessionPolicy.absoluteTimeoutSeconds * 1000,
    ip: request.clientIp,
    userAgent: request.userAgent ? [...request.userAgent].slice(0, USER_AGENT_LENGTH).join('') : null,
  };
  await store.sessions.insert(session);
  const open = await store.sessions.listByMember(member.organizationId, member.id);
  for (const old of open.slice(MAX_SESSIONS_PER_MEMBER)) await store.sessions.delete(old.organizationId, old.id);
  const maxAge = organization.org.sessionPolicy.absoluteTimeoutSeconds;
  return { session, cookie: sessionCookie(services.sessionCookieName, token, maxAge, services.secureCookies) };
}

/** The contract's `SignedIn`: the session, its member, organization, scopes and CSRF token. */
export function signedIn(
  services: Services,
  session: SessionRecord,
  member: MemberRecord,
  organization: OrganizationContext,
  now: number,
): components['schemas']['SignedIn'] {
  return {
    session: toSession(session, organization.org.sessionPolicy, session.id),
    member: toMember(member, now),
    organization: toOrganization(organization.org),
    effective_scopes: [...organization.resolver.resolveSorted(member.scopes)],
    csrf_token: csrfTokenFor(session.tokenHash, services.serverSecret),
  };
}
