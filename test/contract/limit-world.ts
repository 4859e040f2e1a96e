/**
 * What the limit cases of contract-limit-cases.ts run in: one service, a tenant for key
 * requests and one for catalog changes (each with a catalog of scopes made on demand), fresh
 * organizations for cases that change an organization, and real cursors to page with.
 */
import { unwrap } from '../../src/client/index.js';
import { MAX_RATE_LIMIT_PER_MINUTE } from '../../src/core/rate-limit.js';
import { call, createKey, createOrganization } from '../helpers/api.js';
import { UniqueTokens } from '../helpers/limit-values.js';
import type { TestService } from '../helpers/service.js';

/** An organization a case acts in, through its first admin key. */
export interface Tenant {
  id: string;
  /** Secret of the admin key, which holds every scope of the organization. */
  admin: string;
  /** Names of catalog scopes made so far, in order. */
  scopes: string[];
}

/** One request of a case, sent with {@link LimitWorld.send}. */
export interface LimitRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  /** The calling key's secret. */
  key: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export class LimitWorld {
  /** Idempotency keys, unique across the run so that no request replays another. */
  readonly tokens = new UniqueTokens();
  private names = 0;
  private keysTenant?: Promise<Tenant>;
  private catalogTenant?: Promise<Tenant>;

  constructor(readonly service: TestService) {}

  /** The bootstrap key: `admin` and `operator` of the operator organization. */
  get operator(): string {
    return this.service.adminKey;
  }

  /** A lower-case name no other request of this run uses, e.g. `key12`. */
  unique(prefix: string): string {
    return `${prefix}${++this.names}`;
  }

  /**
   * A new organization whose keys may carry any rate limit the contract allows (a key's
   * limit may not exceed its organization's).
   */
  async organization(): Promise<Tenant> {
    const created = await createOrganization(this.service, { slug: this.unique('lim'), rate_limit_per_minute: MAX_RATE_LIMIT_PER_MINUTE });
    return { id: created.organization.id, admin: created.admin_key.secret, scopes: [] };
  }

  /**
   * The tenant key requests run in; creating and changing keys changes nothing org-wide.
   * It starts with two keys, so that its key list has a second page to take a cursor from.
   */
  keys(): Promise<Tenant> {
    return (this.keysTenant ??= this.organization().then(async (tenant) => {
      await this.newKey(tenant);
      return tenant;
    }));
  }

  /** The tenant scope requests run in, apart from the keys' catalog. */
  catalog(): Promise<Tenant> {
    return (this.catalogTenant ??= this.organization());
  }

  /** The first `count` catalog scopes of `tenant`, made now if missing. */
  async scopes(tenant: Tenant, count: number): Promise<string[]> {
    while (tenant.scopes.length < count) {
      const name = `limit-scope-${String(tenant.scopes.length).padStart(4, '0')}`;
      unwrap(await this.service.client(tenant.admin).api.POST('/v1/scopes', { body: { name } }));
      tenant.scopes.push(name);
    }
    return tenant.scopes.slice(0, count);
  }

  /** The id of a new key of `tenant` without scopes, to update, rotate or revoke. */
  async newKey(tenant: Tenant): Promise<string> {
    return (await createKey(this.service, { name: this.unique('key') }, tenant.admin)).id;
  }

  /** A `next_cursor` the service issued for `path` (a list of at least two items). */
  async cursor(path: string, key: string): Promise<string> {
    const page = await call(this.service, 'GET', `${path}?limit=1`, { key });
    const cursor = page.body?.next_cursor;
    if (typeof cursor !== 'string') throw new Error(`${path}?limit=1 gave no next_cursor: ${page.text}`);
    return cursor;
  }

  /** Sends `request` through the harness, whose responses are checked against the contract. */
  send(request: LimitRequest) {
    return call(this.service, request.method, request.path, { key: request.key, body: request.body, headers: request.headers });
  }
}
