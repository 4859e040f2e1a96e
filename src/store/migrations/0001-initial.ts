import type { Kysely, Migration } from 'kysely';
import type { DialectSpecifics } from '../dialect.js';

/** Tables, keys and indexes of the first release. */
export function initialMigration(dialect: DialectSpecifics): Migration {
  const id = dialect.idType;
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('organizations')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('rate_limit_per_minute', 'integer')
        .addColumn('is_operator', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('default_ttl_seconds', 'bigint')
        .addColumn('max_ttl_seconds', 'bigint')
        .addColumn('issuer_prefix', 'text', (c) => c.notNull())
        .addColumn('tag_style', 'text', (c) => c.notNull())
        .addColumn('environment_tag', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('organization_id', id, (c) => c.notNull().references('organizations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .addColumn('not_before', 'bigint')
        .addColumn('ip_rules', 'text', (c) => c.notNull())
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('hint', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('previous_secret_hash', 'text')
        .addColumn('previous_secret_expires_at', 'bigint')
        .addColumn('rate_limit_per_minute', 'integer')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('last_used_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .addColumn('rotated_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('api_keys_secret_hash')
        .on('api_keys')
        .column('secret_hash')
        .unique()
        .execute();
      // Partial: almost every key has no previous secret, so the index stays small and bulk
      // inserts skip it. `previous_secret_hash = ?` implies NOT NULL, so both planners use it.
      await db.schema
        .createIndex('api_keys_previous_secret_hash')
        .on('api_keys')
        .column('previous_secret_hash')
        .where('previous_secret_hash', 'is not', null)
        .execute();
      await db.schema
        .createIndex('api_keys_organization_id_id')
        .on('api_keys')
        .columns(['organization_id', 'id'])
        .execute();

      await dialect
        .keyOnlyTable(
          db.schema
            .createTable('api_key_scopes')
            .addColumn('key_id', id, (c) => c.notNull().references('api_keys.id').onDelete('cascade'))
            .addColumn('organization_id', id, (c) => c.notNull())
            .addColumn('scope', id, (c) => c.notNull())
            .addPrimaryKeyConstraint('api_key_scopes_pk', ['key_id', 'scope']),
        )
        .execute();
      await db.schema
        .createIndex('api_key_scopes_organization_id_scope')
        .on('api_key_scopes')
        .columns(['organization_id', 'scope', 'key_id'])
        .execute();

      await db.schema
        .createTable('scopes')
        .addColumn('organization_id', id, (c) => c.notNull().references('organizations.id'))
        .addColumn('name', id, (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('includes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('scopes_pk', ['organization_id', 'name'])
        .execute();

      // No foreign key to organizations: the audit trail is append-only and must accept
      // every event, including refused authentications that name no organization.
      await db.schema
        .createTable('audit_events')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('organization_id', id)
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('actor_key_id', 'text')
        .addColumn('target_type', 'text')
        .addColumn('target_id', 'text')
        .addColumn('ip', 'text')
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'bigint', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_events_organization_id_id')
        .on('audit_events')
        .columns(['organization_id', 'id'])
        .execute();

      await db.schema
        .createTable('idempotency_records')
        .addColumn('organization_id', id, (c) => c.notNull().references('organizations.id'))
        .addColumn('caller_key_id', id, (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('request_fingerprint', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer', (c) => c.notNull())
        .addColumn('response_ciphertext', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_records_pk', [
          'organization_id',
          'caller_key_id',
          'idempotency_key',
        ])
        .execute();
      await db.schema
        .createIndex('idempotency_records_expires_at')
        .on('idempotency_records')
        .column('expires_at')
        .execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      for (const table of [
        'idempotency_records',
        'audit_events',
        'scopes',
        'api_key_scopes',
        'api_keys',
        'organizations',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
