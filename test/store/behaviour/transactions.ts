import { describe, expect, it } from 'vitest';
import {
  aMemberRecord,
  aScope,
  aSessionRecord,
  T0,
  anApiKeyRecord,
  anAuditEvent,
  anIdempotencyRecord,
  anOrganization,
} from '../../helpers/fixtures.js';
import { harness, type StoreUnderTest } from './harness.js';

/** `Store.transaction`: atomicity, nesting, concurrency. */
export function describeTransactions(store: StoreUnderTest): void {
  const { anOrgIn } = harness(store);
  describe('transactions', () => {
    it('commits every write of the work together', async () => {
      const org = anOrganization();
      const key = anApiKeyRecord(org);
      const result = await store().transaction(async (tx) => {
        await tx.organizations.insert(org);
        await tx.keys.insert(key);
        await tx.audit.append(anAuditEvent(org, { targetId: key.id }));
        return 'done';
      });
      expect(result).toBe('done');
      expect(await store().keys.get(org.id, key.id)).toEqual(key);
    });

    it('rolls back every write when the work throws, leaving nothing half-written', async () => {
      const org = anOrganization();
      const key = anApiKeyRecord(org, { scopes: ['rollback-scope'] });
      const event = anAuditEvent(org);
      const member = aMemberRecord(org);
      const session = aSessionRecord(member);
      const failure = new Error('boom');
      await expect(
        store().transaction(async (tx) => {
          await tx.organizations.insert(org);
          await tx.keys.insert(key);
          await tx.keys.insertMany([anApiKeyRecord(org)]);
          await tx.scopes.insert(aScope(org));
          await tx.audit.append(event);
          await tx.idempotency.putIfAbsent(anIdempotencyRecord(org));
          await tx.members.insert(member);
          await tx.sessions.insert(session);
          await tx.members.recordFailedSignIn(org.id, member.id, 5, T0);
          expect(await tx.keys.get(org.id, key.id)).toEqual(key);
          expect(await tx.sessions.findByTokenHash(session.tokenHash)).toEqual(session);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await store().organizations.get(org.id)).toBeNull();
      expect(await store().keys.findBySecretHash(key.secretHash)).toBeNull();
      expect(await store().keys.count(org.id)).toBe(0);
      expect(await store().scopes.list(org.id)).toEqual([]);
      expect((await store().audit.list(org.id, {}, { limit: 10 })).items).toEqual([]);
      expect(await store().members.get(org.id, member.id)).toBeNull();
      expect(await store().sessions.findByTokenHash(session.tokenHash)).toBeNull();
      const scopeRows = await store()
        .db.selectFrom('api_key_scopes')
        .selectAll()
        .where('organization_id', '=', org.id)
        .execute();
      expect(scopeRows).toEqual([]);
    });

    it('joins nested transactions to the open one, and refuses migrate() inside one', async () => {
      const org = anOrganization();
      const key = anApiKeyRecord(org);
      await expect(
        store().transaction(async (tx) => {
          await tx.transaction(async (inner) => inner.organizations.insert(org));
          await tx.transaction(async (inner) => inner.keys.insert(key));
          expect(await tx.keys.get(org.id, key.id)).toEqual(key);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await store().organizations.get(org.id)).toBeNull();
      expect(await store().keys.findBySecretHash(key.secretHash)).toBeNull();
      await expect(store().transaction(async (tx) => tx.migrate())).rejects.toThrow(/inside a transaction/);
    });

    it('runs concurrent transactions without losing writes', async () => {
      const org = await anOrgIn();
      await Promise.all(
        Array.from({ length: 8 }, () =>
          store().transaction(async (tx) => {
            await tx.keys.insert(anApiKeyRecord(org));
            await tx.audit.append(anAuditEvent(org));
          }),
        ),
      );
      expect(await store().keys.count(org.id)).toBe(8);
    });
  });
}
