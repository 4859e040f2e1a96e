import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { DialectSpecifics } from './dialect.js';
import { KyselyStore } from './kysely-store.js';
import { PostgresChangeFeed } from './postgres-change-feed.js';
import { PreparedQueries } from './prepared-queries.js';
import type { Database } from './schema.js';

export interface PostgresStoreOptions {
  /** `postgresql://user:password@host:port/database` (or a unix-socket form pg accepts). */
  connectionString: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
  /**
   * Called once for each connection that fails (server restart, network), idle in the pool or
   * in use. The pool drops the connection and opens another on demand.
   */
  onConnectionLost?: (error: Error) => void;
}

/** PostgreSQL's parts of the dialect contract. */
export const postgresDialect: DialectSpecifics = {
  name: 'postgres',
  // Ids sort byte by byte whatever the database's default collation is.
  idType: sql`text collate "C"`,
  keyOnlyTable: (table) => table,
  maxParameters: 65_535,
  isUniqueViolation: (error) =>
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505',
};

const INT8_OID = 20;

/**
 * int8 (BIGINT and count(*)) as a JS number instead of pg's default string. Our BIGINTs are
 * epoch milliseconds and row counts, far below 2^53.
 */
const numericInt8Types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** Opens the PostgreSQL store over a connection pool. Call `migrate()` before use. */
export function openPostgresStore(options: PostgresStoreOptions): KyselyStore {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    types: numericInt8Types,
  });
  const onConnectionLost = options.onConnectionLost ?? (() => {});
  // pg emits 'error' on a client whose connection drops, and the pool listens only while the
  // client is idle. A client checked out when the server stops (a query in flight, or one just
  // connected whose first packet after ReadyForQuery is the server's "terminating connection")
  // would crash the process. The pool emits 'connect' synchronously before it hands a new client
  // out, so listening there leaves no gap; the query itself fails with the error, and the pool
  // discards the client when it is released.
  pool.on('connect', (client) => client.on('error', onConnectionLost));
  // The pool repeats an idle client's error as its own, which the client's listener has
  // reported already; unheard, the repeat would crash the process.
  pool.on('error', () => {});
  const named = new Map<string, string>();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool, named) }) });
  new PreparedQueries(db).hotStatements.forEach((text, i) => named.set(text, `keyplane_hot_${i}`));
  return new KyselyStore(db, postgresDialect, new PostgresChangeFeed(options.connectionString, options.onConnectionLost));
}

/**
 * The pool as kysely sees it, except that the SQL texts in `named` run as named prepared
 * statements: the server parses and plans them once per connection instead of on every call,
 * which halves the latency of the key lookup. Only a fixed handful of texts is named, so the
 * statements a connection keeps stay bounded.
 */
function preparingPool(pool: pg.Pool, named: ReadonlyMap<string, string>): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((textOrCursor: string | pg.Submittable, values?: ReadonlyArray<unknown>) => {
      if (typeof textOrCursor !== 'string') return client.query(textOrCursor);
      const name = named.get(textOrCursor);
      const parameters = values === undefined ? [] : [...values];
      return name === undefined
        ? client.query(textOrCursor, parameters)
        : client.query({ name, text: textOrCursor, values: parameters });
    }) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  });
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (wrapper === undefined) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
