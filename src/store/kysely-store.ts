import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely } from 'kysely';
import type { DialectSpecifics } from './dialect.js';
import { migrateToLatest } from './migrations/index.js';
import { PreparedQueries } from './prepared-queries.js';
import { KyselyApiKeyRepository } from './repositories/api-key-repository.js';
import { KyselyAuditRepository } from './repositories/audit-repository.js';
import { KyselyIdempotencyRepository } from './repositories/idempotency-repository.js';
import { KyselyOrganizationRepository } from './repositories/organization-repository.js';
import { KyselyScopeRepository } from './repositories/scope-repository.js';
import type { Database } from './schema.js';
import type { StoreContext } from './store-context.js';
import type {
  ApiKeyRepository,
  AuditRepository,
  IdempotencyRepository,
  OrganizationRepository,
  ScopeRepository,
  Store,
} from './store.js';

/** The transaction a piece of async work runs in, while it is open. */
interface TransactionFrame {
  trx: Kysely<Database> | null;
  open: boolean;
}

/** @internal What a root store and the stores bound to its transactions share. */
export interface Shared {
  readonly dialect: DialectSpecifics;
  readonly prepared: PreparedQueries;
  readonly current: AsyncLocalStorage<TransactionFrame>;
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

  /** The root database, or the transaction this store is bound to. */
  readonly #bound: Kysely<Database>;
  readonly #shared: Shared;

  constructor(db: Kysely<Database>, dialect: DialectSpecifics);
  constructor(db: Kysely<Database>, shared: Shared);
  constructor(db: Kysely<Database>, dialectOrShared: DialectSpecifics | Shared) {
    this.#bound = db;
    this.#shared =
      'current' in dialectOrShared
        ? dialectOrShared
        : {
            dialect: dialectOrShared,
            prepared: new PreparedQueries(db),
            current: new AsyncLocalStorage<TransactionFrame>(),
          };
    const store = this;
    const ctx: StoreContext = {
      get db() {
        return store.#db();
      },
      dialect: this.#shared.dialect,
    };
    this.organizations = new KyselyOrganizationRepository(ctx);
    this.keys = new KyselyApiKeyRepository(ctx, this.#shared.prepared);
    this.scopes = new KyselyScopeRepository(ctx);
    this.audit = new KyselyAuditRepository(ctx);
    this.idempotency = new KyselyIdempotencyRepository(ctx);
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
    return this.#db();
  }

  async migrate(): Promise<void> {
    await migrateToLatest(this.#outsideTransaction('migrate'), this.#shared.dialect);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#db());
  }

  async close(): Promise<void> {
    await this.#outsideTransaction('close').destroy();
  }

  async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    const db = this.#db();
    if (db.isTransaction) return work(db === this.#bound ? this : new KyselyStore(db, this.#shared));
    const frame: TransactionFrame = { trx: null, open: true };
    try {
      return await this.#shared.current.run(frame, () =>
        db.transaction().execute((trx) => {
          frame.trx = trx;
          return work(new KyselyStore(trx, this.#shared));
        }),
      );
    } finally {
      // Callbacks scheduled inside `work` keep the frame; once closed it sends them to the root.
      frame.open = false;
    }
  }

  /**
   * Where a query goes: this store's transaction if it is bound to one; otherwise the
   * transaction the calling async work is inside, if any (see `Store.transaction`); otherwise
   * the root database.
   */
  #db(): Kysely<Database> {
    if (this.#bound.isTransaction) return this.#bound;
    const frame = this.#shared.current.getStore();
    return frame?.open && frame.trx !== null ? frame.trx : this.#bound;
  }

  #outsideTransaction(operation: string): Kysely<Database> {
    const db = this.#db();
    if (db.isTransaction) throw new Error(`${operation}() is not allowed inside a transaction`);
    return db;
  }
}
