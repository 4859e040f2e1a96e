import { sql, type Kysely } from 'kysely';
import { BulkInsert } from './bulk-insert.js';
import type { KyselyStore } from './kysely-store.js';
import { postgresDialect } from './postgres-store.js';
import type { Database } from './schema.js';
import { sqliteDialect } from './sqlite-store.js';
import { rowsPerInsert } from './store-context.js';

/** A table the copy carries, with the columns that order its rows (its primary key). */
interface CopiedTable {
  table: keyof Database;
  key: readonly string[];
  /** Rows left behind, as a condition on the source (`now` in epoch ms). */
  only?: (now: number) => ReturnType<typeof sql<boolean>>;
}

/**
 * What is copied, parents before children (foreign keys hold after every table). Left
 * behind: rate-limit grants (they count the current minute only) and idempotency records
 * already expired. Secrets are copied as the service stores them, HMACs under the server
 * secret, so the target serves the same keys only with the same server secret.
 */
const TABLES: readonly CopiedTable[] = [
  { table: 'organizations', key: ['id'] },
  { table: 'scopes', key: ['organization_id', 'name'] },
  { table: 'api_keys', key: ['id'] },
  { table: 'api_key_scopes', key: ['key_id', 'scope'] },
  { table: 'members', key: ['id'] },
  { table: 'sessions', key: ['id'] },
  { table: 'audit_events', key: ['id'] },
  {
    table: 'idempotency_records',
    key: ['organization_id', 'caller_key_id', 'idempotency_key'],
    only: (now) => sql<boolean>`expires_at > ${now}`,
  },
];

/** Every table of the schema, for the "is the target empty?" check (grants included). */
const ALL_TABLES: readonly (keyof Database)[] = [...TABLES.map((t) => t.table), 'rate_limit_grants'];

export interface CopyStoreOptions {
  /** Leave sessions behind: everyone signs in again on the target. Default false. */
  withoutSessions?: boolean;
  /** Rows read from the source at a time. Default 1000. */
  batchRows?: number;
  /** Called after each batch written, with the table and the rows of it copied so far. */
  onProgress?: (table: string, rows: number) => void;
  /** Epoch ms, for what has expired. Default now. */
  now?: number;
}

export interface CopiedCount {
  table: string;
  /** Rows in the source (as the copy saw them). */
  source: number;
  /** Rows in the target after the copy. */
  target: number;
}

/** The target holds data already: copying into it could mix two deployments. */
export class TargetNotEmptyError extends Error {
  override readonly name = 'TargetNotEmptyError';
  constructor(readonly rows: ReadonlyArray<{ table: string; rows: number }>) {
    super(`the target database is not empty (${rows.map((r) => `${r.table}: ${r.rows}`).join(', ')})`);
  }
}

/** A copy that stopped part way: `copied` tables are committed in the target, the rest are not. */
export class PartialCopyError extends Error {
  override readonly name = 'PartialCopyError';
  constructor(
    readonly table: string,
    readonly copied: readonly string[],
    options: { cause: unknown },
  ) {
    super(`copying ${table} failed: ${(options.cause as Error)?.message ?? String(options.cause)}`, options);
  }
}

/**
 * Copies one store into another, row for row: every organization, key (with its secret
 * hashes, scopes and rotation grace), scope, member (with password hash and lock-out),
 * session, audit event and live idempotency record. Both stores are migrated to this
 * version's schema first (as `keyplane serve` would on start).
 *
 * - The target must be empty, every table of it, or {@link TargetNotEmptyError} is thrown
 *   before anything is written.
 * - The source is read inside one transaction, a snapshot: on SQLite it is the write lock
 *   (BEGIN IMMEDIATE), so a node still running on the file waits (and answers 503) rather
 *   than accept a write the copy would miss; on PostgreSQL it is REPEATABLE READ.
 * - Each table is written in one transaction on the target, in multi-row inserts under the
 *   engine's parameter limit, so a table is there whole or not at all. A failure leaves the
 *   tables before it copied ({@link PartialCopyError} names them): empty the target before
 *   running it again.
 *
 * Returns the row counts of the source and of the target per table; they are equal unless
 * another writer touched the target meanwhile.
 */
export async function copyStore(source: KyselyStore, target: KyselyStore, options: CopyStoreOptions = {}): Promise<CopiedCount[]> {
  const batchRows = options.batchRows ?? 1000;
  if (!Number.isInteger(batchRows) || batchRows < 1) throw new RangeError(`batchRows must be a positive integer, got ${batchRows}`);
  const now = options.now ?? Date.now();
  const tables = TABLES.filter((t) => !(options.withoutSessions && t.table === 'sessions'));

  await source.migrate();
  await target.migrate();
  const found = await rowCounts(target.db, ALL_TABLES);
  const nonEmpty = found.filter((t) => t.rows > 0);
  if (nonEmpty.length > 0) throw new TargetNotEmptyError(nonEmpty);

  return source.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (snapshot) => {
      const counts: CopiedCount[] = [];
      const copied: string[] = [];
      for (const spec of tables) {
        let written = 0;
        try {
          written = await target.db.transaction().execute(async (into) => copyTable(snapshot, into, target, spec, batchRows, now, options.onProgress));
        } catch (error) {
          throw new PartialCopyError(spec.table, copied, { cause: error });
        }
        copied.push(spec.table);
        const [inTarget] = await rowCounts(target.db, [spec.table]);
        counts.push({ table: spec.table, source: written, target: inTarget!.rows });
      }
      return counts;
    });
}

/** Copies one table in key order, `batchRows` at a time; returns the rows copied. */
async function copyTable(
  from: Kysely<Database>,
  into: Kysely<Database>,
  target: KyselyStore,
  spec: CopiedTable,
  batchRows: number,
  now: number,
  onProgress: CopyStoreOptions['onProgress'],
): Promise<number> {
  const source = from as unknown as Kysely<any>;
  const keyColumns = spec.key.map((column) => sql.ref(column));
  let after: unknown[] | null = null;
  let copied = 0;
  let insert: BulkInsert<typeof spec.table> | null = null;
  let rowsPerStatement = 0;
  for (;;) {
    let query = source.selectFrom(spec.table).selectAll();
    if (spec.only) query = query.where(spec.only(now));
    if (after !== null) {
      // Row-value comparison: the next rows after the last one by the primary key (SQLite >= 3.15, PostgreSQL).
      query = query.where(sql<boolean>`(${sql.join(keyColumns)}) > (${sql.join(after)})`);
    }
    for (const column of spec.key) query = query.orderBy(column);
    const rows = (await query.limit(batchRows).execute()) as Record<string, unknown>[];
    if (rows.length === 0) return copied;
    if (insert === null) {
      const columns = Object.keys(rows[0]!) as never[];
      insert = new BulkInsert(spec.table, columns);
      rowsPerStatement = rowsPerInsert(target.dialect === 'postgres' ? postgresDialect : sqliteDialect, columns.length, 1000);
    }
    // PostgreSQL takes a batch as one array per column (see BulkInsert.insertAsArrays).
    if (target.dialect === 'postgres') await insert.insertAsArrays(into, rows as never[], batchRows);
    else await insert.insert(into, rows as never[], rowsPerStatement);
    copied += rows.length;
    onProgress?.(spec.table, copied);
    if (rows.length < batchRows) return copied;
    const last = rows[rows.length - 1]!;
    after = spec.key.map((column) => last[column]);
  }
}

async function rowCounts(db: Kysely<Database>, tables: readonly (keyof Database)[]): Promise<Array<{ table: string; rows: number }>> {
  const counts: Array<{ table: string; rows: number }> = [];
  for (const table of tables) {
    const row = await (db as unknown as Kysely<any>)
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts.push({ table, rows: Number(row.n) });
  }
  return counts;
}
