/**
 * The example apps of docs/middleware.md under Express, Fastify and Hono, against the real
 * service, organized by the status the client gets. Cache off: every request asks the service.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyplaneIdentity } from '../../src/middleware/index.js';
import { neverIssuedSecret } from '../helpers/api.js';
import { FRAMEWORKS, middlewareOf, request, startMiddlewareWorld, type Answer, type Listening, type MiddlewareWorld } from './harness.js';

let world: MiddlewareWorld;
beforeAll(async () => {
  world = await startMiddlewareWorld();
});
afterAll(async () => {
  await world?.close();
});

/** Asserts a problem+json refusal with the catalogue's type for `code`. */
function expectRefusal(answer: Answer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status, type: `https://keyplane.dev/problems/${code.toLowerCase().replaceAll('_', '-')}` });
  expect(answer.body.detail.length).toBeGreaterThan(0);
}

describe.each(FRAMEWORKS)('$name', ({ name, start }) => {
  let app: Listening;
  let orders: string;
  beforeAll(async () => {
    app = await start(middlewareOf(world));
    orders = `${app.url}/orders`;
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('200', () => {
    it('runs the handler with the identity, typed from VerifiedKey, and passes the RateLimit headers on', async () => {
      const key = await world.newKey({ name: `${name} reader`, scopes: ['orders:read'], metadata: { team: 'billing' } });
      const answer = await request(orders, { key: key.secret });
      expect(answer.status).toBe(200);
      const caller: KeyplaneIdentity = answer.body.caller;
      expect(caller).toEqual({
        id: key.id,
        name: `${name} reader`,
        organization_id: world.service.organizationId,
        scopes: ['orders:read'],
        effective_scopes: ['orders:read'],
        metadata: { team: 'billing' },
        expires_at: key.expires_at,
        status: 'active',
        rate_limit: { limit: expect.any(Number), remaining: expect.any(Number), reset_seconds: expect.any(Number) },
        cached: false,
      });
      expect(answer.headers.get('ratelimit-policy')).toMatch(/^"default";q=\d+;w=60$/);
      expect(answer.headers.get('ratelimit')).toBe(`"default";r=${caller.rate_limit!.remaining};t=${caller.rate_limit!.reset_seconds}`);
    });

    it('takes the key from Authorization: Bearer, or from both headers when they agree', async () => {
      const key = await world.newKey({ name: `${name} writer`, scopes: ['orders:write'] });
      const bearer = await request(orders, { method: 'POST', bearer: key.secret });
      expect(bearer).toMatchObject({ status: 201, body: { created_by: key.id } });
      const both = await request(orders, { method: 'POST', key: key.secret, bearer: key.secret });
      expect(both).toMatchObject({ status: 201, body: { created_by: key.id } });
    });
  });

  describe('401', () => {
    it('no key: MISSING_KEY with WWW-Authenticate', async () => {
      const answer = await request(orders);
      expectRefusal(answer, 401, 'MISSING_KEY');
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="keyplane"');
    });

    it('two different keys in X-API-Key and Authorization are refused, as the service does', async () => {
      const [a, b] = await Promise.all([1, 2].map((n) => world.newKey({ name: `${name} twin ${n}`, scopes: ['orders:read'] })));
      const answer = await request(orders, { key: a!.secret, bearer: b!.secret });
      expectRefusal(answer, 401, 'MALFORMED_KEY');
      expect(answer.body.detail).toContain('different keys');
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="keyplane", error="invalid_request"');
    });

    it('an unknown key: UNKNOWN_KEY; a made-up one: MALFORMED_KEY', async () => {
      const unknown = await request(orders, { key: neverIssuedSecret() });
      expectRefusal(unknown, 401, 'UNKNOWN_KEY');
      expect(unknown.headers.get('www-authenticate')).toBe('Bearer realm="keyplane", error="invalid_token"');
      expectRefusal(await request(orders, { key: 'not-a-key' }), 401, 'MALFORMED_KEY');
    });

    it('a revoked key is refused at once', async () => {
      const key = await world.newKey({ name: `${name} leaked`, scopes: ['orders:read'] });
      expect((await request(orders, { key: key.secret })).status).toBe(200);
      await world.revoke(key.id);
      const answer = await request(orders, { key: key.secret });
      expectRefusal(answer, 401, 'REVOKED_KEY');
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="keyplane", error="invalid_token"');
      expect(answer.body.request_id).not.toBe('');
    });
  });

  describe('403', () => {
    it('a key without the route scope: INSUFFICIENT_SCOPE', async () => {
      const key = await world.newKey({ name: `${name} read only`, scopes: ['orders:read'] });
      const answer = await request(orders, { method: 'POST', key: key.secret });
      expectRefusal(answer, 403, 'INSUFFICIENT_SCOPE');
      expect(answer.body.detail).toContain('orders:write');
      expect(answer.headers.get('www-authenticate')).toBeNull();
    });

    it("a key whose IP rules refuse the client's address: IP_NOT_ALLOWED; the forwarded address of a trusted proxy is allowed", async () => {
      const key = await world.newKey({ name: `${name} office`, scopes: ['orders:read'], ip_rules: [{ action: 'allow', cidr: '192.0.2.0/24' }] });
      const direct = await request(orders, { key: key.secret });
      expectRefusal(direct, 403, 'IP_NOT_ALLOWED');
      expect(direct.body.detail).toContain('127.0.0.1');
      const office = await request(orders, { key: key.secret, headers: { 'X-Forwarded-For': '192.0.2.7' } });
      expect(office.status).toBe(200);
      const elsewhere = await request(orders, { key: key.secret, headers: { 'X-Forwarded-For': '198.51.100.7' } });
      expectRefusal(elsewhere, 403, 'IP_NOT_ALLOWED');
    });
  });

  describe('429', () => {
    it('over the key limit: RATE_LIMITED with Retry-After, RateLimit-Policy and RateLimit', async () => {
      const key = await world.newKey({ name: `${name} busy`, scopes: ['orders:read'], rate_limit_per_minute: 2 });
      for (let i = 0; i < 2; i++) expect((await request(orders, { key: key.secret })).status).toBe(200);
      const answer = await request(orders, { key: key.secret });
      expectRefusal(answer, 429, 'RATE_LIMITED');
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(answer.headers.get('ratelimit-policy')).toBe('"default";q=2;w=60');
      expect(answer.headers.get('ratelimit')).toBe(`"default";r=0;t=${retryAfter}`);
    });
  });
});
