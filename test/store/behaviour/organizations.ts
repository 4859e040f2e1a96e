import { describe, expect, it } from 'vitest';
import type { Organization } from '../../../src/core/types.js';
import { StoreConflictError } from '../../../src/store/index.js';
import { HOUR, T0, anOrganization } from '../../helpers/fixtures.js';
import { harness, type StoreUnderTest } from './harness.js';

/** The organization repository. */
export function describeOrganizations(store: StoreUnderTest): void {
  const { anOrgIn } = harness(store);
  describe('organizations', () => {
    it('inserts, reads by id and slug, updates and counts', async () => {
      const before = await store().organizations.count();
      const org = await anOrgIn({
        isOperator: true,
        plan: 'enterprise',
        rateLimitPerMinute: 10_000,
        sessionPolicy: { idleTimeoutSeconds: 600, absoluteTimeoutSeconds: 7 * 24 * 3600 },
      });
      expect(await store().organizations.get(org.id)).toEqual(org);
      expect(await store().organizations.getBySlug(org.slug)).toEqual(org);
      expect(await store().organizations.count()).toBe(before + 1);

      const changed: Organization = {
        ...org,
        name: 'Renamed',
        plan: 'business',
        rateLimitPerMinute: null,
        isOperator: false,
        keyPolicy: { ...org.keyPolicy, defaultTtlSeconds: null, maxTtlSeconds: null, tagStyle: 'environment', environmentTag: 'live' },
        sessionPolicy: { idleTimeoutSeconds: 300, absoluteTimeoutSeconds: 3600 },
        updatedAt: T0 + HOUR,
      };
      expect(await store().organizations.update(changed)).toBe(true);
      expect(await store().organizations.get(org.id)).toEqual(changed);
    });

    it('returns null or false for what does not exist', async () => {
      expect(await store().organizations.get('org_missing')).toBeNull();
      expect(await store().organizations.getBySlug('missing')).toBeNull();
      expect(await store().organizations.update(anOrganization())).toBe(false);
    });

    it('refuses a taken slug or id with StoreConflictError', async () => {
      const org = await anOrgIn();
      await expect(store().organizations.insert(anOrganization({ slug: org.slug }))).rejects.toBeInstanceOf(StoreConflictError);
      await expect(store().organizations.insert({ ...org, slug: 'otherslug' + org.slug })).rejects.toBeInstanceOf(StoreConflictError);
    });

    it('lists by id across pages without duplicates or gaps', async () => {
      const all: string[] = [];
      let after: string | null = null;
      do {
        const page = await store().organizations.list({ limit: 3, after });
        all.push(...page.items.map((o) => o.id));
        after = page.nextAfter;
      } while (after !== null);
      expect(all).toEqual([...all].sort());
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBe(await store().organizations.count());
    });
  });
}
