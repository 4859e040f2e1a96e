/**
 * Nodes started at the same moment on one empty PostgreSQL database, as `keyplane serve`
 * processes (the way an orchestrator starts a deployment's replicas): the schema is made
 * once, exactly one node bootstraps (one operator organization, one admin key, one banner),
 * and every node serves that key.
 *
 * A start "at once" is made certain rather than hoped for: the test holds the lock the nodes
 * must take, waits until all of them wait on it, then lets go, so they all go through the
 * contested step together.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMigrations } from '../../src/store/migrations/index.js';
import { postgresDialect } from '../../src/store/postgres-store.js';
import { startPostgres, type RunningPostgres } from '../helpers/postgres.js';
import { killAllChildren, newServerSecretHex, sleep, spawnService, type ServiceProcess } from '../helpers/process.js';

const NODES = 3;

/**
 * The advisory lock kysely's migrator holds while it migrates PostgreSQL (LOCK_ID in
 * kysely/dist/esm/dialect/postgres/postgres-adapter.js). If kysely changes it, the wait for
 * the nodes to queue on it below times out and says so.
 */
const KYSELY_MIGRATION_LOCK = '3853314791062309107';

let postgres: RunningPostgres;

beforeAll(async () => {
  postgres = await startPostgres();
});

afterAll(async () => {
  killAllChildren();
  await postgres?.stop();
});

/** Polls until `count` other sessions wait for a lock `describe`d by the query; fails after `timeoutMs`. */
async function waitForWaiters(admin: pg.Client, lockCondition: string, count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let waiting = 0;
  while (Date.now() < deadline) {
    const { rows } = await admin.query(`select count(*)::int as n from pg_locks where not granted and ${lockCondition}`);
    waiting = rows[0].n;
    if (waiting >= count) return;
    await sleep(50);
  }
  throw new Error(`only ${waiting} of ${count} nodes queued on the lock (${lockCondition}) in ${timeoutMs} ms`);
}

/** What one bootstrap leaves in the database, counted. */
async function census(connectionString: string) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const count = async (table: string) => (await client.query(`select count(*)::int as n from ${table}`)).rows[0].n as number;
    const migrations = (await client.query('select name from keyplane_migration order by name')).rows.map((r) => r.name as string);
    return {
      migrations,
      organizations: await count('organizations'),
      keys: await count('api_keys'),
      members: await count('members'),
      auditEvents: await count('audit_events'),
    };
  } finally {
    await client.end();
  }
}

async function expectOneBootstrap(nodes: ServiceProcess[], connectionString: string): Promise<void> {
  const banners = nodes.filter((node) => node.adminKey !== null);
  expect(banners, nodes.map((n) => n.stderr()).join('\n---\n')).toHaveLength(1);
  expect(nodes.filter((node) => node.ownerSetupToken !== null)).toHaveLength(1);
  expect(await census(connectionString)).toEqual({
    migrations: Object.keys(allMigrations(postgresDialect)).sort(),
    organizations: 1,
    keys: 1,
    members: 1,
    auditEvents: 3,
  });
  // The one admin key works on every node, including those that did not make it.
  const adminKey = banners[0]!.adminKey!;
  for (const node of nodes) {
    const response = await fetch(`${node.url}/v1/myself`, { headers: { 'x-api-key': adminKey } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { organization: { slug: string } }).organization.slug).toBe('default');
  }
}

describe(`${NODES} nodes started at once`, () => {
  it('on an empty database: the nodes queue on the migration lock, the schema is made once, one node bootstraps', async () => {
    const connectionString = await postgres.database('empty_at_start');
    const serverSecretHex = newServerSecretHex();
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    let nodes: ServiceProcess[] = [];
    try {
      await admin.query(`select pg_advisory_lock(${KYSELY_MIGRATION_LOCK})`);
      const starting = Promise.all(
        Array.from({ length: NODES }, () => spawnService({ dbPath: connectionString, serverSecretHex, readyTimeoutMs: 90_000 })),
      );
      // Every node has made (or found) the migration tables and now waits to migrate.
      await waitForWaiters(admin, `locktype = 'advisory'`, NODES);
      await admin.query(`select pg_advisory_unlock(${KYSELY_MIGRATION_LOCK})`);
      nodes = await starting;
      await expectOneBootstrap(nodes, connectionString);
    } finally {
      await admin.end();
      await Promise.all(nodes.map((node) => node.stop()));
    }
  });

  it('on a migrated, empty database: every node finds no organization at once, exactly one makes it', async () => {
    const connectionString = await postgres.database('migrated_at_start');
    // Schema only, as a migration job run before the deployment leaves it.
    const { openPostgresStore } = await import('../../src/store/postgres-store.js');
    const store = openPostgresStore({ connectionString });
    await store.migrate();
    await store.close();

    const serverSecretHex = newServerSecretHex();
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    let nodes: ServiceProcess[] = [];
    try {
      // Nobody may read organizations until every node is at its "is the database empty?" question.
      await admin.query('begin');
      await admin.query('lock table organizations in access exclusive mode');
      const starting = Promise.all(
        Array.from({ length: NODES }, () => spawnService({ dbPath: connectionString, serverSecretHex, readyTimeoutMs: 90_000 })),
      );
      await waitForWaiters(admin, `relation = 'organizations'::regclass`, NODES);
      await admin.query('commit');
      nodes = await starting;
      await expectOneBootstrap(nodes, connectionString);
    } finally {
      await admin.end();
      await Promise.all(nodes.map((node) => node.stop()));
    }
  });
});
