import { describe, expect, it } from 'vitest';
import type { MemberRecord } from '../../../src/core/types.js';
import { StoreConflictError } from '../../../src/store/index.js';
import { DAY, HOUR, T0, aMemberRecord, aSecretHash, anActor, anApiKeyRecord, sortableId } from '../../helpers/fixtures.js';
import { harness, type StoreUnderTest } from './harness.js';

/** The member repository: CRUD, e-mail and invitation look-ups, the failed sign-in count. */
export function describeMembers(store: StoreUnderTest): void {
  const { anOrgIn, aMemberIn, aSessionOf } = harness(store);
  describe('members', () => {
    it('round-trips every field and keeps members inside their organization', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const member = aMemberRecord(org, {
        email: 'Grace.Hopper@Example.com',
        displayName: 'Grace Hopper',
        scopes: ['keys:write', 'members:read'],
        status: 'invited',
        passwordHash: null,
        failedSignIns: 2,
        lockedAt: T0 + 1,
        invitationHash: aSecretHash(),
        invitationExpiresAt: T0 + 7 * DAY,
        invitationPurpose: 'invitation',
        createdBy: anActor(anApiKeyRecord(org)),
        updatedAt: T0 + 2,
        lastSignInAt: T0 + 3,
      });
      await store().members.insert(member);
      expect(await store().members.get(org.id, member.id)).toEqual(member);
      expect(await store().members.get(other.id, member.id)).toBeNull();
      expect(await store().members.get(org.id, sortableId('mem'))).toBeNull();

      const byMember = aMemberRecord(org, { createdBy: anActor(member), email: null, displayName: null });
      await store().members.insert(byMember);
      expect(await store().members.get(org.id, byMember.id)).toEqual(byMember);
    });

    it('finds a member by e-mail ignoring case, within the organization only', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const member = await aMemberIn(org, { email: 'Ada.Lovelace@Example.COM' });
      const elise = await aMemberIn(org, { email: 'Élise@exemple.fr' });
      expect(await store().members.getByEmail(org.id, 'ada.lovelace@example.com')).toEqual(member);
      expect(await store().members.getByEmail(org.id, 'ADA.LOVELACE@EXAMPLE.COM')).toEqual(member);
      expect(await store().members.getByEmail(org.id, 'élise@EXEMPLE.fr')).toEqual(elise);
      expect(await store().members.getByEmail(other.id, 'ada.lovelace@example.com')).toBeNull();
      expect(await store().members.getByEmail(org.id, 'ada@example.com')).toBeNull();
    });

    it('refuses an e-mail taken in the organization, ignoring case, on insert and update', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const taken = await aMemberIn(org, { email: 'ops@example.com' });
      await expect(store().members.insert(aMemberRecord(org, { email: 'OPS@Example.com' }))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      await expect(store().members.insert({ ...aMemberRecord(org), id: taken.id })).rejects.toBeInstanceOf(StoreConflictError);
      const second = await aMemberIn(org, { email: 'dev@example.com' });
      await expect(store().members.update(org.id, second.id, { email: 'Ops@example.com' })).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect(await store().members.get(org.id, second.id)).toEqual(second);
      // Another organization may have a member with the same address.
      await aMemberIn(other, { email: 'ops@example.com' });
      // Changing the case of one's own address is not a conflict.
      expect((await store().members.update(org.id, taken.id, { email: 'Ops@Example.com' }))?.email).toBe('Ops@Example.com');
    });

    it('allows any number of members without an e-mail', async () => {
      const org = await anOrgIn();
      const a = await aMemberIn(org, { email: null, status: 'invited' });
      const b = await aMemberIn(org, { email: null, status: 'invited' });
      const c = await aMemberIn(org);
      expect(await store().members.update(org.id, c.id, { email: null })).toEqual({ ...c, email: null });
      const listed = await store().members.list(org.id, {}, { limit: 10 });
      expect(listed.items.map((m) => m.id)).toEqual([a.id, b.id, c.id]);
    });

    it('finds a member by invitation hash, which is unique while set', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const hash = aSecretHash();
      const invited = await aMemberIn(org, {
        status: 'invited',
        invitationHash: hash,
        invitationExpiresAt: T0 + DAY,
        invitationPurpose: 'invitation',
      });
      expect(await store().members.findByInvitationHash(hash)).toEqual(invited);
      expect(await store().members.findByInvitationHash(aSecretHash())).toBeNull();
      await expect(store().members.insert(aMemberRecord(other, { invitationHash: hash }))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      const reset = await aMemberIn(org);
      await expect(store().members.update(org.id, reset.id, { invitationHash: hash })).rejects.toBeInstanceOf(
        StoreConflictError,
      );

      const joined = await store().members.update(org.id, invited.id, {
        status: 'active',
        invitationHash: null,
        invitationExpiresAt: null,
        invitationPurpose: null,
        passwordHash: 'scrypt$new',
        updatedAt: T0 + HOUR,
      });
      expect(joined).toEqual({
        ...invited,
        status: 'active',
        invitationHash: null,
        invitationExpiresAt: null,
        invitationPurpose: null,
        passwordHash: 'scrypt$new',
        updatedAt: T0 + HOUR,
      });
      expect(await store().members.findByInvitationHash(hash)).toBeNull();
      const again = await store().members.update(org.id, reset.id, {
        invitationHash: hash,
        invitationExpiresAt: T0 + 2 * HOUR,
        invitationPurpose: 'password_reset',
      });
      expect(await store().members.findByInvitationHash(hash)).toEqual(again);
    });

    it('lists oldest first across pages, filtered by status', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const statuses = ['active', 'invited', 'active', 'suspended', 'active', 'invited', 'active'] as const;
      const members: MemberRecord[] = [];
      for (const status of statuses) members.push(await aMemberIn(org, { status }));
      await aMemberIn(other);
      for (const limit of [1, 2, 3, 7, 10]) {
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const page = await store().members.list(org.id, {}, { limit, after });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          seen.push(...page.items.map((m) => m.id));
          after = page.nextAfter;
        } while (after !== null);
        expect(seen).toEqual(members.map((m) => m.id));
      }
      const active = await store().members.list(org.id, { status: 'active' }, { limit: 3 });
      expect(active.items).toEqual([members[0], members[2], members[4]]);
      expect((await store().members.list(org.id, { status: 'active' }, { limit: 3, after: active.nextAfter })).items).toEqual([
        members[6],
      ]);
      expect((await store().members.list(org.id, { status: 'suspended' }, { limit: 10 })).items).toEqual([members[3]]);
    });

    it('updates only the given fields; null for a member that does not exist or belongs to another organization', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const member = await aMemberIn(org, { email: 'old@example.com' });
      const updated = await store().members.update(org.id, member.id, {
        email: 'New@Example.com',
        displayName: 'Renamed',
        scopes: ['admin'],
        status: 'suspended',
        failedSignIns: 0,
        lockedAt: null,
        updatedAt: T0 + HOUR,
        lastSignInAt: T0 + 2 * HOUR,
      });
      expect(updated).toEqual({
        ...member,
        email: 'New@Example.com',
        displayName: 'Renamed',
        scopes: ['admin'],
        status: 'suspended',
        updatedAt: T0 + HOUR,
        lastSignInAt: T0 + 2 * HOUR,
      });
      expect(await store().members.getByEmail(org.id, 'new@example.com')).toEqual(updated);
      expect(await store().members.getByEmail(org.id, 'old@example.com')).toBeNull();
      expect(await store().members.update(org.id, member.id, {})).toEqual(updated);
      expect(await store().members.update(other.id, member.id, { displayName: 'stolen' })).toBeNull();
      expect(await store().members.update(org.id, sortableId('mem'), { displayName: 'x' })).toBeNull();
      expect(await store().members.update(org.id, sortableId('mem'), {})).toBeNull();
      expect((await store().members.get(org.id, member.id))?.displayName).toBe('Renamed');
    });

    it('counts failed sign-ins and locks exactly when the count reaches the threshold', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const member = await aMemberIn(org);
      const fail = (at: number) => store().members.recordFailedSignIn(org.id, member.id, 3, at);
      expect(await fail(T0 + 1)).toEqual({ ...member, failedSignIns: 1, lockedAt: null });
      expect(await fail(T0 + 2)).toEqual({ ...member, failedSignIns: 2, lockedAt: null });
      expect(await fail(T0 + 3)).toEqual({ ...member, failedSignIns: 3, lockedAt: T0 + 3 });
      // Locked once: later failures count, but keep the time it was locked.
      expect(await fail(T0 + 4)).toEqual({ ...member, failedSignIns: 4, lockedAt: T0 + 3 });
      // A lower threshold than the count (the policy changed) locks at the next failure.
      const unlocked = await store().members.update(org.id, member.id, { lockedAt: null });
      expect(unlocked?.failedSignIns).toBe(4);
      expect(await fail(T0 + 5)).toEqual({ ...member, failedSignIns: 5, lockedAt: T0 + 5 });

      expect(await store().members.recordFailedSignIn(other.id, member.id, 3, T0)).toBeNull();
      expect(await store().members.recordFailedSignIn(org.id, sortableId('mem'), 3, T0)).toBeNull();
      expect((await store().members.get(org.id, member.id))?.failedSignIns).toBe(5);
    });

    it('counts concurrent failed sign-ins without losing any, each caller seeing its own count', async () => {
      const org = await anOrgIn();
      const member = await aMemberIn(org);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store().members.recordFailedSignIn(org.id, member.id, 5, T0 + i)),
      );
      const final = await store().members.get(org.id, member.id);
      expect(final?.failedSignIns).toBe(20);
      expect(results.map((r) => r!.failedSignIns).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      // The lock time is the time of the failure that reached the threshold.
      const locking = results.findIndex((r) => r!.failedSignIns === 5);
      expect(final?.lockedAt).toBe(T0 + locking);
      expect(results.filter((r) => r!.lockedAt === null)).toHaveLength(4);
    });

    it('deletes a member with their sessions', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const member = await aMemberIn(org);
      const colleague = await aMemberIn(org);
      const sessions = [await aSessionOf(member), await aSessionOf(member)];
      const kept = await aSessionOf(colleague);

      expect(await store().members.delete(other.id, member.id)).toBe(false);
      expect(await store().members.delete(org.id, member.id)).toBe(true);
      expect(await store().members.delete(org.id, member.id)).toBe(false);
      expect(await store().members.get(org.id, member.id)).toBeNull();
      for (const session of sessions) expect(await store().sessions.findByTokenHash(session.tokenHash)).toBeNull();
      expect(await store().sessions.listByMember(org.id, member.id)).toEqual([]);
      expect(await store().sessions.findByTokenHash(kept.tokenHash)).toEqual(kept);
      // The address is free again.
      await aMemberIn(org, { email: member.email });
    });
  });
}
