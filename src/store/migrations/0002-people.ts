import { sql, type Kysely, type Migration, type RawBuilder } from 'kysely';
import type { DialectSpecifics } from '../dialect.js';

/**
 * People: organization members, their sessions, a session policy per organization, and a
 * typed actor (key, member or system) on keys and audit events. Rows written before it get
 * their actor from what 0001 kept: `bootstrap` or a key id, named by that key's name and hint.
 */
export function peopleMigration(dialect: DialectSpecifics): Migration {
  const id = dialect.idType;
  return {
    async up(db: Kysely<any>): Promise<void> {
      // One column per ALTER TABLE: SQLite adds only one at a time. It also needs a default
      // for a NOT NULL column it adds, hence the empty display strings filled in just after.
      await db.schema
        .alterTable('organizations')
        .addColumn('session_idle_timeout_seconds', 'integer', (c) => c.notNull().defaultTo(1800))
        .execute();
      await db.schema
        .alterTable('organizations')
        .addColumn('session_absolute_timeout_seconds', 'integer', (c) => c.notNull().defaultTo(43_200))
        .execute();

      await db.schema
        .alterTable('api_keys')
        .addColumn('created_by_type', 'text', (c) => c.notNull().defaultTo('key'))
        .execute();
      await db.schema
        .alterTable('api_keys')
        .addColumn('created_by_display', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await sql`
        update api_keys set created_by_type = 'system', created_by_display = 'bootstrap'
        where created_by = 'bootstrap'
      `.execute(db);
      await sql`
        update api_keys set created_by_display = ${keyDisplay(sql.ref('api_keys.created_by'))}
        where created_by <> 'bootstrap'
      `.execute(db);

      for (const column of ['actor_type', 'actor_id', 'actor_display']) {
        await db.schema
          .alterTable('audit_events')
          .addColumn(column, column === 'actor_id' ? id : 'text')
          .execute();
      }
      // `actor_key_id` stays, filled for key actors, so readers of 0001's columns still work.
      await sql`
        update audit_events
        set actor_type = 'key', actor_id = actor_key_id,
            actor_display = ${keyDisplay(sql.ref('audit_events.actor_key_id'))}
        where actor_key_id is not null
      `.execute(db);
      // Partial: refused authentications, most of the trail in a flood, have no actor.
      // `actor_id = ?` implies NOT NULL, so both planners use it.
      await db.schema
        .createIndex('audit_events_organization_id_actor_id_id')
        .on('audit_events')
        .columns(['organization_id', 'actor_id', 'id'])
        .where('actor_id', 'is not', null)
        .execute();

      await db.schema
        .createTable('members')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('organization_id', id, (c) => c.notNull().references('organizations.id'))
        .addColumn('email', 'text')
        .addColumn('email_lower', 'text')
        .addColumn('display_name', 'text')
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_at', 'bigint')
        .addColumn('invitation_hash', 'text')
        .addColumn('invitation_expires_at', 'bigint')
        .addColumn('invitation_purpose', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by_type', 'text', (c) => c.notNull())
        .addColumn('created_by_id', 'text', (c) => c.notNull())
        .addColumn('created_by_display', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('last_sign_in_at', 'bigint')
        .execute();
      // NULLs are distinct in a unique index on both engines: members without an e-mail
      // (an owner not yet set up) do not collide.
      await db.schema
        .createIndex('members_organization_id_email_lower')
        .on('members')
        .columns(['organization_id', 'email_lower'])
        .unique()
        .execute();
      await db.schema
        .createIndex('members_invitation_hash')
        .on('members')
        .column('invitation_hash')
        .unique()
        .where('invitation_hash', 'is not', null)
        .execute();
      await db.schema
        .createIndex('members_organization_id_id')
        .on('members')
        .columns(['organization_id', 'id'])
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('organization_id', id, (c) => c.notNull())
        .addColumn('member_id', id, (c) => c.notNull().references('members.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema
        .createIndex('sessions_organization_id_member_id')
        .on('sessions')
        .columns(['organization_id', 'member_id'])
        .execute();
      await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('sessions').execute();
      await db.schema.dropTable('members').execute();
      await db.schema.dropIndex('audit_events_organization_id_actor_id_id').execute();
      const dropped: Array<[string, string[]]> = [
        ['audit_events', ['actor_type', 'actor_id', 'actor_display']],
        ['api_keys', ['created_by_type', 'created_by_display']],
        ['organizations', ['session_idle_timeout_seconds', 'session_absolute_timeout_seconds']],
      ];
      for (const [table, columns] of dropped) {
        for (const column of columns) await db.schema.alterTable(table).dropColumn(column).execute();
      }
    },
  };
}

/**
 * How 0002 names a key that acted before actors were recorded: `name (hint)` of the key with
 * id `keyId`, or the id itself when that key is gone.
 */
function keyDisplay(keyId: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`coalesce(
    (select actor_key.name || ' (' || actor_key.hint || ')' from api_keys as actor_key where actor_key.id = ${keyId}),
    ${keyId}
  )`;
}
