import { describe, expect, it } from 'vitest';
import { DAY, HOUR, T0, anIdempotencyRecord, sortableId } from '../../helpers/fixtures.js';
import { harness, type StoreUnderTest } from './harness.js';

/** The idempotency record repository. */
export function describeIdempotency(store: StoreUnderTest): void {
  const { anOrgIn } = harness(store);
  describe('idempotency records', () => {
    it('inserts once; a second put with the same identity conflicts', async () => {
      const org = await anOrgIn();
      const record = anIdempotencyRecord(org);
      expect(await store().idempotency.putIfAbsent(record)).toBe(true);
      expect(await store().idempotency.putIfAbsent({ ...record, requestFingerprint: 'other', statusCode: 500 })).toBe(false);
      expect(await store().idempotency.get(org.id, record.callerKeyId, record.idempotencyKey)).toEqual(record);
      expect(await store().idempotency.get(org.id, record.callerKeyId, 'other-key')).toBeNull();
      // Another caller key or organization may use the same Idempotency-Key.
      expect(await store().idempotency.putIfAbsent({ ...record, callerKeyId: sortableId('key') })).toBe(true);
    });

    it('replaces a record that had expired', async () => {
      const org = await anOrgIn();
      const old = anIdempotencyRecord(org, { createdAt: T0, expiresAt: T0 + HOUR });
      await store().idempotency.putIfAbsent(old);
      const fresh = { ...old, requestFingerprint: 'new', createdAt: T0 + HOUR, expiresAt: T0 + 2 * HOUR };
      expect(await store().idempotency.putIfAbsent(fresh)).toBe(true);
      expect(await store().idempotency.get(org.id, old.callerKeyId, old.idempotencyKey)).toEqual(fresh);
    });

    it('completes a claimed record only for the same request, and deletes', async () => {
      const org = await anOrgIn();
      const claimed = anIdempotencyRecord(org, { statusCode: 0, responseCiphertext: '' });
      await store().idempotency.putIfAbsent(claimed);
      const done = { ...claimed, statusCode: 201, responseCiphertext: 'c2VhbGVk', expiresAt: T0 + 2 * DAY };
      expect(await store().idempotency.complete({ ...done, requestFingerprint: 'someone else' })).toBe(false);
      expect(await store().idempotency.complete(done)).toBe(true);
      expect(await store().idempotency.get(org.id, claimed.callerKeyId, claimed.idempotencyKey)).toEqual(done);
      expect(await store().idempotency.delete(org.id, claimed.callerKeyId, claimed.idempotencyKey)).toBe(true);
      expect(await store().idempotency.delete(org.id, claimed.callerKeyId, claimed.idempotencyKey)).toBe(false);
      expect(await store().idempotency.complete(done)).toBe(false);
    });

    it('deletes expired records only', async () => {
      const org = await anOrgIn();
      const far = T0 + 1000 * DAY;
      const expired = [anIdempotencyRecord(org, { expiresAt: far }), anIdempotencyRecord(org, { expiresAt: far + 1 })];
      const kept = anIdempotencyRecord(org, { expiresAt: far + 2 });
      for (const r of [...expired, kept]) await store().idempotency.putIfAbsent(r);
      await store().idempotency.deleteExpired(far - 1); // whatever other tests left behind
      expect(await store().idempotency.deleteExpired(far + 1)).toBe(2);
      expect(await store().idempotency.get(org.id, kept.callerKeyId, kept.idempotencyKey)).toEqual(kept);
    });
  });
}
