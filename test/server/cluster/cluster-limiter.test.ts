/**
 * The cluster rate limiter's arithmetic, and two limiters (two "nodes") sharing one real
 * store's grants: the bound holds whatever order their requests come in.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantSize } from '../../../src/core/rate-limit.js';
import { ClusterLimiter } from '../../../src/server/cluster/cluster-limiter.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';

describe('grantSize', () => {
  it.each([
    // limit, cluster total so far, nodes → grant
    [60, 0, 3, 1],
    [60, 59, 3, 1],
    [60, 60, 3, 0], // under 200 a minute: exact, one at a time
    [500, 0, 3, 5],
    [500, 511, 3, 5], // a chunk less one per node of slack: 500 + 3 × 4
    [500, 512, 3, 0],
    [1_000_000, 0, 10, 10_000],
  ])('limit %i, %i granted, %i nodes → %i', (limit, total, nodes, expected) => {
    expect(grantSize(limit, total, nodes)).toBe(expected);
  });
});

describe('two limiters sharing one store', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'keyplane-limiter-'));
    store = openSqliteStore({ path: path.join(dir, 'grants.db') });
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function admitted(limiters: ClusterLimiter[], bucket: string, limit: number, requests: number, now: number, pick: (i: number) => number): Promise<number> {
    let ok = 0;
    for (let i = 0; i < requests; i++) if ((await limiters[pick(i)]!.consume(bucket, limit, now)).allowed) ok++;
    return ok;
  }

  it.each([
    ['alternating', (i: number) => i % 2],
    ['in bursts of seven', (i: number) => Math.floor(i / 7) % 2],
    ['nearly all on one node', (i: number) => (i % 50 === 0 ? 1 : 0)],
  ])('limit 1,000 with requests %s: never more than 1,000 + 3 × 9, never fewer than 1,000', async (name, pick) => {
    const now = Date.UTC(2026, 11, 4, 12, 0, 1);
    const limiters = [new ClusterLimiter(store.rateLimits, 'node-a'), new ClusterLimiter(store.rateLimits, 'node-b')];
    const ok = await admitted(limiters, `key:${name}`, 1_000, 1_500, now, pick);
    expect(ok).toBeGreaterThanOrEqual(1_000);
    expect(ok).toBeLessThanOrEqual(1_000 + 3 * 9);
  });

  it('a key under its limit is never refused, however its requests fall', async () => {
    const now = Date.UTC(2026, 11, 4, 12, 1, 1);
    const limiters = [new ClusterLimiter(store.rateLimits, 'node-a'), new ClusterLimiter(store.rateLimits, 'node-b'), new ClusterLimiter(store.rateLimits, 'node-c')];
    expect(await admitted(limiters, 'key:under', 1_000, 999, now, (i) => (i * 7) % 3)).toBe(999);
  });

  it('decides from memory between grants: a hundredth of the limit per round trip', async () => {
    const now = Date.UTC(2026, 11, 4, 12, 2, 1);
    const limiter = new ClusterLimiter(store.rateLimits, 'node-a');
    const first = limiter.consume('key:chunks', 10_000, now);
    expect(first).toBeInstanceOf(Promise);
    expect((await first).allowed).toBe(true);
    for (let i = 0; i < 99; i++) expect(limiter.consume('key:chunks', 10_000, now)).not.toBeInstanceOf(Promise);
    const next = limiter.consume('key:chunks', 10_000, now);
    expect(next).toBeInstanceOf(Promise);
    expect((await next).allowed).toBe(true);
  });
});
