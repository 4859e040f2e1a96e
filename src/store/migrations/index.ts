import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectSpecifics } from '../dialect.js';
import { initialMigration } from './0001-initial.js';

/** Name of the table that records applied migrations (and its lock table, with `_lock`). */
export const MIGRATION_TABLE = 'keyplane_migration';

/**
 * Every migration, in order. Names sort in application order and never change once released;
 * a new migration is a new entry at the end.
 */
export function allMigrations(dialect: DialectSpecifics): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
  };
}

/**
 * Applies pending migrations. Safe to call on every start and from several processes at once:
 * kysely holds a lock (an advisory lock on PostgreSQL, the write lock on SQLite) and each run
 * is one transaction, so a failed migration leaves nothing half-applied.
 */
export async function migrateToLatest(db: Kysely<any>, dialect: DialectSpecifics): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => allMigrations(dialect) };
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
  }
}
