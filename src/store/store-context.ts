import type { Kysely } from 'kysely';
import type { DialectSpecifics } from './dialect.js';
import { StoreConflictError } from './errors.js';
import type { Database } from './schema.js';
import type { Page, PageRequest } from './store.js';

/** What every repository needs: the database (or the current transaction) and the dialect. */
export interface StoreContext {
  /** The root database, or the transaction the repository is bound to. */
  readonly db: Kysely<Database>;
  readonly dialect: DialectSpecifics;
}

/**
 * Runs `work` in a transaction: the current one when `db` already is one (writes then land
 * or roll back with the caller's), a new one otherwise.
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** Turns the engine's unique violation into a {@link StoreConflictError}; rethrows the rest. */
export async function conflictsAs<T>(
  entity: string,
  dialect: DialectSpecifics,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (dialect.isUniqueViolation(error)) throw new StoreConflictError(entity, { cause: error });
    throw error;
  }
}

/** The row count to fetch for a page: one more than asked, to learn whether another page exists. */
export function fetchSize(page: PageRequest): number {
  if (!Number.isInteger(page.limit) || page.limit < 1) {
    throw new RangeError(`page limit must be a positive integer, got ${page.limit}`);
  }
  return page.limit + 1;
}

/** Cuts the extra row fetched by {@link fetchSize} and sets the cursor for the next page. */
export function toPage<T extends { id: string }>(rows: T[], page: PageRequest): Page<T> {
  if (rows.length <= page.limit) return { items: rows, nextAfter: null };
  const items = rows.slice(0, page.limit);
  return { items, nextAfter: items[items.length - 1]!.id };
}

/** Splits `items` into runs of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows per multi-row insert for a table of `columns` columns, under the engine's parameter cap. */
export function rowsPerInsert(dialect: DialectSpecifics, columns: number, cap = 1000): number {
  return Math.max(1, Math.min(cap, Math.floor(dialect.maxParameters / columns)));
}
