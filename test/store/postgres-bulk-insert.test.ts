/**
 * The PostgreSQL bulk insert of keys (one array per column, `unnest`): what goes in comes
 * back exactly, awkward text and NULLs included, the scope rows with it; a duplicate makes
 * the whole load a conflict that leaves nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../src/store/errors.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { aSecretHash, anApiKeyRecord, anOrganization } from '../helpers/fixtures.js';
import { startPostgres, type RunningPostgres } from '../helpers/postgres.js';

let postgres: RunningPostgres;
let store: KyselyStore;

beforeAll(async () => {
  postgres = await startPostgres();
  store = openPostgresStore({ connectionString: postgres.connectionString });
  await store.migrate();
});

afterAll(async () => {
  await store?.close();
  await postgres?.stop();
});

/** Text that array literals must quote or escape. */
const AWKWARD = ['', 'NULL', 'null', 'a,b', '{braces}', '"quoted"', 'back\\slash', "it's", 'tab\there', 'line\nbreak', 'ünïcødé ✓ 🔑', ' padded '];

describe('PostgreSQL bulk insert of keys', () => {
  it('stores every key and its scopes exactly, over several statements', async () => {
    const org = anOrganization();
    await store.organizations.insert(org);
    const keys = Array.from({ length: 12_345 }, (_, i) =>
      anApiKeyRecord(org, {
        name: AWKWARD[i % AWKWARD.length]!,
        description: i % 3 === 0 ? null : AWKWARD[(i + 1) % AWKWARD.length]!,
        scopes: i % 2 ? ['keys:read'] : ['keys:read', 'audit:read', 'scope,with"odd\\chars'],
        metadata: { note: AWKWARD[(i + 2) % AWKWARD.length]! },
        ipRules: i % 5 === 0 ? [{ action: 'allow', cidr: '10.0.0.0/8' }] : [],
        expiresAt: i % 4 === 0 ? null : 1_750_000_000_000 + i,
        rateLimitPerMinute: i % 7 === 0 ? 100 : null,
        previousSecretHash: i % 11 === 0 ? aSecretHash(`previous-${i}`) : null,
        previousSecretExpiresAt: i % 11 === 0 ? 1_760_000_000_000 : null,
        revokedAt: i % 13 === 0 ? 1_755_000_000_000 : null,
      }),
    );
    await store.keys.insertMany(keys);

    expect(await store.keys.count(org.id)).toBe(keys.length);
    for (const key of keys.filter((_, i) => i % 97 === 0 || i === keys.length - 1)) {
      expect(await store.keys.get(org.id, key.id)).toEqual(key);
    }
    // The scope rows came along: the scope filter and the scope count read them.
    expect(await store.keys.countUsingScope(org.id, 'scope,with"odd\\chars')).toBe(keys.filter((k, i) => i % 2 === 0 && k.revokedAt === null).length);
    // And the hash lookups find keys by either secret.
    const rotated = keys[11]!;
    expect((await store.keys.findBySecretHash(rotated.previousSecretHash!))?.id).toBe(rotated.id);
    expect((await store.keys.findBySecretHash(rotated.secretHash))?.id).toBe(rotated.id);
  });

  it('refuses a load with a taken secret hash as a conflict, and keeps none of it', async () => {
    const org = anOrganization();
    await store.organizations.insert(org);
    const taken = anApiKeyRecord(org);
    await store.keys.insert(taken);
    const load = [...Array.from({ length: 6_000 }, () => anApiKeyRecord(org)), anApiKeyRecord(org, { secretHash: taken.secretHash })];
    await expect(store.keys.insertMany(load)).rejects.toBeInstanceOf(StoreConflictError);
    expect(await store.keys.count(org.id)).toBe(1);
  });

  it('joins the caller\'s transaction: rolled back with it', async () => {
    const org = anOrganization();
    await store.organizations.insert(org);
    await expect(
      store.transaction(async (tx) => {
        await tx.keys.insertMany(Array.from({ length: 10 }, () => anApiKeyRecord(org)));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await store.keys.count(org.id)).toBe(0);
  });
});
