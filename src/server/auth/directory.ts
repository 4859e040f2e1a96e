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
  private readonly keys = new Map<string, Cached<ApiKeyRecord | null>>();
  private readonly hashesByKeyId = new Map<string, Set<string>>();
  private readonly compiled = new WeakMap<ApiKeyRecord, CompiledIpRules>();
  private readonly organizations = new Map<string, Cached<OrganizationContext | null>>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
    private readonly maxKeys = 200_000,
  ) {}

  async keyByHash(hash: string): Promise<KeyMatch | null> {
    const now = performance.now();
    let cached = this.keys.get(hash);
    if (!cached || now - cached.loadedAt > this.ttlMs) {
      const key = await this.store.keys.findBySecretHash(hash);
      cached = { value: key, loadedAt: now };
      this.remember(hash, cached);
    }
    const key = cached.value;
    if (key === null) return null;
    let compiledIpRules = this.compiled.get(key);
    if (!compiledIpRules) {
      compiledIpRules = compileIpRules(key.ipRules);
      this.compiled.set(key, compiledIpRules);
    }
    return { entry: { key, compiledIpRules }, previous: !secretHashesEqual(key.secretHash, hash) };
  }

  async organization(id: string): Promise<OrganizationContext | null> {
    const now = performance.now();
    const cached = this.organizations.get(id);
    if (cached && now - cached.loadedAt <= this.ttlMs) return cached.value;
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
    this.hashesByKeyId.clear();
    this.organizations.clear();
  }

  private remember(hash: string, cached: Cached<ApiKeyRecord | null>): void {
    // Unknown hashes are not kept: a flood of made-up keys must not evict real ones.
    if (cached.value === null) {
      this.keys.delete(hash);
      return;
    }
    if (this.keys.size >= this.maxKeys) this.evictOldest();
    this.keys.delete(hash); // re-insert at the end: Map order is our recency order
    this.keys.set(hash, cached);
    let hashes = this.hashesByKeyId.get(cached.value.id);
    if (!hashes) this.hashesByKeyId.set(cached.value.id, (hashes = new Set()));
    hashes.add(hash);
  }

  private evictOldest(): void {
    const oldest = this.keys.keys().next();
    if (oldest.done) return;
    const entry = this.keys.get(oldest.value);
    this.keys.delete(oldest.value);
    if (entry?.value) this.hashesByKeyId.get(entry.value.id)?.delete(oldest.value);
  }
}
