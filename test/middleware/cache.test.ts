/**
 * The optional cache (`cacheTtlMs`), in real time against the real service: a revocation is
 * seen within the TTL, only VALID verdicts are kept, a verdict answers only the same question
 * (key, address, scopes), and the cache holds at most `cacheMaxEntries`.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import type { KeyplaneMiddleware, KeyplaneResult } from '../../src/middleware/index.js';
import { VerdictCache } from '../../src/middleware/verdict-cache.js';
import { middlewareOf, startMiddlewareWorld, type MiddlewareWorld } from './harness.js';

let world: MiddlewareWorld;
beforeAll(async () => {
  world = await startMiddlewareWorld();
});
afterAll(async () => {
  await world?.close();
});

const ask = (keyplane: KeyplaneMiddleware, key: string, requiredScopes: string[] = ['orders:read']): Promise<KeyplaneResult> =>
  keyplane.verify(new Request('http://api.example/orders', { headers: { 'X-API-Key': key } }), { requiredScopes });

describe('cacheTtlMs', () => {
  it('lets a revoked key through within the TTL, from the cache, and refuses it after', async () => {
    const ttl = 2000;
    const keyplane = middlewareOf(world, { cacheTtlMs: ttl });
    const key = await world.newKey({ name: 'cached', scopes: ['orders:read'] });
    const first = await ask(keyplane, key.secret);
    const cachedAt = Date.now();
    expect(first.identity).toMatchObject({ id: key.id, cached: false, rate_limit: { limit: expect.any(Number) } });
    await world.revoke(key.id);

    const withinTtl = await ask(keyplane, key.secret);
    expect(Date.now() - cachedAt).toBeLessThan(ttl);
    // What the service did not count has no rate-limit state, and no RateLimit headers to pass on.
    expect(withinTtl).toMatchObject({ identity: { id: key.id, cached: true, rate_limit: null }, headers: {} });

    await sleep(cachedAt + ttl + 20 - Date.now());
    const after = await ask(keyplane, key.secret);
    expect(after.response?.status).toBe(401);
    expect(await after.response?.json()).toMatchObject({ code: 'REVOKED_KEY' });
  });

  it('keeps no refusal: a key given the scope it lacked is let in at once', async () => {
    const keyplane = middlewareOf(world, { cacheTtlMs: 60_000 });
    const key = await world.newKey({ name: 'growing', scopes: ['orders:read'] });
    expect((await ask(keyplane, key.secret, ['orders:write'])).response?.status).toBe(403);
    unwrap(await world.service.client().api.PATCH('/v1/keys/{key_id}', { params: { path: { key_id: key.id } }, body: { scopes: ['orders:read', 'orders:write'] } }));
    expect((await ask(keyplane, key.secret, ['orders:write'])).identity).toMatchObject({ id: key.id, cached: false });
  });

  it('answers only the same question: a verdict for one route does not admit the key to a route needing more', async () => {
    const keyplane = middlewareOf(world, { cacheTtlMs: 60_000 });
    const key = await world.newKey({ name: 'reader', scopes: ['orders:read'] });
    expect((await ask(keyplane, key.secret, ['orders:read'])).identity?.cached).toBe(false);
    expect((await ask(keyplane, key.secret, ['orders:read'])).identity?.cached).toBe(true);
    expect((await ask(keyplane, key.secret, ['orders:read', 'orders:write'])).response?.status).toBe(403);
    const elsewhere = await keyplane.verify(new Request('http://api.example/orders', { headers: { 'X-API-Key': key.secret } }), {
      requiredScopes: ['orders:read'],
      clientAddress: () => '192.0.2.1',
    });
    expect(elsewhere.identity?.cached).toBe(false);
  });

  it('holds at most cacheMaxEntries verdicts, dropping the oldest', async () => {
    const keyplane = middlewareOf(world, { cacheTtlMs: 60_000, cacheMaxEntries: 2 });
    const keys = await Promise.all([1, 2, 3].map((n) => world.newKey({ name: `crowd ${n}`, scopes: ['orders:read'] })));
    for (const key of keys) expect((await ask(keyplane, key.secret)).identity?.cached).toBe(false);
    await Promise.all(keys.map((key) => world.revoke(key.id)));
    // The first was pushed out: refused at once. The last two are still cached.
    expect((await ask(keyplane, keys[0]!.secret)).response?.status).toBe(401);
    expect((await ask(keyplane, keys[2]!.secret)).identity?.cached).toBe(true);
  });

  it('hands each request its own copy: a handler changing its identity does not change the cached one', async () => {
    const keyplane = middlewareOf(world, { cacheTtlMs: 60_000 });
    const key = await world.newKey({ name: 'mutable', scopes: ['orders:read'], metadata: { tier: 'gold' } });
    const first = (await ask(keyplane, key.secret)).identity!;
    first.metadata.tier = 'changed';
    first.effective_scopes.push('admin');
    const second = (await ask(keyplane, key.secret)).identity!;
    second.metadata.tier = 'changed again';
    const third = (await ask(keyplane, key.secret)).identity!;
    expect(third).toMatchObject({ cached: true, metadata: { tier: 'gold' }, effective_scopes: ['orders:read'] });
  });

  it('is off by default: every request asks the service', async () => {
    const keyplane = middlewareOf(world);
    const key = await world.newKey({ name: 'uncached', scopes: ['orders:read'] });
    expect((await ask(keyplane, key.secret)).identity?.cached).toBe(false);
    expect((await ask(keyplane, key.secret)).identity?.cached).toBe(false);
  });
});

describe('VerdictCache', () => {
  const question = { key: 'nm_acme_4Wc9ZqL2hT8vKx1bNf3RmY6pDs0aGe7J1Ah2Rz', clientIp: '192.0.2.1', requiredScopes: ['b', 'a'] };

  it('keys entries by a salted digest, never the key: the same question digests alike in one cache and differently in another', async () => {
    const cache = new VerdictCache(1000, 10);
    const digest = await cache.digest(question);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).not.toContain(question.key);
    expect(await cache.digest({ ...question, requiredScopes: ['a', 'b'] })).toBe(digest);
    expect(await new VerdictCache(1000, 10).digest(question)).not.toBe(digest);
  });

  it.each([
    ['another address', { clientIp: '192.0.2.2' }],
    ['no address', { clientIp: undefined }],
    ['other scopes', { requiredScopes: ['a'] }],
    ['another key', { key: `${question.key}x` }],
  ])('tells apart a question with %s', async (_what, change) => {
    const cache = new VerdictCache(1000, 10);
    expect(await cache.digest({ ...question, ...change })).not.toBe(await cache.digest(question));
  });

  it('forgets an entry once its TTL has passed', () => {
    let now = 0;
    const cache = new VerdictCache(100, 10, () => now);
    const identity = { id: 'key_1' } as Parameters<VerdictCache['set']>[1];
    cache.set('d', identity);
    now = 99;
    expect(cache.get('d')).toBe(identity);
    now = 100;
    expect(cache.get('d')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
