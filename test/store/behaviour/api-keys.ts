import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_ACTOR, type ApiKeyRecord, type KeyStatus } from '../../../src/core/types.js';
import { StoreConflictError } from '../../../src/store/index.js';
import { DAY, HOUR, T0, aMemberRecord, aSecretHash, anActor, anApiKeyRecord } from '../../helpers/fixtures.js';
import { harness, type StoreUnderTest } from './harness.js';

/** The API key repository: CRUD, lookup by secret hash, filters, pagination, bulk insert. */
export function describeApiKeys(store: StoreUnderTest): void {
  const { anOrgIn, keysIn } = harness(store);
  describe('api keys', () => {
    it('round-trips every field and keeps keys inside their organization', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const key = anApiKeyRecord(org, {
        description: 'nightly export',
        scopes: ['keys:read', 'audit:read'],
        notBefore: T0 - DAY,
        expiresAt: null,
        ipRules: [
          { action: 'allow', cidr: '10.0.0.0/8', note: 'office' },
          { action: 'deny', cidr: '2001:db8::/32' },
        ],
        metadata: { team: 'data', 'cost-center': '42' },
        rateLimitPerMinute: 120,
        lastUsedAt: T0 + 5,
        rotatedAt: T0 + 6,
        previousSecretHash: aSecretHash(),
        previousSecretExpiresAt: T0 + DAY,
      });
      await store().keys.insert(key);
      expect(await store().keys.get(org.id, key.id)).toEqual(key);
      expect(await store().keys.get(other.id, key.id)).toBeNull();
      expect(await store().keys.count(org.id)).toBe(1);
      expect(await store().keys.count(other.id)).toBe(0);
    });

    it('records who created a key, a key, a member or the system, on every path in and out', async () => {
      const org = await anOrgIn();
      const bootstrap = anApiKeyRecord(org, { createdBy: { ...BOOTSTRAP_ACTOR } });
      const byKey = anApiKeyRecord(org, { createdBy: anActor(bootstrap) });
      const byMember = anApiKeyRecord(org, { createdBy: anActor(aMemberRecord(org)) });
      await store().keys.insert(bootstrap);
      await store().keys.insertMany([byKey, byMember]);
      for (const key of [bootstrap, byKey, byMember]) {
        expect((await store().keys.get(org.id, key.id))?.createdBy).toEqual(key.createdBy);
        expect((await store().keys.findBySecretHash(key.secretHash))?.createdBy).toEqual(key.createdBy);
      }
      expect((await store().keys.list(org.id, {}, { limit: 10 }, T0)).items).toEqual([bootstrap, byKey, byMember]);
      expect(byKey.createdBy).toEqual({ type: 'key', id: bootstrap.id, display: `CRM Sync (${bootstrap.hint})` });
      const updated = await store().keys.update(org.id, byMember.id, { name: 'renamed' });
      expect(updated?.createdBy).toEqual(byMember.createdBy);
    });

    it('finds a key by its current or previous secret hash', async () => {
      const org = await anOrgIn();
      const key = anApiKeyRecord(org, { previousSecretHash: aSecretHash(), previousSecretExpiresAt: T0 + HOUR });
      await store().keys.insert(key);
      expect(await store().keys.findBySecretHash(key.secretHash)).toEqual(key);
      expect(await store().keys.findBySecretHash(key.previousSecretHash!)).toEqual(key);
      expect(await store().keys.findBySecretHash(aSecretHash())).toBeNull();
    });

    it('refuses a duplicate secret hash or id with StoreConflictError, writing nothing', async () => {
      const org = await anOrgIn();
      const key = anApiKeyRecord(org);
      await store().keys.insert(key);
      await expect(store().keys.insert(anApiKeyRecord(org, { secretHash: key.secretHash }))).rejects.toBeInstanceOf(StoreConflictError);
      await expect(store().keys.insert({ ...key, secretHash: aSecretHash() })).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store().keys.count(org.id)).toBe(1);
    });

    it('updates only the given fields and keeps the scope filter in sync', async () => {
      const org = await anOrgIn();
      const key = anApiKeyRecord(org, { scopes: ['read'] });
      await store().keys.insert(key);
      const updated = await store().keys.update(org.id, key.id, {
        name: 'renamed',
        scopes: ['write', 'admin', 'write'],
        metadata: { a: 'b' },
        ipRules: [{ action: 'allow', cidr: '192.0.2.1/32', note: null }],
        expiresAt: null,
        updatedAt: T0 + HOUR,
      });
      expect(updated).toEqual({
        ...key,
        name: 'renamed',
        scopes: ['write', 'admin', 'write'],
        metadata: { a: 'b' },
        ipRules: [{ action: 'allow', cidr: '192.0.2.1/32', note: null }],
        expiresAt: null,
        updatedAt: T0 + HOUR,
      });
      const byScope = async (scope: string) =>
        (await store().keys.list(org.id, { scope }, { limit: 10 }, T0)).items.map((k) => k.id);
      expect(await byScope('read')).toEqual([]);
      expect(await byScope('write')).toEqual([key.id]);
      expect(await byScope('admin')).toEqual([key.id]);
      expect(await store().keys.update(org.id, key.id, {})).toEqual(updated);
    });

    it('rotates: the new hash finds the key, and so does the old one', async () => {
      const org = await anOrgIn();
      const key = anApiKeyRecord(org);
      await store().keys.insert(key);
      const newHash = aSecretHash();
      const rotated = await store().keys.update(org.id, key.id, {
        secretHash: newHash,
        hint: 'nm_x_…abcd',
        previousSecretHash: key.secretHash,
        previousSecretExpiresAt: T0 + HOUR,
        rotatedAt: T0 + 1,
      });
      expect(rotated).toMatchObject({ secretHash: newHash, previousSecretHash: key.secretHash, hint: 'nm_x_…abcd', rotatedAt: T0 + 1 });
      expect((await store().keys.findBySecretHash(newHash))?.id).toBe(key.id);
      expect((await store().keys.findBySecretHash(key.secretHash))?.id).toBe(key.id);
    });

    it('never un-revokes: revokedAt is write-once', async () => {
      const org = await anOrgIn();
      const key = anApiKeyRecord(org);
      await store().keys.insert(key);
      expect((await store().keys.update(org.id, key.id, { revokedAt: T0 + 10 }))?.revokedAt).toBe(T0 + 10);
      expect((await store().keys.update(org.id, key.id, { revokedAt: T0 + 99 }))?.revokedAt).toBe(T0 + 10);
      expect((await store().keys.update(org.id, key.id, { revokedAt: null }))?.revokedAt).toBe(T0 + 10);
    });

    it('returns null when updating a key that does not exist or belongs to another organization', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const key = anApiKeyRecord(org);
      await store().keys.insert(key);
      expect(await store().keys.update(other.id, key.id, { name: 'stolen' })).toBeNull();
      expect(await store().keys.update(org.id, 'key_missing', { name: 'x' })).toBeNull();
      expect(await store().keys.update(org.id, 'key_missing', {})).toBeNull();
      expect((await store().keys.get(org.id, key.id))?.name).toBe(key.name);
    });

    it('pages through keys in id order with no duplicates or gaps', async () => {
      const org = await anOrgIn();
      const keys = await keysIn(org, 23);
      for (const limit of [1, 5, 7, 23, 50]) {
        const seen: string[] = [];
        let after: string | null = null;
        let pages = 0;
        do {
          const page = await store().keys.list(org.id, {}, { limit, after }, T0);
          expect(page.items.length).toBeLessThanOrEqual(limit);
          seen.push(...page.items.map((k) => k.id));
          after = page.nextAfter;
          pages++;
        } while (after !== null);
        expect(seen).toEqual(keys.map((k) => k.id));
        expect(pages).toBe(Math.max(1, Math.ceil(23 / limit)));
      }
    });

    it('sorts ids byte by byte, whatever the database collation', async () => {
      const org = await anOrgIn();
      // A locale collation would put 'key_b' between 'key_A' and 'key_C'; ULIDs need bytes.
      const ids = ['key_A', 'key_C', 'key_b', 'key_a-', 'key_a0'];
      await store().keys.insertMany(ids.map((id) => anApiKeyRecord(org, { id: `${org.id}_${id}` })));
      const page = await store().keys.list(org.id, {}, { limit: 10 }, T0);
      const expected = ids.map((id) => `${org.id}_${id}`).sort();
      expect(page.items.map((k) => k.id)).toEqual(expected);
      const second = await store().keys.list(org.id, {}, { limit: 10, after: expected[1]! }, T0);
      expect(second.items.map((k) => k.id)).toEqual(expected.slice(2));
    });

    it('filters by status at the given time', async () => {
      const org = await anOrgIn();
      const now = T0 + 10 * DAY;
      const cases: Array<[string, Partial<ApiKeyRecord>, KeyStatus]> = [
        ['active', { expiresAt: now + 1 }, 'active'],
        ['never expires', { expiresAt: null }, 'active'],
        ['started exactly now', { notBefore: now }, 'active'],
        ['expired exactly now', { expiresAt: now }, 'expired'],
        ['expired long ago', { expiresAt: T0 }, 'expired'],
        ['expired, never started', { expiresAt: now - 1, notBefore: now + DAY }, 'expired'],
        ['not yet valid', { notBefore: now + 1 }, 'not_yet_valid'],
        ['not yet valid, never expires', { notBefore: now + 1, expiresAt: null }, 'not_yet_valid'],
        ['revoked', { revokedAt: T0 }, 'revoked'],
        ['revoked and expired', { revokedAt: T0, expiresAt: T0 }, 'revoked'],
        ['revoked before start', { revokedAt: T0, notBefore: now + DAY }, 'revoked'],
      ];
      const keys = cases.map(([name, overrides]) => anApiKeyRecord(org, { name, ...overrides }));
      await store().keys.insertMany(keys);
      for (const status of ['active', 'expired', 'not_yet_valid', 'revoked'] as const) {
        const page = await store().keys.list(org.id, { status }, { limit: 100 }, now);
        const expected = cases.filter(([, , s]) => s === status).map(([name]) => name);
        expect(page.items.map((k) => k.name), status).toEqual(expected);
      }
    });

    it('filters by scope, and counts unrevoked keys using a scope', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const [a, b, c, d] = await keysIn(org, 4, (i) => [
        { scopes: ['read', 'write'] },
        { scopes: ['read'] },
        { scopes: ['write'], expiresAt: T0 },
        { scopes: ['write'], revokedAt: T0 },
      ][i]!);
      await keysIn(other, 2, () => ({ scopes: ['write'] }));
      const ids = async (scope: string) =>
        (await store().keys.list(org.id, { scope }, { limit: 10 }, T0)).items.map((k) => k.id);
      expect(await ids('write')).toEqual([a!.id, c!.id, d!.id]);
      expect(await ids('read')).toEqual([a!.id, b!.id]);
      expect(await ids('admin')).toEqual([]);
      expect(await store().keys.countUsingScope(org.id, 'write')).toBe(2);
      expect(await store().keys.countUsingScope(org.id, 'read')).toBe(2);
      expect(await store().keys.countUsingScope(org.id, 'admin')).toBe(0);
      expect(await store().keys.countUsingScope(other.id, 'write')).toBe(2);
      expect(await store().keys.list(org.id, { scope: 'write', status: 'revoked' }, { limit: 10 }, T0)).toEqual({ items: [d], nextAfter: null });
    });

    it('filters by name case-insensitively, with % _ and \\ taken literally', async () => {
      const org = await anOrgIn();
      const names = ['100% Sync', '100 Sync', 'a_b', 'axb', 'CRM Sync', 'back\\slash', 'backslash'];
      await keysIn(org, names.length, (i) => ({ name: names[i]! }));
      const find = async (text: string) =>
        (await store().keys.list(org.id, { nameContains: text }, { limit: 10 }, T0)).items.map((k) => k.name);
      expect(await find('%')).toEqual(['100% Sync']);
      expect(await find('0% s')).toEqual(['100% Sync']);
      expect(await find('_')).toEqual(['a_b']);
      expect(await find('crm')).toEqual(['CRM Sync']);
      expect(await find('SYNC')).toEqual(['100% Sync', '100 Sync', 'CRM Sync']);
      expect(await find('\\')).toEqual(['back\\slash']);
      expect(await find('nothing')).toEqual([]);
    });

    it('filters by ids: only those of the organization, in id order, none for an empty list', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const keys = await keysIn(org, 5, () => ({}));
      const [elsewhere] = await keysIn(other, 1, () => ({}));
      const find = async (ids: string[]) => (await store().keys.list(org.id, { ids }, { limit: 10 }, T0)).items.map((k) => k.id);
      expect(await find([keys[3]!.id, keys[0]!.id, elsewhere!.id])).toEqual([keys[0]!.id, keys[3]!.id]);
      expect(await find([])).toEqual([]);
    });

    it('combines filters with pagination', async () => {
      const org = await anOrgIn();
      const keys = await keysIn(org, 30, (i) => ({
        name: i % 2 === 0 ? `Even ${i}` : `Odd ${i}`,
        scopes: i % 3 === 0 ? ['export'] : ['read'],
        revokedAt: i === 6 ? T0 : null,
      }));
      const wanted = keys.filter((_, i) => i % 2 === 0 && i % 3 === 0 && i !== 6).map((k) => k.id);
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page = await store().keys.list(org.id, { nameContains: 'even', scope: 'export', status: 'active' }, { limit: 1, after }, T0);
        seen.push(...page.items.map((k) => k.id));
        after = page.nextAfter;
      } while (after !== null);
      expect(seen).toEqual(wanted);
    });

    it('bulk-inserts many keys with their scopes, atomically', async () => {
      const org = await anOrgIn();
      const keys = await keysIn(org, 2_345, (i) => ({ scopes: i % 2 ? ['read'] : ['read', 'write'] }));
      expect(await store().keys.count(org.id)).toBe(2_345);
      expect(await store().keys.countUsingScope(org.id, 'write')).toBe(1_173);
      expect(await store().keys.findBySecretHash(keys[2_000]!.secretHash)).toEqual(keys[2_000]);

      const clash = await anOrgIn();
      const batch = Array.from({ length: 1_200 }, () => anApiKeyRecord(clash));
      batch.push(anApiKeyRecord(clash, { secretHash: keys[0]!.secretHash }));
      await expect(store().keys.insertMany(batch)).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store().keys.count(clash.id)).toBe(0);
      await store().keys.insertMany([]);
    });

    it('records last use in batches, only ever moving forward', async () => {
      const org = await anOrgIn();
      const [a, b, c] = await keysIn(org, 3, (i) => ({ lastUsedAt: i === 2 ? T0 + 500 : null }));
      await store().keys.touchLastUsed([
        { id: a!.id, at: T0 + 100 },
        { id: b!.id, at: T0 + 200 },
        { id: a!.id, at: T0 + 150 },
        { id: c!.id, at: T0 + 300 },
        { id: 'key_unknown', at: T0 },
      ]);
      const lastUsed = async () =>
        Promise.all([a, b, c].map(async (k) => (await store().keys.get(org.id, k!.id))?.lastUsedAt));
      expect(await lastUsed()).toEqual([T0 + 150, T0 + 200, T0 + 500]);
      await store().keys.touchLastUsed([{ id: b!.id, at: T0 + 100 }]);
      await store().keys.touchLastUsed([]);
      expect(await lastUsed()).toEqual([T0 + 150, T0 + 200, T0 + 500]);
      const many = await keysIn(org, 1_100);
      await store().keys.touchLastUsed(many.map((k, i) => ({ id: k.id, at: T0 + i })));
      expect((await store().keys.get(org.id, many[1_099]!.id))?.lastUsedAt).toBe(T0 + 1_099);
    });
  });
}
