import type { CreateTableBuilder, Expression } from 'kysely';

/**
 * The few things that differ between the engines. Everything else in `src/store` is shared
 * and uses only SQL both SQLite and PostgreSQL understand.
 */
export interface DialectSpecifics {
  readonly name: 'sqlite' | 'postgres';
  /**
   * Column type for ids and other text that is sorted or compared with `<`/`>` (cursors).
   * Ids must sort byte by byte, as ULIDs are designed to: SQLite's default BINARY collation
   * does; PostgreSQL needs `COLLATE "C"` because the database default may be a locale.
   */
  readonly idType: Expression<unknown>;
  /**
   * Finishes a table that holds little besides its primary key (a join table), so the engine
   * can store it as that key: SQLite `WITHOUT ROWID` (one B-tree instead of two, which makes
   * bulk loads faster); PostgreSQL has no such option and leaves it as it is.
   */
  keyOnlyTable<T extends CreateTableBuilder<any, any>>(table: T): T;
  /** Most bind parameters one statement may carry; bulk inserts are chunked below it. */
  readonly maxParameters: number;
  /** Whether `error` is the engine's unique or primary-key violation. */
  isUniqueViolation(error: unknown): boolean;
}
