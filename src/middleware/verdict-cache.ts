/**
 * The middleware's optional short cache of VALID verdicts.
 *
 * Invariants: entries are keyed by a salted SHA-256 digest of what was asked (the presented
 * key, the client address, the required scopes), never by the key itself, so nothing in
 * memory that a heap dump or a debug log could show is a usable secret; the salt is random
 * per cache, so a digest means nothing outside this process. The cache never holds more than
 * `maxEntries` verdicts (the oldest is dropped first) nor any verdict older than `ttlMs`.
 * Uses only Web Crypto, so it runs wherever the Fetch API does.
 */

import type { KeyplaneIdentity } from './identity.js';

/** What is asked of the service, and so what a cached verdict answers. */
export interface VerdictQuestion {
  key: string;
  clientIp: string | undefined;
  requiredScopes: readonly string[];
}

interface Entry {
  identity: KeyplaneIdentity;
  expiresAt: number;
}

/** A bounded, time-limited map from a question to the identity a VALID verdict gave. */
export class VerdictCache {
  // Map keeps insertion order: the first entry is always the oldest.
  readonly #entries = new Map<string, Entry>();
  readonly #salt = globalThis.crypto.getRandomValues(new Uint8Array(32));

  constructor(
    readonly ttlMs: number,
    readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The digest that stands for `question` in this cache. */
  async digest(question: VerdictQuestion): Promise<string> {
    // Newlines cannot occur in a header value, an address or a scope name: the parts cannot run together.
    const text = [question.key, question.clientIp ?? '', ...[...question.requiredScopes].sort()].join('\n');
    const bytes = new TextEncoder().encode(text);
    const salted = new Uint8Array(this.#salt.length + bytes.length);
    salted.set(this.#salt);
    salted.set(bytes, this.#salt.length);
    const hash = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', salted));
    return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** The identity cached under `digest`, if it is younger than the TTL. */
  get(digest: string): KeyplaneIdentity | undefined {
    const entry = this.#entries.get(digest);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.#entries.delete(digest);
      return undefined;
    }
    return entry.identity;
  }

  /** Keeps `identity` under `digest` for the TTL, dropping the oldest entries past `maxEntries`. */
  set(digest: string, identity: KeyplaneIdentity): void {
    this.#entries.delete(digest);
    this.#entries.set(digest, { identity, expiresAt: this.now() + this.ttlMs });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  /** How many verdicts are held (expired ones included until they are next looked up or pushed out). */
  get size(): number {
    return this.#entries.size;
  }
}
