import { randomBytes } from 'node:crypto';
import { newMemberId, newOrganizationId } from '../src/core/ids.js';
import { BOOTSTRAP_ACTOR, type ApiKeyRecord, type Organization } from '../src/core/types.js';
import { newKey } from '../src/server/keys/new-key.js';
import { PasswordHasher } from '../src/server/people/password-hasher.js';
import { DEFAULT_KEY_POLICY, DEFAULT_SESSION_POLICY } from '../src/server/organizations/organization-rules.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';

export interface SeededDatabase {
  path: string;
  serverSecret: Buffer;
  /** Secret of a key holding keys:verify, keys:read and keys:write (the "gateway"). */
  gatewaySecret: string;
  /** Secrets of stored keys, spread evenly over the table, to present to verify. */
  sampleSecrets: string[];
  /** Secrets of stored keys that are revoked, for the flood of dead keys. */
  revokedSecrets: string[];
  /** An active member holding admin, to sign in as (organization slug `bench`). */
  member: { email: string; password: string };
}

export const BENCH_MEMBER = { email: 'bench@example.com', password: 'correct horse battery staple' };

/**
 * Writes an organization (Enterprise, 1,000,000 requests a minute so that rate limiting
 * never interferes with the measurement) with `count` keys straight into a SQLite file,
 * through the store's bulk insert.
 */
export async function seedDatabase(path: string, count: number, samples = 1000): Promise<SeededDatabase> {
  const serverSecret = randomBytes(32);
  const store = openSqliteStore({ path });
  await store.migrate();
  const { org, now, make, gatewaySecret, sampleSecrets } = await seedKeys(store, { count, samples, serverSecret, keyLifetimeMs: 30 * 86_400_000 });
  const revokedSecrets: string[] = [];
  for (let i = 0; i < 100; i++) {
    const { key, secret } = make(['read'], `revoked ${i}`);
    await store.keys.insert({ ...key, revokedAt: now });
    revokedSecrets.push(secret);
  }
  await store.members.insert({
    id: newMemberId(now),
    organizationId: org.id,
    email: BENCH_MEMBER.email,
    displayName: 'Bench',
    scopes: ['admin'],
    status: 'active',
    passwordHash: await new PasswordHasher().hash(BENCH_MEMBER.password),
    failedSignIns: 0,
    lockedAt: null,
    invitationHash: null,
    invitationExpiresAt: null,
    invitationPurpose: null,
    createdAt: now,
    createdBy: BOOTSTRAP_ACTOR,
    updatedAt: now,
    lastSignInAt: null,
  });
  await store.close();
  return { path, serverSecret, gatewaySecret, sampleSecrets, revokedSecrets, member: BENCH_MEMBER };
}

/** What {@link seedKeys} wrote, and a maker of more keys of the same organization. */
export interface SeededKeys {
  org: Organization;
  now: number;
  make(scopes: string[], name: string): ReturnType<typeof newKey>;
  gatewaySecret: string;
  sampleSecrets: string[];
}

/**
 * Into a migrated store (SQLite or PostgreSQL): the Enterprise organization `bench`, its scope
 * `read`, the gateway key (admin) and `count` keys holding `read`, through the bulk insert;
 * `samples` of their secrets, spread evenly over the table.
 */
export async function seedKeys(
  store: Store,
  options: { count: number; samples: number; serverSecret: Buffer; keyLifetimeMs: number | null },
): Promise<SeededKeys> {
  const now = Date.now();
  const org: Organization = {
    id: newOrganizationId(now),
    slug: 'bench',
    name: 'Benchmark',
    plan: 'enterprise',
    rateLimitPerMinute: 1_000_000,
    isOperator: true,
    keyPolicy: DEFAULT_KEY_POLICY,
    sessionPolicy: DEFAULT_SESSION_POLICY,
    createdAt: now,
    updatedAt: now,
  };
  await store.organizations.insert(org);
  await store.scopes.insert({ organizationId: org.id, name: 'read', description: null, includes: [], createdAt: now, updatedAt: now });
  const expiresAt = options.keyLifetimeMs === null ? null : now + options.keyLifetimeMs;
  const make = (scopes: string[], name: string) =>
    newKey(
      org,
      { name, description: null, scopes, expiresAt, notBefore: null, ipRules: [], metadata: { purpose: 'benchmark' }, rateLimitPerMinute: null },
      { now, createdBy: BOOTSTRAP_ACTOR, serverSecret: options.serverSecret },
    );

  const gateway = make(['admin'], 'gateway');
  await store.keys.insert(gateway.key);
  const every = Math.max(1, Math.floor(options.count / options.samples));
  const sampleSecrets: string[] = [];
  const batch: ApiKeyRecord[] = [];
  for (let i = 0; i < options.count; i++) {
    const { key, secret } = make(['read'], `key ${i}`);
    if (i % every === 0 && sampleSecrets.length < options.samples) sampleSecrets.push(secret);
    batch.push(key);
    if (batch.length === 10_000) await store.keys.insertMany(batch.splice(0));
  }
  await store.keys.insertMany(batch);
  return { org, now, make, gatewaySecret: gateway.secret, sampleSecrets };
}
