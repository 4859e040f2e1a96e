import type { Kysely, Migration } from 'kysely';
import type { DialectSpecifics } from '../dialect.js';

/**
 * Rate-limit grants of nodes sharing a database: how many requests of a bucket (a key, a
 * member, an address) each node was granted in a window. One row per (bucket, window, node),
 * so a node's grant never blocks another's on the same row for long, and their sum is what
 * the cluster has handed out.
 */
export function rateLimitGrantsMigration(dialect: DialectSpecifics): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('rate_limit_grants')
        .addColumn('bucket', dialect.idType, (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('node_id', 'text', (c) => c.notNull())
        .addColumn('granted', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_limit_grants_pk', ['bucket', 'window_start', 'node_id'])
        .execute();
      await db.schema.createIndex('rate_limit_grants_window_start').on('rate_limit_grants').column('window_start').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('rate_limit_grants').execute();
    },
  };
}
