/**
 * Storage: the {@link Store} interface and its SQLite and PostgreSQL implementations, which
 * share every repository and differ only in how the connection is set up.
 */
export type * from './store.js';
export type { Change, ChangeListener } from './change-feed.js';
export { StoreConflictError } from './errors.js';
export { KyselyStore } from './kysely-store.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { openPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
