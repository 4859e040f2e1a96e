import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * A change every node must see at once, not when its cache expires: a key revoked, rotated
 * or changed; an organization's plan, policy or scope catalog; a member suspended, re-scoped
 * or removed; a session ended. It names what to drop from a cache, nothing more: the nodes
 * read the new state from the database.
 */
export type Change =
  | { kind: 'key'; id: string }
  | { kind: 'organization'; id: string }
  | { kind: 'member'; id: string }
  /** A session, by the hash of its token (what the session caches are keyed by). */
  | { kind: 'session'; tokenHash: string };

/** Called with other nodes' changes; `onGap` when some may have been missed (drop every cache). */
export interface ChangeListener {
  onChange(change: Change): void;
  onGap(): void;
}

/**
 * How nodes sharing a database tell each other about changes. `announce` runs on the
 * connection (or transaction) that makes the change, so an announcement made in a
 * transaction goes out when, and only if, it commits.
 */
export interface ChangeFeed {
  announce(db: Kysely<Database>, change: Change): Promise<void>;
  /** Starts listening; returns a function that stops. */
  listen(listener: ChangeListener): Promise<() => Promise<void>>;
}

/**
 * The feed of a database only one node uses (SQLite): the node that makes a change drops it
 * from its own caches after the commit, and there is nobody else to tell.
 */
export const SINGLE_NODE_FEED: ChangeFeed = {
  announce: async () => {},
  listen: async () => async () => {},
};

/** Parses an announcement; null for anything that is not one (never trust a channel's payload blindly). */
export function parseChange(payload: string): Change | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const { kind, id, tokenHash } = value as Record<string, unknown>;
  if ((kind === 'key' || kind === 'organization' || kind === 'member') && typeof id === 'string') return { kind, id };
  if (kind === 'session' && typeof tokenHash === 'string') return { kind, tokenHash };
  return null;
}
