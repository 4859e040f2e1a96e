import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATION_TABLE } from '../../../src/store/migrations/index.js';
import type { StoreUnderTest } from './harness.js';

/** Migrations and health checks. */
export function describeMigrations(store: StoreUnderTest): void {
  describe('migrations and health', () => {
    it('applies each migration once, however often migrate() runs', async () => {
      await store().migrate();
      await store().migrate();
      const { rows } = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(store().db);
      expect(rows.map((r) => r.name)).toEqual(['0001-initial']);
    });

    it('answers ping', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });
  });
}
