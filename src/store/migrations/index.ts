import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { DialectSpecifics } from '../dialect.js';
import { initialMigration } from './0001-initial.js';
import { peopleMigration } from './0002-people.js';
import { rateLimitGrantsMigration } from './0003-rate-limit-grants.js';

/** Name of the table that records applied migrations (and its lock table, with `_lock`). */
export const MIGRATION_TABLE = 'keyplane_migration';

/**
 * Every migration, in order. Names sort in application order and never change once released;
 * a new migration is a new entry at the end.
 */
export function allMigrations(dialect: DialectSpecifics): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0002-people': peopleMigration(dialect),
    '0003-rate-limit-grants': rateLimitGrantsMigration(dialect),
  };
}

/**
 * Applies pending migrations. Safe to call on every start and from several processes at once:
 * kysely holds a lock (an advisory lock on PostgreSQL, the write lock on SQLite) and each run
 * is one transaction, so a failed migration leaves nothing half-applied.
 */
export async function migrateToLatest(db: Kysely<any>, dialect: DialectSpecifics): Promise<void> {
  outcome(await migrator(db, dialect).migrateToLatest());
}

/**
 * Applies or reverts migrations until `name` is the last one applied: for tests of a later
 * migration on data written by an earlier schema, and for maintenance tools.
 */
export async function migrateTo(db: Kysely<any>, dialect: DialectSpecifics, name: string): Promise<void> {
  if (!(name in allMigrations(dialect))) throw new RangeError(`no migration named ${name}`);
  outcome(await migrator(db, dialect).migrateTo(name));
}

function migrator(db: Kysely<any>, dialect: DialectSpecifics): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => allMigrations(dialect) };
  return new Migrator({
    db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
  });
}

function outcome({ error }: MigrationResultSet): void {
  if (error !== undefined) {
    throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
  }
}
