import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../../src/store/index.js';
import { DAY, HOUR, MINUTE, T0, aMemberRecord, aSecretHash, aSessionRecord, sortableId } from '../../helpers/fixtures.js';
import { harness, type StoreUnderTest } from './harness.js';

/** The session repository: look-up by token hash, ending sessions, last use, expiry. */
export function describeSessions(store: StoreUnderTest): void {
  const { anOrgIn, aMemberIn, aSessionOf } = harness(store);
  describe('sessions', () => {
    it('round-trips every field, by token hash and by id within the organization', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const member = await aMemberIn(org);
      const session = await aSessionOf(member, { lastSeenAt: T0 + MINUTE, expiresAt: T0 + DAY, ip: '2001:db8::1' });
      const bare = await aSessionOf(member, { ip: null, userAgent: null });
      expect(await store().sessions.findByTokenHash(session.tokenHash)).toEqual(session);
      expect(await store().sessions.findByTokenHash(bare.tokenHash)).toEqual(bare);
      expect(await store().sessions.findByTokenHash(aSecretHash())).toBeNull();
      expect(await store().sessions.get(org.id, session.id)).toEqual(session);
      expect(await store().sessions.get(other.id, session.id)).toBeNull();
      expect(await store().sessions.get(org.id, sortableId('ses'))).toBeNull();
    });

    it('finds an expired session too (the caller decides)', async () => {
      const org = await anOrgIn();
      const session = await aSessionOf(await aMemberIn(org), { expiresAt: T0 - DAY });
      expect(await store().sessions.findByTokenHash(session.tokenHash)).toEqual(session);
    });

    it('refuses a taken token hash or id with StoreConflictError, and a member that does not exist', async () => {
      const org = await anOrgIn();
      const member = await aMemberIn(org);
      const session = await aSessionOf(member);
      await expect(store().sessions.insert(aSessionRecord(member, { tokenHash: session.tokenHash }))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      await expect(store().sessions.insert({ ...session, tokenHash: aSecretHash() })).rejects.toBeInstanceOf(StoreConflictError);
      const missing = store().sessions.insert(aSessionRecord(aMemberRecord(org)));
      await expect(missing).rejects.toThrow();
      await expect(missing).rejects.not.toBeInstanceOf(StoreConflictError);
      expect(await store().sessions.listByMember(org.id, member.id)).toEqual([session]);
    });

    it("lists a member's sessions newest first", async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const member = await aMemberIn(org);
      const colleague = await aMemberIn(org);
      const sessions = [await aSessionOf(member), await aSessionOf(member), await aSessionOf(member)];
      await aSessionOf(colleague);
      expect(await store().sessions.listByMember(org.id, member.id)).toEqual([...sessions].reverse());
      expect(await store().sessions.listByMember(other.id, member.id)).toEqual([]);
      expect(await store().sessions.listByMember(org.id, sortableId('mem'))).toEqual([]);
    });

    it('ends one session', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const member = await aMemberIn(org);
      const [ended, kept] = [await aSessionOf(member), await aSessionOf(member)];
      expect(await store().sessions.delete(other.id, ended.id)).toBe(false);
      expect(await store().sessions.delete(org.id, ended.id)).toBe(true);
      expect(await store().sessions.delete(org.id, ended.id)).toBe(false);
      expect(await store().sessions.findByTokenHash(ended.tokenHash)).toBeNull();
      expect(await store().sessions.listByMember(org.id, member.id)).toEqual([kept]);
    });

    it("ends every session of a member, or all but one, and says which", async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const member = await aMemberIn(org);
      const colleague = await aMemberIn(org);
      const sessions = [await aSessionOf(member), await aSessionOf(member), await aSessionOf(member)];
      const theirs = await aSessionOf(colleague);
      const [a, current, c] = sessions;

      expect(await store().sessions.deleteByMember(other.id, member.id)).toEqual([]);
      const ended = await store().sessions.deleteByMember(org.id, member.id, current!.id);
      expect([...ended].sort()).toEqual([a!.id, c!.id].sort());
      expect(await store().sessions.listByMember(org.id, member.id)).toEqual([current]);
      expect(await store().sessions.deleteByMember(org.id, member.id, current!.id)).toEqual([]);
      expect(await store().sessions.deleteByMember(org.id, member.id)).toEqual([current!.id]);
      expect(await store().sessions.listByMember(org.id, member.id)).toEqual([]);
      expect(await store().sessions.deleteByMember(org.id, member.id)).toEqual([]);
      expect(await store().sessions.listByMember(org.id, colleague.id)).toEqual([theirs]);
    });

    it('records last use in batches, only ever moving forward', async () => {
      const org = await anOrgIn();
      const member = await aMemberIn(org);
      const [a, b, c] = [
        await aSessionOf(member),
        await aSessionOf(member),
        await aSessionOf(member, { lastSeenAt: T0 + 500 }),
      ];
      await store().sessions.touchLastSeen([
        { id: a!.id, at: T0 + 100 },
        { id: b!.id, at: T0 + 200 },
        { id: a!.id, at: T0 + 150 },
        { id: c!.id, at: T0 + 300 },
        { id: sortableId('ses'), at: T0 },
      ]);
      const lastSeen = async () =>
        Promise.all([a, b, c].map(async (s) => (await store().sessions.get(org.id, s!.id))?.lastSeenAt));
      expect(await lastSeen()).toEqual([T0 + 150, T0 + 200, T0 + 500]);
      await store().sessions.touchLastSeen([{ id: b!.id, at: T0 + 100 }]);
      await store().sessions.touchLastSeen([]);
      expect(await lastSeen()).toEqual([T0 + 150, T0 + 200, T0 + 500]);

      // More than one statement's worth.
      const many = Array.from({ length: 1_100 }, () => aSessionRecord(member));
      await store().transaction(async (tx) => {
        for (const session of many) await tx.sessions.insert(session);
      });
      await store().sessions.touchLastSeen(many.map((s, i) => ({ id: s.id, at: T0 + HOUR + i })));
      expect((await store().sessions.get(org.id, many[0]!.id))?.lastSeenAt).toBe(T0 + HOUR);
      expect((await store().sessions.get(org.id, many[1_099]!.id))?.lastSeenAt).toBe(T0 + HOUR + 1_099);
    });

    it('removes sessions past their absolute timeout only', async () => {
      const org = await anOrgIn();
      const member = await aMemberIn(org);
      const far = T0 + 1000 * DAY;
      const expired = [await aSessionOf(member, { expiresAt: far }), await aSessionOf(member, { expiresAt: far + 1 })];
      const kept = await aSessionOf(member, { expiresAt: far + 2 });
      await store().sessions.deleteExpired(far - 1); // whatever other tests left behind
      expect(await store().sessions.deleteExpired(far + 1)).toBe(2);
      for (const session of expired) expect(await store().sessions.findByTokenHash(session.tokenHash)).toBeNull();
      expect(await store().sessions.listByMember(org.id, member.id)).toEqual([kept]);
      expect(await store().sessions.deleteExpired(far + 1)).toBe(0);
    });
  });
}
