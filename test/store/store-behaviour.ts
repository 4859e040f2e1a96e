/**
 * The behaviour every Store engine must have. Each engine's test file opens a real database
 * and calls {@link describeStoreBehaviour}; nothing in `behaviour/` knows which engine it runs
 * on. Every test makes its own organization, so the tests share one database without
 * interfering.
 */
import { describe } from 'vitest';
import { describeApiKeys } from './behaviour/api-keys.js';
import { describeAudit } from './behaviour/audit.js';
import type { OpenEmptyStore, StoreUnderTest } from './behaviour/harness.js';
import { describeIdempotency } from './behaviour/idempotency.js';
import { describeMembers } from './behaviour/members.js';
import { describeMigrations } from './behaviour/migrations.js';
import { describeOrganizations } from './behaviour/organizations.js';
import { describeScopes } from './behaviour/scopes.js';
import { describeSessions } from './behaviour/sessions.js';
import { describeTransactions } from './behaviour/transactions.js';

/**
 * Registers the shared suite; `store` returns the migrated store opened in `beforeAll`, and
 * `openEmpty` opens another on a fresh database (for tests of migrations on older data).
 */
export function describeStoreBehaviour(engine: string, store: StoreUnderTest, openEmpty: OpenEmptyStore): void {
  describe(`${engine} store`, () => {
    describeMigrations(store, openEmpty);
    describeOrganizations(store);
    describeApiKeys(store);
    describeScopes(store);
    describeAudit(store);
    describeIdempotency(store);
    describeMembers(store);
    describeSessions(store);
    describeTransactions(store);
  });
}
