/**
 * Secrets are stored only as a keyed hash: HMAC-SHA-256 under a server secret. A database
 * dump alone is then useless for forging or confirming keys, and because secrets carry ~190
 * random bits no slow password hash is needed: one HMAC per request keeps verification fast.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';

/** Length in hex characters of a value returned by {@link hashSecret}. */
export const SECRET_HASH_HEX_LENGTH = 64;

/**
 * HMAC-SHA-256 of the secret's UTF-8 bytes under `serverSecret`, as lower-case hex. This is
 * what the store indexes and compares. On the hot path: the string goes straight into the
 * HMAC (no intermediate Buffer), and the digest is encoded once.
 */
export function hashSecret(secret: string, serverSecret: Buffer): string {
  return createHmac('sha256', serverSecret).update(secret, 'utf8').digest('hex');
}

/**
 * Compares two hashes in constant time. Different lengths give false; in that case `a` is
 * still compared with itself so that the timing does not reveal which way the check went.
 */
export function secretHashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
