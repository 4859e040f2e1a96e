import { parseSecret, secretHint, type SecretRejectionReason } from '../../core/key-format.js';
import { hashSecret } from '../../core/secret-hash.js';
import type { Directory, KeyMatch } from './directory.js';

/** What is known of a presented key without any I/O. */
export type PresentedKeyPeek =
  /** Not a well-formed secret: decided without a lookup. */
  | { kind: 'malformed'; reason: SecretRejectionReason }
  /** This node knows it: a key of the store, by its current or previous secret. */
  | { kind: 'found'; hint: string; match: KeyMatch }
  /** This node knows no key has it. */
  | { kind: 'unknown'; hint: string }
  /** Only the store can tell: {@link loadPresentedKey}. */
  | { kind: 'miss'; hint: string; hash: string };

export type PresentedKeyLookup = Exclude<PresentedKeyPeek, { kind: 'miss' }>;

/**
 * The one lookup of a presented key, shared by authentication (the calling key) and
 * verification (the key a gateway asks about). The checksum rejects a mistyped or made-up key
 * before any hashing; the HMAC is computed once; the directory answers from memory when it
 * can. Callers decide what a miss may cost (authentication refuses throttled addresses
 * before it reaches the store).
 */
export function peekPresentedKey(directory: Directory, serverSecret: Buffer, secret: string): PresentedKeyPeek {
  const parsed = parseSecret(secret);
  if (!parsed.ok) return { kind: 'malformed', reason: parsed.reason };
  const hint = secretHint(secret);
  const hash = hashSecret(secret, serverSecret);
  const known = directory.peekKey(hash);
  if (known === undefined) return { kind: 'miss', hint, hash };
  return known === null ? { kind: 'unknown', hint } : { kind: 'found', hint, match: known };
}

/** Asks the store about a key the directory did not know. */
export async function loadPresentedKey(directory: Directory, miss: Extract<PresentedKeyPeek, { kind: 'miss' }>): Promise<PresentedKeyLookup> {
  const match = await directory.loadKey(miss.hash);
  return match === null ? { kind: 'unknown', hint: miss.hint } : { kind: 'found', hint: miss.hint, match };
}

/**
 * Looks `secret` up and hands the result to `then`: at once (no `await`) when this node knows
 * the answer, after a store lookup otherwise.
 */
export function withPresentedKey<T>(
  services: { directory: Directory; serverSecret: Buffer },
  secret: string,
  then: (lookup: PresentedKeyLookup) => T | Promise<T>,
): T | Promise<T> {
  const peek = peekPresentedKey(services.directory, services.serverSecret, secret);
  if (peek.kind !== 'miss') return then(peek);
  return loadPresentedKey(services.directory, peek).then(then);
}
