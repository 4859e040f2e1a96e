import { createHmac } from 'node:crypto';
import { randomBase62 } from '../../core/base62.js';
import { hashSecret, secretHashesEqual } from '../../core/secret-hash.js';

/**
 * The secrets of people: session tokens (in the cookie) and one-time link tokens
 * (invitations, password resets, the first owner's set-up). 43 base62 characters, 256 bits
 * from the CSPRNG, so like API keys they need no slow hash: they are stored as an HMAC under
 * the server secret (`hashSecret`). They share the API keys' shape (`kp_session_…`,
 * `kp_invite_…`), so the redaction that keeps keys out of logs and errors keeps these out too.
 */
const TOKEN_RANDOM_LENGTH = 43;

export function newSessionToken(): string {
  return `kp_session_${randomBase62(TOKEN_RANDOM_LENGTH)}`;
}

export function newInvitationToken(): string {
  return `kp_invite_${randomBase62(TOKEN_RANDOM_LENGTH)}`;
}

/** The stored form of a session or invitation token. */
export function tokenHash(token: string, serverSecret: Buffer): string {
  return hashSecret(token, serverSecret);
}

/**
 * A session's CSRF token: an HMAC of the session token's hash, so it is bound to that one
 * session, needs no storage, and cannot be made without the server secret. Knowing it does
 * not reveal the session token.
 */
export function csrfTokenFor(sessionTokenHash: string, serverSecret: Buffer): string {
  return createHmac('sha256', serverSecret).update(`csrf\0${sessionTokenHash}`).digest('base64url');
}

/** Compares a presented CSRF token with the session's, in constant time. */
export function csrfTokenMatches(presented: string | undefined, sessionTokenHash: string, serverSecret: Buffer): boolean {
  return secretHashesEqual(presented ?? '', csrfTokenFor(sessionTokenHash, serverSecret));
}
