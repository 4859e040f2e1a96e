import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../../src/store/index.js';
import { T0, aScope } from '../../helpers/fixtures.js';
import { harness, type StoreUnderTest } from './harness.js';

/** The scope catalog repository. */
export function describeScopes(store: StoreUnderTest): void {
  const { anOrgIn } = harness(store);
  describe('scopes', () => {
    it('inserts, lists by name, updates and deletes within one organization', async () => {
      const org = await anOrgIn();
      const other = await anOrgIn();
      const write = aScope(org, { name: 'write', includes: ['agentic'], description: 'manage' });
      const agentic = aScope(org, { name: 'agentic', includes: ['read'] });
      const read = aScope(org, { name: 'read' });
      for (const scope of [write, agentic, read]) await store().scopes.insert(scope);
      await store().scopes.insert(aScope(other, { name: 'read' }));

      expect(await store().scopes.list(org.id)).toEqual([agentic, read, write]);
      expect(await store().scopes.get(org.id, 'write')).toEqual(write);
      expect(await store().scopes.get(other.id, 'write')).toBeNull();

      const changed = { ...write, description: null, includes: ['agentic', 'read'], updatedAt: T0 + 1 };
      expect(await store().scopes.update(changed)).toBe(true);
      expect(await store().scopes.get(org.id, 'write')).toEqual(changed);
      expect(await store().scopes.update(aScope(org, { name: 'missing' }))).toBe(false);

      expect(await store().scopes.delete(org.id, 'read')).toBe(true);
      expect(await store().scopes.delete(org.id, 'read')).toBe(false);
      expect((await store().scopes.list(org.id)).map((s) => s.name)).toEqual(['agentic', 'write']);
      expect(await store().scopes.get(other.id, 'read')).not.toBeNull();
    });

    it('refuses a duplicate name with StoreConflictError', async () => {
      const org = await anOrgIn();
      await store().scopes.insert(aScope(org, { name: 'read' }));
      await expect(store().scopes.insert(aScope(org, { name: 'read' }))).rejects.toBeInstanceOf(StoreConflictError);
    });
  });
}
