import { performance } from 'node:perf_hooks';
import type { MemberRecord, SessionRecord } from '../../core/types.js';
import type { Store } from '../../store/store.js';

/** A session found by its token's hash, with its member as loaded with it. */
export interface SessionEntry {
  session: SessionRecord;
  member: MemberRecord;
  /**
   * The session's last request as this node knows it: what the store said at load, moved
   * forward by every request this node authenticates (the idle timeout reads it). The store
   * learns of those uses in batches, so without it a cached entry would look idle.
   */
  lastSeenAt: number;
}

interface Cached {
  value: SessionEntry | null;
  loadedAt: number;
}

/**
 * A read-through cache of sessions (by token hash) with their members, so that a signed-in
 * person's requests are authenticated without a database round trip, as keys are.
 *
 * Consistency is the keys': a sign-out, a revocation, a suspension or a change of scopes made
 * through this node drops the entries it concerns once committed (`forgetSession`,
 * `forgetMember`); other nodes see it when their entry expires (`ttlMs`). Unknown hashes are
 * cached too, bounded, so a stale cookie replayed in a loop costs one lookup per `ttlMs`.
 */
export class SessionDirectory {
  private readonly entries = new Map<string, Cached>();
  private readonly hashesByMember = new Map<string, Set<string>>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  /** The cached answer for `hash`, or `undefined` when only {@link load} can tell. No I/O. */
  peek(hash: string): SessionEntry | null | undefined {
    const cached = this.entries.get(hash);
    return cached && performance.now() - cached.loadedAt <= this.ttlMs ? cached.value : undefined;
  }

  async load(hash: string): Promise<SessionEntry | null> {
    const session = await this.store.sessions.findByTokenHash(hash);
    const member = session ? await this.store.members.get(session.organizationId, session.memberId) : null;
    const value = session && member ? { session, member, lastSeenAt: session.lastSeenAt } : null;
    this.remember(hash, value);
    return value;
  }

  /** Drops the session whose token hashes to `hash`. */
  forgetSession(hash: string): void {
    const cached = this.entries.get(hash);
    this.entries.delete(hash);
    if (cached?.value) this.hashesByMember.get(cached.value.member.id)?.delete(hash);
  }

  /** Drops every cached session of a member (suspended, deleted, scopes changed, signed out everywhere). */
  forgetMember(memberId: string): void {
    for (const hash of this.hashesByMember.get(memberId) ?? []) this.entries.delete(hash);
    this.hashesByMember.delete(memberId);
  }

  clear(): void {
    this.entries.clear();
    this.hashesByMember.clear();
  }

  private remember(hash: string, value: SessionEntry | null): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.forgetSession(oldest.value);
    }
    this.entries.delete(hash);
    this.entries.set(hash, { value, loadedAt: performance.now() });
    if (!value) return;
    let hashes = this.hashesByMember.get(value.member.id);
    if (!hashes) this.hashesByMember.set(value.member.id, (hashes = new Set()));
    hashes.add(hash);
  }
}
