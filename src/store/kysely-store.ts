import { sql, type Kysely } from 'kysely';
import { SINGLE_NODE_FEED, type Change, type ChangeFeed, type ChangeListener } from './change-feed.js';
import type { DialectSpecifics } from './dialect.js';
import { migrateTo, migrateToLatest } from './migrations/index.js';
import { PreparedQueries } from './prepared-queries.js';
import { KyselyApiKeyRepository } from './repositories/api-key-repository.js';
import { KyselyAuditRepository } from './repositories/audit-repository.js';
import { KyselyIdempotencyRepository } from './repositories/idempotency-repository.js';
import { KyselyMemberRepository } from './repositories/member-repository.js';
import { KyselyOrganizationRepository } from './repositories/organization-repository.js';
import { KyselyScopeRepository } from './repositories/scope-repository.js';
import { KyselyRateLimitRepository } from './repositories/rate-limit-repository.js';
import { KyselySessionRepository } from './repositories/session-repository.js';
import type { Database } from './schema.js';
import type { StoreContext } from './store-context.js';
import type {
  ApiKeyRepository,
  AuditRepository,
  IdempotencyRepository,
  MemberRepository,
  OrganizationRepository,
  ScopeRepository,
  RateLimitRepository,
  SessionRepository,
  Store,
} from './store.js';

/** @internal What a root store and the stores bound to its transactions share. */
export interface Shared {
  readonly dialect: DialectSpecifics;
  readonly prepared: PreparedQueries;
  readonly feed: ChangeFeed;
}

/**
 * The one {@link Store} implementation, over any kysely database whose dialect is described by
 * `dialect`. `openSqliteStore` and `openPostgresStore` only build the kysely instance.
 */
export class KyselyStore implements Store {
  readonly organizations: OrganizationRepository;
  readonly keys: ApiKeyRepository;
  readonly scopes: ScopeRepository;
  readonly audit: AuditRepository;
  readonly idempotency: IdempotencyRepository;
  readonly members: MemberRepository;
  readonly sessions: SessionRepository;
  readonly rateLimits: RateLimitRepository;

  /** The root database, or the transaction this store is bound to. */
  readonly #bound: Kysely<Database>;
  readonly #shared: Shared;

  constructor(db: Kysely<Database>, dialect: DialectSpecifics, feed?: ChangeFeed);
  constructor(db: Kysely<Database>, shared: Shared);
  constructor(db: Kysely<Database>, dialectOrShared: DialectSpecifics | Shared, feed: ChangeFeed = SINGLE_NODE_FEED) {
    this.#bound = db;
    this.#shared = 'prepared' in dialectOrShared ? dialectOrShared : { dialect: dialectOrShared, prepared: new PreparedQueries(db), feed };
    const ctx: StoreContext = { db, dialect: this.#shared.dialect };
    this.organizations = new KyselyOrganizationRepository(ctx);
    this.keys = new KyselyApiKeyRepository(ctx, this.#shared.prepared);
    this.scopes = new KyselyScopeRepository(ctx);
    this.audit = new KyselyAuditRepository(ctx);
    this.idempotency = new KyselyIdempotencyRepository(ctx);
    this.members = new KyselyMemberRepository(ctx);
    this.sessions = new KyselySessionRepository(ctx);
    this.rateLimits = new KyselyRateLimitRepository(ctx);
  }

  get sharedByNodes(): boolean {
    return this.#shared.dialect.name === 'postgres';
  }

  /** Which engine this store runs on. */
  get dialect(): DialectSpecifics['name'] {
    return this.#shared.dialect.name;
  }

  /**
   * The kysely instance queries go to right now, for tests and maintenance tools; services use
   * the repositories.
   */
  get db(): Kysely<Database> {
    return this.#bound;
  }

  async migrate(): Promise<void> {
    await migrateToLatest(this.#outsideTransaction('migrate'), this.#shared.dialect);
  }

  /**
   * Applies (or reverts) migrations until `name` is the last one applied. For tests and
   * maintenance tools; the service calls {@link migrate}.
   */
  async migrateTo(name: string): Promise<void> {
    await migrateTo(this.#outsideTransaction('migrateTo'), this.#shared.dialect, name);
  }

  announce(change: Change): Promise<void> {
    return this.#shared.feed.announce(this.#bound, change);
  }

  listen(listener: ChangeListener): Promise<() => Promise<void>> {
    return this.#shared.feed.listen(listener);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#bound);
  }

  async close(): Promise<void> {
    await this.#outsideTransaction('close').destroy();
  }

  /**
   * Runs `work` in a transaction and hands it the store bound to it; a store already bound to
   * one joins it. Transactions are passed explicitly, never found from the async context:
   * AsyncLocalStorage costs every request of the service (Node 20 builds it on promise
   * hooks), and an explicit store makes it plain which queries are inside.
   */
  async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    if (this.#bound.isTransaction) return work(this);
    return this.#bound.transaction().execute((trx) => work(new KyselyStore(trx, this.#shared)));
  }

  #outsideTransaction(operation: string): Kysely<Database> {
    if (this.#bound.isTransaction) throw new Error(`${operation}() is not allowed inside a transaction`);
    return this.#bound;
  }
}
