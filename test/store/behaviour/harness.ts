import type { ApiKeyRecord, MemberRecord, Organization, SessionRecord } from '../../../src/core/types.js';
import type { KyselyStore } from '../../../src/store/kysely-store.js';
import { aMemberRecord, aSessionRecord, anApiKeyRecord, anOrganization } from '../../helpers/fixtures.js';

/** Returns the migrated store the engine's test file opened in `beforeAll`. */
export type StoreUnderTest = () => KyselyStore;

/** Opens a store on a new, empty database of the same engine, not migrated; the caller closes it. */
export type OpenEmptyStore = () => Promise<KyselyStore>;

/** Small steps the behaviour suites share: each test makes its own organization, keys, members. */
export function harness(store: StoreUnderTest) {
  return {
    async anOrgIn(overrides: Partial<Organization> = {}): Promise<Organization> {
      const org = anOrganization(overrides);
      await store().organizations.insert(org);
      return org;
    },

    async keysIn(
      org: Organization,
      count: number,
      overrides: (i: number) => Partial<ApiKeyRecord> = () => ({}),
    ): Promise<ApiKeyRecord[]> {
      const keys = Array.from({ length: count }, (_, i) => anApiKeyRecord(org, overrides(i)));
      await store().keys.insertMany(keys);
      return keys;
    },

    async aMemberIn(org: Organization, overrides: Partial<MemberRecord> = {}): Promise<MemberRecord> {
      const member = aMemberRecord(org, overrides);
      await store().members.insert(member);
      return member;
    },

    async aSessionOf(member: MemberRecord, overrides: Partial<SessionRecord> = {}): Promise<SessionRecord> {
      const session = aSessionRecord(member, overrides);
      await store().sessions.insert(session);
      return session;
    },
  };
}
