import type { ApiKeyRecord, Organization } from '../../../src/core/types.js';
import type { KyselyStore } from '../../../src/store/kysely-store.js';
import { anApiKeyRecord, anOrganization } from '../../helpers/fixtures.js';

/** Returns the migrated store the engine's test file opened in `beforeAll`. */
export type StoreUnderTest = () => KyselyStore;

/** Small steps the behaviour suites share: each test makes its own organization and keys. */
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
  };
}
