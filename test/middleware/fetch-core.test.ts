/**
 * The Fetch core on its own: reading the key from Fetch API headers as the service does, the
 * client address (none unless given), and options refused at creation.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyplaneConfigError, keyplaneMiddleware, type KeyplaneMiddlewareOptions } from '../../src/middleware/index.js';
import { presentedKeyOfHeaders } from '../../src/middleware/presented-key.js';
import { middlewareOf, startMiddlewareWorld, type MiddlewareWorld } from './harness.js';

describe('presentedKeyOfHeaders', () => {
  const A = 'nm_acme_aaaa';
  const B = 'nm_acme_bbbb';
  it.each<[string, Record<string, string>, ReturnType<typeof presentedKeyOfHeaders>]>([
    ['no key', {}, null],
    ['X-API-Key', { 'X-API-Key': A }, A],
    ['Authorization: Bearer', { Authorization: `Bearer ${A}` }, A],
    ['the scheme in any case, several spaces', { Authorization: `bEaReR   ${A}` }, A],
    ['the same key in both', { 'X-API-Key': A, Authorization: `Bearer ${A}` }, A],
    ['another scheme', { Authorization: 'Basic dXNlcjpwYXNz' }, null],
    ['an empty X-API-Key', { 'X-API-Key': '  ' }, null],
    ['two different keys', { 'X-API-Key': A, Authorization: `Bearer ${B}` }, { ambiguous: expect.stringContaining('different keys') }],
  ])('%s', (_what, headers, expected) => {
    expect(presentedKeyOfHeaders(new Headers(headers))).toEqual(expected);
  });

  it('Authorization twice (joined by the Fetch API) is ambiguous, even beside an X-API-Key', () => {
    const headers = new Headers([
      ['X-API-Key', A],
      ['Authorization', `Bearer ${A}`],
      ['Authorization', `Bearer ${B}`],
    ]);
    expect(presentedKeyOfHeaders(headers)).toEqual({ ambiguous: expect.stringContaining('more than one Authorization header') });
  });
});

describe('keyplaneMiddleware().verify', () => {
  let world: MiddlewareWorld;
  beforeAll(async () => {
    world = await startMiddlewareWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  const orders = (key: string) => new Request('http://api.example/orders', { headers: { Authorization: `Bearer ${key}` } });

  it('without clientAddress sends no address: a key with IP rules is refused, one without is let in', async () => {
    const keyplane = middlewareOf(world);
    const ruled = await world.newKey({ name: 'ruled', ip_rules: [{ action: 'allow', cidr: '0.0.0.0/0' }] });
    const open = await world.newKey({ name: 'open' });
    const refused = await keyplane.verify(orders(ruled.secret));
    expect(refused.response?.status).toBe(403);
    expect(await refused.response?.json()).toMatchObject({ code: 'IP_NOT_ALLOWED', detail: expect.stringContaining('unknown address') });
    expect((await keyplane.verify(orders(open.secret))).identity?.id).toBe(open.id);
    const allowed = await keyplane.verify(orders(ruled.secret), { clientAddress: () => '203.0.113.9' });
    expect(allowed.identity).toMatchObject({ id: ruled.id, organization_id: world.service.organizationId });
  });

  it('takes required scopes as a function of the request', async () => {
    const keyplane = middlewareOf(world);
    const reader = await world.newKey({ name: 'fn reader', scopes: ['orders:read'] });
    const byMethod = { requiredScopes: (request: Request) => (request.method === 'GET' ? ['orders:read'] : ['orders:write']) };
    expect((await keyplane.verify(orders(reader.secret), byMethod)).identity?.id).toBe(reader.id);
    const post = new Request('http://api.example/orders', { method: 'POST', headers: { 'X-API-Key': reader.secret } });
    expect((await keyplane.verify(post, byMethod)).response?.status).toBe(403);
  });

  it('a key longer than the contract allows is refused as malformed without asking the service', async () => {
    const keyplane = keyplaneMiddleware({ endpoint: 'http://127.0.0.1:9', apiKey: 'nm_unused', retries: false });
    const answer = await keyplane.verify(orders(`nm_acme_${'x'.repeat(300)}`));
    expect(answer.response?.status).toBe(401);
    expect(await answer.response?.json()).toMatchObject({ code: 'MALFORMED_KEY' });
  });
});

describe('options', () => {
  const base: KeyplaneMiddlewareOptions = { endpoint: 'http://127.0.0.1:9', apiKey: 'nm_acme_secretsecretsecret' };
  it.each<[string, Partial<KeyplaneMiddlewareOptions>, RegExp]>([
    ['a negative cacheTtlMs', { cacheTtlMs: -1 }, /cacheTtlMs/],
    ['a cacheMaxEntries of 0', { cacheMaxEntries: 0 }, /cacheMaxEntries/],
    ['an endpoint that is no URL', { endpoint: 'keys' }, /endpoint/],
    ['a timeout of 0', { timeoutMs: 0 }, /timeoutMs/],
  ])('refuses %s, without quoting the key', (_what, change, message) => {
    const attempt = () => keyplaneMiddleware({ ...base, ...change });
    expect(attempt).toThrow(KeyplaneConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect(String(error)).not.toContain(base.apiKey);
    }
  });

  it('refuses a required scope that is not a scope name when the route is declared', async () => {
    const keyplane = keyplaneMiddleware(base);
    await expect(keyplane.verify(new Request('http://api.example/'), { requiredScopes: ['orders read'] })).rejects.toThrow(/"orders read" is not a scope name/);
    const { keyplaneExpress } = await import('../../src/middleware/index.js');
    expect(() => keyplaneExpress(keyplane, { requiredScopes: ['orders read'] })).toThrow(KeyplaneConfigError);
  });
});
