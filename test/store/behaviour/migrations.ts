import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_ACTOR, type Actor } from '../../../src/core/types.js';
import { MIGRATION_TABLE } from '../../../src/store/migrations/index.js';
import { DAY, T0, aMemberRecord, aSecretHash, aSessionRecord, anActor, anOrganization, sortableId } from '../../helpers/fixtures.js';
import type { OpenEmptyStore, StoreUnderTest } from './harness.js';

/** Migrations and health checks. */
export function describeMigrations(store: StoreUnderTest, openEmpty: OpenEmptyStore): void {
  describe('migrations and health', () => {
    it('applies each migration once, however often migrate() runs', async () => {
      await store().migrate();
      await store().migrate();
      const { rows } = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(store().db);
      expect(rows.map((r) => r.name)).toEqual(['0001-initial', '0002-people', '0003-rate-limit-grants']);
    });

    it('answers ping', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });

    it('0002-people gives rows written under 0001 their actors, display names and session policy', async () => {
      const fresh = await openEmpty();
      try {
        await fresh.migrateTo('0001-initial');
        // The columns of 0001 only: what a database of the first release holds.
        const db = fresh.db as unknown as Kysely<any>;
        const org = { id: sortableId('org'), slug: 'acme', name: 'Acme' };
        await db
          .insertInto('organizations')
          .values({
            ...org, plan: 'team', rate_limit_per_minute: null, is_operator: 0, default_ttl_seconds: null,
            max_ttl_seconds: null, issuer_prefix: 'nm', tag_style: 'organization', environment_tag: null,
            created_at: T0, updated_at: T0,
          })
          .execute();
        const key = (name: string, hint: string, createdBy: string) => ({
          id: sortableId('key'), organization_id: org.id, name, description: null, scopes: '["admin"]',
          expires_at: null, not_before: null, ip_rules: '[]', metadata: '{}', hint, secret_hash: aSecretHash(),
          previous_secret_hash: null, previous_secret_expires_at: null, rate_limit_per_minute: null,
          created_at: T0, created_by: createdBy, updated_at: T0, last_used_at: null, revoked_at: null, rotated_at: null,
        });
        const admin = key('Admin', 'nm_acme_…AAAA', 'bootstrap');
        const ci = key('CI', 'nm_acme_…BBBB', admin.id);
        const orphan = key('Orphan', 'nm_acme_…CCCC', 'key_01GONE');
        await db.insertInto('api_keys').values([admin, ci, orphan]).execute();
        await db
          .insertInto('api_key_scopes')
          .values([admin, ci, orphan].map((k) => ({ key_id: k.id, organization_id: org.id, scope: 'admin' })))
          .execute();
        const event = (actorKeyId: string | null, action: string) => ({
          id: sortableId('evt'), organization_id: org.id, action, actor_key_id: actorKeyId, target_type: 'api_key',
          target_id: ci.id, ip: '203.0.113.7', request_id: sortableId('req'), occurred_at: T0, details: '{}',
        });
        const events = [
          event(null, 'auth.refused'),
          event(admin.id, 'key.created'),
          event(ci.id, 'key.updated'),
          event('key_01GONE', 'key.revoked'),
        ];
        await db.insertInto('audit_events').values(events).execute();

        await fresh.migrate();

        expect((await fresh.organizations.get(org.id))?.sessionPolicy).toEqual({
          idleTimeoutSeconds: 1800,
          absoluteTimeoutSeconds: 43_200,
        });
        const adminActor: Actor = { type: 'key', id: admin.id, display: 'Admin (nm_acme_…AAAA)' };
        const ciActor: Actor = { type: 'key', id: ci.id, display: 'CI (nm_acme_…BBBB)' };
        const goneActor: Actor = { type: 'key', id: 'key_01GONE', display: 'key_01GONE' };
        const createdBy = async (k: { id: string }) => (await fresh.keys.get(org.id, k.id))?.createdBy;
        expect(await createdBy(admin)).toEqual(BOOTSTRAP_ACTOR);
        expect(await createdBy(ci)).toEqual(adminActor);
        expect(await createdBy(orphan)).toEqual(goneActor);
        expect((await fresh.keys.findBySecretHash(ci.secret_hash))?.createdBy).toEqual(adminActor);

        const trail = (await fresh.audit.list(org.id, {}, { limit: 10 })).items;
        expect(trail.map((e) => [e.action, e.actor])).toEqual([
          ['key.revoked', goneActor],
          ['key.updated', ciActor],
          ['key.created', adminActor],
          ['auth.refused', null],
        ]);
        const byAdmin = await fresh.audit.list(org.id, { actorId: admin.id }, { limit: 10 });
        expect(byAdmin.items.map((e) => e.id)).toEqual([events[1]!.id]);

        // The new tables work on the migrated database.
        const member = aMemberRecord(org, { createdBy: adminActor });
        await fresh.members.insert(member);
        const session = aSessionRecord(member, { expiresAt: T0 + DAY });
        await fresh.sessions.insert(session);
        expect(await fresh.sessions.findByTokenHash(session.tokenHash)).toEqual(session);
        const byMember = { ...(await fresh.keys.get(org.id, ci.id))!, id: sortableId('key'), secretHash: aSecretHash(), createdBy: anActor(member) };
        await fresh.keys.insert(byMember);
        expect(await fresh.keys.get(org.id, byMember.id)).toEqual(byMember);
      } finally {
        await fresh.close();
      }
    });

    it('reverts 0002-people to the schema of 0001, and applies it again', async () => {
      const fresh = await openEmpty();
      try {
        await fresh.migrate();
        await fresh.migrateTo('0001-initial');
        const { rows } = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(fresh.db);
        expect(rows.map((r) => r.name)).toEqual(['0001-initial']);
        await expect(sql`select 1 from members`.execute(fresh.db)).rejects.toThrow();
        await fresh.migrate();
        const org = anOrganization();
        await fresh.organizations.insert(org);
        expect(await fresh.organizations.get(org.id)).toEqual(org);
      } finally {
        await fresh.close();
      }
    });
  });
}
