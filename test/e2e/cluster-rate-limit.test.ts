/**
 * Three nodes on one PostgreSQL database share each key's rate limit: with the load spread
 * over the nodes, a key gets its plan's limit a minute, at most a few percent more (the
 * documented bound, see src/server/cluster/cluster-limiter.ts), and a key that stays under
 * its limit is never refused. Sign-in attempts are counted by the cluster the same way.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { startPostgres, type RunningPostgres } from '../helpers/postgres.js';
import { startService, type TestService } from '../helpers/service.js';

describe('one rate limit across three nodes', () => {
  const serverSecret = randomBytes(32);
  let postgres: RunningPostgres;
  let stores: Store[] = [];
  let nodes: TestService[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    stores = [0, 1, 2].map(() => openPostgresStore({ connectionString: postgres.connectionString }));
    for (const store of stores) nodes.push(await startService({ store, serverSecret }));
  });

  afterAll(async () => {
    for (const node of nodes) await node.close();
    for (const store of stores) await store.close();
    await postgres?.stop();
  });

  /** Every node's clock at the same instant, a second into a fresh minute: the test stays in one window. */
  function startMinute(minutesAhead: number): void {
    const start = (Math.floor(Date.now() / 60_000) + minutesAhead) * 60_000 + 1_000;
    for (const node of nodes) node.clock.current = start;
  }

  /** A key of a new organization on `plan`, made through node A. */
  async function keyOn(plan: 'free' | 'team' | 'business', slug: string): Promise<string> {
    const tenant = unwrap(await nodes[0]!.client().api.POST('/v1/organizations', { body: { slug, name: slug, plan } }));
    return tenant.admin_key.secret;
  }

  /** Sends `count` GET /v1/myself with `secret`, round robin over the nodes, `concurrency` at a time; counts the 200s and 429s. */
  async function spread(secret: string, count: number, concurrency = 24): Promise<{ ok: number; limited: number; other: number }> {
    const tally = { ok: 0, limited: 0, other: 0 };
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const node = nodes[next++ % nodes.length]!;
        const response = await node.fetch('/v1/myself', { headers: { 'x-api-key': secret } });
        await response.arrayBuffer();
        if (response.status === 200) tally.ok++;
        else if (response.status === 429) tally.limited++;
        else tally.other++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return tally;
  }

  it('a Team key (500 a minute) hammered through three nodes gets 500 to 550 requests, not 1,500', async () => {
    startMinute(1);
    const secret = await keyOn('team', 'teamhammer');
    const tally = await spread(secret, 1_400);
    expect(tally.other).toBe(0);
    expect(tally.ok).toBeGreaterThanOrEqual(500);
    expect(tally.ok).toBeLessThanOrEqual(550);
  });

  it('a Team key that sends 490 requests in its minute, spread over three nodes, gets every one', async () => {
    startMinute(2);
    const secret = await keyOn('team', 'teamunder');
    expect(await spread(secret, 490)).toEqual({ ok: 490, limited: 0, other: 0 });
  });

  it('a Free key (60 a minute) is exact: 60, whichever node answers', async () => {
    startMinute(3);
    const secret = await keyOn('free', 'freeexact');
    const tally = await spread(secret, 150, 12);
    expect(tally).toEqual({ ok: 60, limited: 90, other: 0 });
  });

  it('the next minute starts afresh on every node', async () => {
    startMinute(4);
    const secret = await keyOn('free', 'freewindows');
    expect((await spread(secret, 70, 6)).ok).toBe(60);
    startMinute(5);
    expect((await spread(secret, 30, 6)).ok).toBe(30);
  });

  it('sign-in attempts are counted by the cluster: ten a minute for one e-mail, not ten per node', async () => {
    startMinute(6);
    const answers: number[] = [];
    for (let i = 0; i < 18; i++) {
      const response = await nodes[i % nodes.length]!.fetch('/v1/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ organization: 'operator', email: 'guesser@example.com', password: 'not the password, guessed' }),
      });
      await response.arrayBuffer();
      answers.push(response.status);
    }
    // Ten wrong guesses are answered as such; every attempt after them, on any node, is refused.
    expect(answers).toEqual([...Array<number>(10).fill(401), ...Array<number>(8).fill(429)]);
    // The counters are rows of the database, named by keyed hashes: no e-mail is written there.
    const client = new pg.Client({ connectionString: postgres.connectionString });
    await client.connect();
    try {
      const { rows } = await client.query<{ bucket: string }>("select distinct bucket from rate_limit_grants where bucket like 'sign-in:%'");
      expect(rows.map((row) => row.bucket).some((bucket) => bucket.startsWith('sign-in:email:'))).toBe(true);
      expect(rows.filter((row) => /guesser|example\.com|operator/.test(row.bucket))).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
