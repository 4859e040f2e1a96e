import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/index.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { aSecretHash, anApiKeyRecord, anOrganization } from '../helpers/fixtures.js';
import { startPostgres, type RunningPostgres } from '../helpers/postgres.js';
import { describeStoreBehaviour } from './store-behaviour.js';

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

let empties = 0;
describeStoreBehaviour(
  'PostgreSQL',
  () => store,
  async () => {
    const name = `empty_${++empties}`;
    await sql`create database ${sql.id(name)}`.execute(store.db);
    const url = new URL(postgres.connectionString);
    url.pathname = `/${name}`;
    return openPostgresStore({ connectionString: url.toString() });
  },
);

describe('PostgreSQL specifics', () => {
  it('runs on a PostgreSQL 15 server whose default collation is not C', async () => {
    const { rows } = await sql<{ version: string; collation: string }>`
      select current_setting('server_version') as version,
             (select coalesce(daticulocale, datcollate) from pg_database where datname = current_database()) as collation
    `.execute(store.db);
    expect(rows[0]!.version).toMatch(/^15\./);
    expect(rows[0]!.collation).not.toBe('C');
  });

  it('returns BIGINT columns and counts as numbers', async () => {
    const org = anOrganization({ createdAt: 1_750_000_000_123 });
    await store.organizations.insert(org);
    const fetched = await store.organizations.get(org.id);
    expect(fetched?.createdAt).toBe(1_750_000_000_123);
    expect(typeof (await store.organizations.count())).toBe('number');
  });

  it('looks keys up by secret hash through the indexes (EXPLAIN)', async () => {
    const org = anOrganization();
    await store.organizations.insert(org);
    await store.keys.insertMany(Array.from({ length: 2_000 }, () => anApiKeyRecord(org)));
    await sql`analyze api_keys`.execute(store.db);
    const plan = async (column: string) =>
      (
        await sql<{ 'QUERY PLAN': string }>`explain select * from api_keys where ${sql.ref(column)} = ${aSecretHash()}`.execute(store.db)
      ).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    expect(await plan('secret_hash')).toMatch(/Index Scan using api_keys_secret_hash/);
    expect(await plan('previous_secret_hash')).toMatch(/Index Scan using api_keys_previous_secret_hash/);
  });

  it('runs the key lookup as a named prepared statement', async () => {
    const single = openPostgresStore({ connectionString: postgres.connectionString, maxConnections: 1 });
    try {
      await single.keys.findBySecretHash(aSecretHash());
      const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(single.db);
      expect(rows.map((r) => r.name)).toContain('keyplane_hot_0');
    } finally {
      await single.close();
    }
  });

  it('lets several stores migrate a fresh database at once', async () => {
    await sql`create database concurrent_migrations`.execute(store.db);
    const url = new URL(postgres.connectionString);
    url.pathname = '/concurrent_migrations';
    const stores = [0, 1, 2].map(() => openPostgresStore({ connectionString: url.toString() }));
    try {
      await Promise.all(stores.map((s) => s.migrate()));
      const org = anOrganization();
      await stores[0]!.organizations.insert(org);
      expect(await stores[1]!.organizations.get(org.id)).toEqual(org);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
