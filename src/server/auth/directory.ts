import { performance } from 'node:perf_hooks';
import { compileIpRules, type CompiledIpRules } from '../../core/ip-rules.js';
import { ScopeResolver } from '../../core/scopes.js';
import { secretHashesEqual } from '../../core/secret-hash.js';
import type { ApiKeyRecord, Organization, ScopeRecord } from '../../core/types.js';
import type { Store } from '../../store/store.js';

/** An organization with what authorising its keys needs, built once per load. */
export interface OrganizationContext {
  org: Organization;
  catalog: ScopeRecord[];
  resolver: ScopeResolver;
}

/** A key found by its secret's hash, with its IP rules compiled once. */
export interface KeyEntry {
  key: ApiKeyRecord;
  compiledIpRules: CompiledIpRules;
}

export interface KeyMatch {
  entry: KeyEntry;
  /** True when the presented secret is the one the last rotation replaced. */
  previous: boolean;
}

interface Cached<T> {
  value: T;
  loadedAt: number;
}

/**
 * A read-through cache of keys (by secret hash) and organizations, in front of the store.
 * It keeps authentication and verification off the database for keys in use.
 *
 * Consistency: a change made through this node calls `forgetKey`/`forgetOrganization` after
 * it commits, so this node sees it on the very next request. Changes made by other nodes
 * sharing the database are seen when the entry expires: `ttlMs` is the documented bound on
 * how long a revocation takes to reach every node.
 */
export class Directory {
  private readonly keys = new Map<string, Cached<KeyMatch>>();
  private readonly hashesByKeyId = new Map<string, Set<string>>();
  /**
   * Hashes the store did not know, apart from the keys so that a flood of made-up keys cannot
   * evict real ones, and bounded. Safe to cache: only whoever made a secret knows it, so a hash
   * nobody had when it was looked up cannot belong to a key created since but by chance.
   */
  private readonly unknown = new Map<string, number>();
  private readonly organizations = new Map<string, Cached<OrganizationContext | null>>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
    private readonly maxKeys = 200_000,
    private readonly maxUnknown = 10_000,
  ) {}

  /**
   * What this node knows of `hash` without asking the store: the match, `null` for a hash
   * known to be unknown, or `undefined` when only {@link loadKey} can tell. No I/O, no
   * allocation: a cache hit of the hot path costs a Map lookup.
   */
  peekKey(hash: string): KeyMatch | null | undefined {
    const now = performance.now();
    const cached = this.keys.get(hash);
    if (cached) return now - cached.loadedAt > this.ttlMs ? undefined : cached.value;
    const unknownSince = this.unknown.get(hash);
    return unknownSince !== undefined && now - unknownSince <= this.ttlMs ? null : undefined;
  }

  /**
   * True when this node has held a key for `hash`, fresh or expired from the cache: a key
   * that authenticated here before, whose lookup is due again. Such a lookup is never
   * throttled, so an address that others abuse (an office, a NAT) keeps its good keys.
   */
  hasKnown(hash: string): boolean {
    return this.keys.has(hash);
  }

  /** Reads the key of `hash` from the store and caches the answer. */
  async loadKey(hash: string): Promise<KeyMatch | null> {
    const key = await this.store.keys.findBySecretHash(hash);
    const now = performance.now();
    if (key === null) {
      this.rememberUnknown(hash, now);
      return null;
    }
    const match: KeyMatch = {
      entry: { key, compiledIpRules: compileIpRules(key.ipRules) },
      previous: !secretHashesEqual(key.secretHash, hash),
    };
    this.remember(hash, { value: match, loadedAt: now });
    return match;
  }

  /** The cached organization, or `undefined` when only {@link organization} can tell. No I/O. */
  peekOrganization(id: string): OrganizationContext | null | undefined {
    const cached = this.organizations.get(id);
    return cached && performance.now() - cached.loadedAt <= this.ttlMs ? cached.value : undefined;
  }

  async organization(id: string): Promise<OrganizationContext | null> {
    const known = this.peekOrganization(id);
    if (known !== undefined) return known;
    const now = performance.now();
    const org = await this.store.organizations.get(id);
    let value: OrganizationContext | null = null;
    if (org) {
      const catalog = await this.store.scopes.list(id);
      value = { org, catalog, resolver: new ScopeResolver(catalog, { operatorOrganization: org.isOperator }) };
    }
    this.organizations.set(id, { value, loadedAt: now });
    return value;
  }

  /** Drops every cached secret hash of key `id`; the next lookup reads the store. */
  forgetKey(id: string): void {
    const hashes = this.hashesByKeyId.get(id);
    if (!hashes) return;
    for (const hash of hashes) this.keys.delete(hash);
    this.hashesByKeyId.delete(id);
  }

  /** Drops the organization (its plan, policy and scope catalog). */
  forgetOrganization(id: string): void {
    this.organizations.delete(id);
  }

  /** Drops everything; for tests and for a node told that others changed a lot. */
  clear(): void {
    this.keys.clear();
    this.unknown.clear();
    this.hashesByKeyId.clear();
    this.organizations.clear();
  }

  private remember(hash: string, cached: Cached<KeyMatch>): void {
    if (this.keys.size >= this.maxKeys) this.evictOldest();
    this.keys.delete(hash); // re-insert at the end: Map order is our recency order
    this.keys.set(hash, cached);
    const id = cached.value.entry.key.id;
    let hashes = this.hashesByKeyId.get(id);
    if (!hashes) this.hashesByKeyId.set(id, (hashes = new Set()));
    hashes.add(hash);
  }

  private rememberUnknown(hash: string, now: number): void {
    if (this.unknown.size >= this.maxUnknown) {
      const oldest = this.unknown.keys().next();
      if (!oldest.done) this.unknown.delete(oldest.value);
    }
    this.unknown.delete(hash);
    this.unknown.set(hash, now);
  }

  private evictOldest(): void {
    const oldest = this.keys.keys().next();
    if (oldest.done) return;
    const entry = this.keys.get(oldest.value);
    this.keys.delete(oldest.value);
    if (entry) this.hashesByKeyId.get(entry.value.entry.key.id)?.delete(oldest.value);
  }
}
