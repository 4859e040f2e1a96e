import { describe, expect, it } from 'vitest';
import { type Store } from '../../../src/store/index.js';
import { BOOTSTRAP_ACTOR, type Actor } from '../../../src/core/types.js';
import { HOUR, T0, anAuditEvent, sortableId } from '../../helpers/fixtures.js';
import { harness, type StoreUnderTest } from './harness.js';

/** The audit trail repository. */
export function describeAudit(store: StoreUnderTest): void {
  const { anOrgIn } = harness(store);
  describe('audit trail', () => {
    it('lists newest first, across pages, with filters', async () => {
      const org = await anOrgIn();
      const key: Actor = { type: 'key', id: sortableId('key'), display: 'CI (nm_acme_…x7Kq)' };
      const member: Actor = { type: 'member', id: sortableId('mem'), display: 'Ada <ada@example.com>' };
      const events = Array.from({ length: 9 }, (_, i) =>
        anAuditEvent(org, {
          occurredAt: T0 + i * HOUR,
          action: i % 3 === 0 ? 'key.revoked' : 'key.created',
          actor: i < 5 ? key : i < 7 ? member : null,
          targetId: `key_${i % 2}`,
          details: { i, nested: { ok: true } },
        }),
      );
      for (const event of events) await store().audit.append(event);
      await store().audit.append(anAuditEvent(await anOrgIn()));

      const newestFirst = [...events].reverse();
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page = await store().audit.list(org.id, {}, { limit: 4, after });
        seen.push(...page.items.map((e) => e.id));
        after = page.nextAfter;
      } while (after !== null);
      expect(seen).toEqual(newestFirst.map((e) => e.id));

      const list = async (filter: Parameters<Store['audit']['list']>[1]) =>
        (await store().audit.list(org.id, filter, { limit: 100 })).items;
      expect(await list({})).toEqual(newestFirst);
      expect((await list({ action: 'key.revoked' })).map((e) => e.details.i)).toEqual([6, 3, 0]);
      expect((await list({ actorId: key.id })).map((e) => e.details.i)).toEqual([4, 3, 2, 1, 0]);
      expect((await list({ actorId: member.id })).map((e) => e.details.i)).toEqual([6, 5]);
      expect((await list({ actorId: member.id, action: 'key.revoked' })).map((e) => e.details.i)).toEqual([6]);
      expect(await list({ actorId: sortableId('mem') })).toEqual([]);
      expect((await list({ targetId: 'key_1' })).map((e) => e.details.i)).toEqual([7, 5, 3, 1]);
      expect((await list({ since: T0 + 2 * HOUR, until: T0 + 5 * HOUR })).map((e) => e.details.i)).toEqual([4, 3, 2]);
      expect((await list({ action: 'key.created', since: T0 + 4 * HOUR })).map((e) => e.details.i)).toEqual([8, 7, 5, 4]);
    });

    it('records the actor, key, member, system or none, and keeps actor_key_id for key actors', async () => {
      const org = await anOrgIn();
      const actors: Array<Actor | null> = [
        { type: 'key', id: sortableId('key'), display: 'CRM Sync (nm_acme_…x7Kq)' },
        { type: 'member', id: sortableId('mem'), display: 'Ada Lovelace <Ada@Example.com>' },
        { ...BOOTSTRAP_ACTOR },
        null,
      ];
      const events = actors.map((actor) => anAuditEvent(org, { actor }));
      await store().audit.appendMany(events.slice(0, 2));
      for (const event of events.slice(2)) await store().audit.append(event);
      expect((await store().audit.list(org.id, {}, { limit: 10 })).items).toEqual([...events].reverse());
      for (const actor of actors) {
        if (actor === null) continue;
        expect((await store().audit.list(org.id, { actorId: actor.id }, { limit: 10 })).items.map((e) => e.actor)).toEqual([actor]);
      }
      // Readers of the columns before 0002 still find key actors, and only them.
      const rows = await store()
        .db.selectFrom('audit_events')
        .select(['id', 'actor_key_id'])
        .where('organization_id', '=', org.id)
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.actor_key_id)).toEqual([actors[0]!.id, null, null, null]);
    });

    it('appends a batch in one go, and a batch with a clashing id writes nothing', async () => {
      const org = await anOrgIn();
      const batch = Array.from({ length: 1_200 }, (_, i) => anAuditEvent(i % 2 ? org : null, { action: 'auth.refused', details: { i } }));
      await store().audit.appendMany(batch);
      expect((await store().audit.list(org.id, {}, { limit: 1_000 })).items).toHaveLength(600);
      await store().audit.appendMany([]);

      const other = await anOrgIn();
      const clashing = [anAuditEvent(other), { ...batch[1]!, organizationId: other.id }];
      await expect(store().audit.appendMany(clashing)).rejects.toThrow();
      expect((await store().audit.list(other.id, {}, { limit: 10 })).items).toEqual([]);
    });

    it('keeps events without an organization apart', async () => {
      const event = anAuditEvent(null, { action: 'auth.refused', targetType: null, details: { code: 'NOT_FOUND' } });
      await store().audit.append(event);
      const page = await store().audit.list(null, { action: 'auth.refused' }, { limit: 1000 });
      expect(page.items).toContainEqual(event);
      expect(page.items.every((e) => e.organizationId === null)).toBe(true);
    });
  });
}
