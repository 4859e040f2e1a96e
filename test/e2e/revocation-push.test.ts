/**
 * Three nodes on one PostgreSQL database, with a cache TTL of a minute: a change made on one
 * node must reach the others by push (LISTEN/NOTIFY), well under a second, not when their
 * caches expire. And when a node's listening connection is killed, it reconnects, drops its
 * caches (announcements may have been lost) and still refuses what was revoked meanwhile.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { CHANGE_CHANNEL } from '../../src/store/postgres-change-feed.js';
import type { Store } from '../../src/store/store.js';
import { setUpOwner } from '../helpers/people.js';
import { startPostgres, type RunningPostgres } from '../helpers/postgres.js';
import { startService, type TestService } from '../helpers/service.js';

/** The promise: every node sees a change within this. */
const BOUND_MS = 1_000;
/** Long enough that only a push can explain a change seen within the bound. */
const CACHE_TTL_MS = 60_000;

describe('changes pushed to every node (PostgreSQL LISTEN/NOTIFY)', () => {
  const serverSecret = randomBytes(32);
  let postgres: RunningPostgres;
  let stores: Store[] = [];
  let nodes: TestService[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    stores = [0, 1, 2].map(() => openPostgresStore({ connectionString: postgres.connectionString }));
    for (const store of stores) nodes.push(await startService({ store, serverSecret, cacheTtlMs: CACHE_TTL_MS }));
  });

  afterAll(async () => {
    for (const node of nodes) await node.close();
    for (const store of stores) await store.close();
    await postgres?.stop();
  });

  const [a, b, c] = [() => nodes[0]!, () => nodes[1]!, () => nodes[2]!];
  const admin = () => a().adminKey;

  /** Polls `check` on a node until it is true; returns how long that took (ms). */
  async function timeUntil(check: () => Promise<boolean>, limitMs: number): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < limitMs) {
      if (await check()) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return Number.POSITIVE_INFINITY;
  }

  const refuses = (node: TestService, secret: string, code: string) => async () =>
    (await node.client(secret).api.GET('/v1/myself')).error?.code === code;

  it('a revocation on one node is refused on the two others within a second, every time (20 revocations)', async () => {
    const worst: number[] = [];
    for (let i = 0; i < 20; i++) {
      const key = unwrap(await a().client(admin()).api.POST('/v1/keys', { body: { name: `pushed ${i}`, scopes: ['keys:read'] } }));
      // B and C now hold the key in their caches, for a minute were nothing pushed.
      for (const node of [b(), c()]) expect((await node.client(key.secret).api.GET('/v1/myself')).response.status).toBe(200);
      unwrap(await a().client(admin()).api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: key.id } }, body: {} }));
      const times = await Promise.all([b(), c()].map((node) => timeUntil(refuses(node, key.secret, 'REVOKED_KEY'), BOUND_MS * 2)));
      worst.push(Math.max(...times));
    }
    expect(Math.max(...worst)).toBeLessThan(BOUND_MS);
  });

  it('a change of scopes reaches the other nodes as fast: the key loses what it no longer holds', async () => {
    const key = unwrap(await a().client(admin()).api.POST('/v1/keys', { body: { name: 'narrowed', scopes: ['keys:read', 'audit:read'] } }));
    expect((await b().client(key.secret).api.GET('/v1/audit-events')).response.status).toBe(200);
    unwrap(await a().client(admin()).api.PATCH('/v1/keys/{key_id}', { params: { path: { key_id: key.id } }, body: { scopes: ['keys:read'] } }));
    const took = await timeUntil(async () => (await b().client(key.secret).api.GET('/v1/audit-events')).response.status === 403, BOUND_MS * 2);
    expect(took).toBeLessThan(BOUND_MS);
  });

  it('a member suspended on one node has their session refused on the others within a second', async () => {
    const owner = await setUpOwner(a());
    const cookie = `${owner.browser.cookieName}=${owner.browser.token}`;
    expect((await b().fetch('/v1/myself', { headers: { cookie } })).status).toBe(200);
    // Another admin (the operator key) suspends the owner on node C.
    unwrap(await c().client(admin()).api.PATCH('/v1/members/{member_id}', { params: { path: { member_id: owner.id } }, body: { status: 'suspended' } }));
    const took = await timeUntil(async () => (await b().fetch('/v1/myself', { headers: { cookie } })).status === 401, BOUND_MS * 2);
    expect(took).toBeLessThan(BOUND_MS);
  });

  it('a node whose listening connection is killed reconnects, drops its caches, and refuses a key revoked meanwhile', async () => {
    const key = unwrap(await a().client(admin()).api.POST('/v1/keys', { body: { name: 'during a gap', scopes: ['keys:read'] } }));
    expect((await b().client(key.secret).api.GET('/v1/myself')).response.status).toBe(200);

    const killer = new pg.Client({ connectionString: postgres.connectionString });
    await killer.connect();
    try {
      const killed = await killer.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where query = 'LISTEN ${CHANGE_CHANNEL}' and pid <> pg_backend_pid()`,
      );
      expect(killed.rowCount).toBe(3);
      // Revoked while nobody listens: the announcement is lost.
      unwrap(await a().client(admin()).api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: key.id } }, body: {} }));
      const took = await timeUntil(refuses(b(), key.secret, 'REVOKED_KEY'), CACHE_TTL_MS);
      expect(took).toBeLessThan(BOUND_MS * 2);
      // And the listeners are back: the next change is pushed again.
      const listening = await timeUntil(
        async () => Number((await killer.query(`select count(*) from pg_stat_activity where query = 'LISTEN ${CHANGE_CHANNEL}'`)).rows[0].count) === 3,
        10_000,
      );
      expect(listening).toBeLessThan(10_000);
    } finally {
      await killer.end();
    }
    const next = unwrap(await a().client(admin()).api.POST('/v1/keys', { body: { name: 'after the gap', scopes: ['keys:read'] } }));
    expect((await c().client(next.secret).api.GET('/v1/myself')).response.status).toBe(200);
    unwrap(await a().client(admin()).api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: next.id } }, body: {} }));
    expect(await timeUntil(refuses(c(), next.secret, 'REVOKED_KEY'), BOUND_MS * 2)).toBeLessThan(BOUND_MS);
  });
});
