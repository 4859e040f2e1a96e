import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type DatabaseConnection,
  type Dialect,
  type SqliteDatabase,
} from 'kysely';
import type { DialectSpecifics } from './dialect.js';
import { KyselyStore } from './kysely-store.js';
import type { Database } from './schema.js';

export interface SqliteStoreOptions {
  /** Database file; created (with its folder) when missing. */
  path: string;
  /** How long a writer waits for another process's lock before failing, ms. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * Page cache ceiling in MiB (memory is only taken as the database grows). Default 256: holds
   * the secret-hash index of a few million keys, which keeps lookups and bulk loads of that
   * size off the disk (seeding 1M keys is ~25% faster than with 64).
   */
  cacheSizeMiB?: number;
  /**
   * `full` (the default): every commit is synced, so an acknowledged write (a new key, a
   * revocation) survives power loss. `normal`: about twice the write rate, and still safe
   * against the process crashing, but the last commits may roll back after a power loss or
   * OS crash: a revocation the client was told about could be undone. Choose it knowingly.
   */
  synchronous?: 'full' | 'normal';
}

/** SQLite's parts of the dialect contract. */
export const sqliteDialect: DialectSpecifics = {
  name: 'sqlite',
  idType: sql`text`,
  keyOnlyTable: (table) => table.modifyEnd(sql`without rowid`) as typeof table,
  // SQLITE_MAX_VARIABLE_NUMBER since SQLite 3.32.
  maxParameters: 32_766,
  isUniqueViolation: (error) =>
    error instanceof BetterSqlite3.SqliteError &&
    (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'),
};

/**
 * Opens (creating if needed) the embedded SQLite store. Call `migrate()` before use.
 *
 * Durability: WAL journal with `synchronous=FULL`, so the WAL is synced on every commit and
 * an acknowledged write survives power loss (NORMAL would only guarantee consistency, and
 * could lose the last commits). Bulk inserts stay fast because they are one transaction.
 */
export function openSqliteStore(options: SqliteStoreOptions): KyselyStore {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const database = new BetterSqlite3(options.path);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    database.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    database.pragma('foreign_keys = ON');
    database.pragma(`cache_size = ${-1024 * Math.trunc(options.cacheSizeMiB ?? 256)}`);
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: keyplaneSqliteDialect(cachingStatements(database)) });
  return new KyselyStore(db, sqliteDialect);
}

/**
 * kysely's SQLite dialect with two changes:
 * - transactions start with BEGIN IMMEDIATE, so a transaction that reads before it writes
 *   waits (busy_timeout) for another process's write lock instead of failing with
 *   SQLITE_BUSY when it tries to upgrade;
 * - migrations run inside a transaction (SQLite DDL is transactional; kysely assumes not).
 */
function keyplaneSqliteDialect(database: SqliteDatabase): Dialect {
  return {
    createAdapter: () => new TransactionalDdlSqliteAdapter(),
    createDriver: () => new ImmediateTransactionSqliteDriver({ database }),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateTransactionSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * kysely prepares a statement for every query; this keeps the most recently used ones.
 * Safe because kysely runs one query at a time on the single connection and the store never
 * streams (a statement being iterated could not be reused).
 */
function cachingStatements(database: BetterSqlite3.Database, capacity = 256): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(text) {
      let statement = cache.get(text);
      if (statement !== undefined) {
        cache.delete(text);
      } else {
        statement = database.prepare(text);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}
