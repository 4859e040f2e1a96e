/**
 * GET /v1/gateway/auth without a gateway: what nginx, Caddy or Traefik would be told, asked
 * directly. The gateway's own problems are 503 (never a 401/403 its client would take for its
 * own); the client's key gets 200 with every identity header, or 401/403/429. Organized by
 * status; every answer is checked against openapi.yaml by the harness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { IDENTITY_HEADERS } from '../../src/server/keys/identity-headers.js';
import {
  auditEvents,
  call,
  createKey,
  expectProblem,
  isoIn,
  MINUTE,
  neverIssuedSecret,
  type ApiKeyWithSecret,
  type RawAnswer,
} from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('GET /v1/gateway/auth', () => {
  let service: TestService;
  let gateway: ApiKeyWithSecret;
  beforeAll(async () => {
    service = await startService({ trustedProxies: ['127.0.0.1'] });
    gateway = await createKey(service, { name: 'gateway', scopes: ['keys:verify'] });
    const admin = service.client();
    unwrap(await admin.api.POST('/v1/scopes', { body: { name: 'read' } }));
    unwrap(await admin.api.POST('/v1/scopes', { body: { name: 'write', includes: ['read'] } }));
  });
  afterAll(async () => {
    await service.close();
  });

  /** Asks as a gateway would: its own key, the client's headers, the client's address. */
  const ask = (query: string, client: Record<string, string> = {}, options: { as?: string | null; on?: TestService; from?: string } = {}): Promise<RawAnswer> => {
    const headers: Record<string, string> = { 'X-Forwarded-For': options.from ?? '203.0.113.9', ...client };
    const own = options.as === undefined ? gateway.secret : options.as;
    if (own !== null) headers['X-Keyplane-Gateway-Key'] = own;
    return call(options.on ?? service, 'GET', `/v1/gateway/auth${query}`, { headers });
  };
  const withKey = (secret: string) => ({ 'X-API-Key': secret });

  describe('200: the identity, in headers', () => {
    it('every identity header, always: the name percent-encoded UTF-8, metadata as base64url JSON, effective scopes', async () => {
      const key = await createKey(service, { name: 'Zoë’s “reports” ✓', scopes: ['write'], metadata: { team: 'ops', city: 'Zürich ✓' } });
      const answer = await ask('?scope=read', withKey(key.secret));
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('');
      const header = (name: string) => answer.headers.get(name);
      expect(header('X-Keyplane-Key-Id')).toBe(key.id);
      expect(header('X-Keyplane-Organization-Id')).toBe(service.organizationId);
      expect(header('X-Keyplane-Key-Name')).toMatch(/^[\x21-\x7e]+$/);
      expect(decodeURIComponent(header('X-Keyplane-Key-Name')!)).toBe('Zoë’s “reports” ✓');
      expect(header('X-Keyplane-Scopes')).toBe('read write');
      expect(header('X-Keyplane-Metadata')).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(JSON.parse(Buffer.from(header('X-Keyplane-Metadata')!, 'base64url').toString('utf8'))).toEqual({ team: 'ops', city: 'Zürich ✓' });
      expect(header('X-Keyplane-Expires-At')).toBe(key.expires_at);
      expect(header('RateLimit-Policy')).toBe('"default";q=10000;w=60');
      expect(header('RateLimit')).toMatch(/^"default";r=9999;t=\d+$/);
    });

    it('with nothing to say, a header is sent empty, never left out (so copying it replaces a client-sent one)', async () => {
      const key = await createKey(service, { name: 'plain', scopes: [], expires_at: null });
      const answer = await ask('', { Authorization: `Bearer ${key.secret}` });
      expect(answer.status).toBe(200);
      for (const name of IDENTITY_HEADERS) expect(answer.headers.has(name), name).toBe(true);
      expect(answer.headers.get('X-Keyplane-Metadata')).toBe('');
      expect(answer.headers.get('X-Keyplane-Expires-At')).toBe('');
      expect(answer.headers.get('X-Keyplane-Scopes')).toBe('');
    });

    it("requires every scope of a repeated `scope`, and a single one; the client's address may be any a trusted gateway names", async () => {
      const reader = await createKey(service, { name: 'reader', scopes: ['read'] });
      const writer = await createKey(service, { name: 'writer', scopes: ['write'] });
      expect((await ask('?scope=read', withKey(reader.secret))).status).toBe(200);
      expectProblem(await ask('?scope=read&scope=write', withKey(reader.secret)), 403, 'INSUFFICIENT_SCOPE');
      expect((await ask('?scope=read&scope=write', withKey(writer.secret), { from: '2001:db8::7' })).status).toBe(200);
    });

    it("counts against the client's key, not the gateway's", async () => {
      const frugal = await createKey(service, { name: 'gateway with a limit of 1', scopes: ['keys:verify'], rate_limit_per_minute: 1 });
      const client = await createKey(service, { name: 'client' });
      for (let i = 0; i < 3; i++) expect((await ask('', withKey(client.secret), { as: frugal.secret })).status).toBe(200);
    });
  });

  describe('401: the client key, with WWW-Authenticate', () => {
    it.each([
      ['no key', {}, 'MISSING_KEY', 'Bearer realm="keyplane"'],
      ['two different keys', { 'X-API-Key': neverIssuedSecret(), Authorization: `Bearer ${neverIssuedSecret()}` }, 'MALFORMED_KEY', 'Bearer realm="keyplane", error="invalid_request"'],
      ['a key never issued', { 'X-API-Key': neverIssuedSecret() }, 'UNKNOWN_KEY', 'Bearer realm="keyplane", error="invalid_token"'],
      ['not a key at all', { 'X-API-Key': 'hello' }, 'MALFORMED_KEY', 'Bearer realm="keyplane", error="invalid_token"'],
    ] as const)('%s: %s', async (_, headers, code, challenge) => {
      const answer = await ask('', headers);
      expectProblem(answer, 401, code);
      expect(answer.headers.get('WWW-Authenticate')).toBe(challenge);
    });

    it('revoked, expired and not yet valid keys', async () => {
      const revoked = await createKey(service, { name: 'revoked' });
      await call(service, 'POST', `/v1/keys/${revoked.id}/revoke`, { key: service.adminKey, body: {} });
      const expiring = await createKey(service, { name: 'expiring', expires_at: isoIn(service.clock, MINUTE) });
      const early = await createKey(service, { name: 'early', not_before: isoIn(service.clock, 10 * MINUTE) });
      service.clock.advance(MINUTE);
      for (const [key, code] of [
        [revoked, 'REVOKED_KEY'],
        [expiring, 'EXPIRED_KEY'],
        [early, 'KEY_NOT_YET_VALID'],
      ] as const) {
        const answer = await ask('', withKey(key.secret));
        expectProblem(answer, 401, code);
        expect(answer.headers.get('WWW-Authenticate')).toBe('Bearer realm="keyplane", error="invalid_token"');
      }
    });
  });

  describe('403: scope and IP rules', () => {
    it("IP rules judge the address the trusted gateway forwarded, not the gateway's", async () => {
      const office = await createKey(service, { name: 'office', ip_rules: [{ action: 'allow', cidr: '203.0.113.0/24' }] });
      expect((await ask('', withKey(office.secret), { from: '203.0.113.9' })).status).toBe(200);
      expectProblem(await ask('', withKey(office.secret), { from: '198.51.100.1' }), 403, 'IP_NOT_ALLOWED');
      const local = await createKey(service, { name: 'local', ip_rules: [{ action: 'allow', cidr: '127.0.0.1' }] });
      expectProblem(await ask('', withKey(local.secret), { from: '198.51.100.1' }), 403, 'IP_NOT_ALLOWED');
    });

    it('a missing scope, including one that does not exist', async () => {
      const key = await createKey(service, { name: 'narrow', scopes: ['read'] });
      const answer = await ask('?scope=no-such-scope', withKey(key.secret));
      expectProblem(answer, 403, 'INSUFFICIENT_SCOPE');
      expect(answer.headers.get('WWW-Authenticate')).toBeNull();
    });
  });

  describe('429: the client key over its limit', () => {
    it('with Retry-After, RateLimit-Policy and RateLimit', async () => {
      const key = await createKey(service, { name: 'limited', rate_limit_per_minute: 2 });
      expect((await ask('', withKey(key.secret))).status).toBe(200);
      expect((await ask('', withKey(key.secret))).status).toBe(200);
      const answer = await ask('', withKey(key.secret));
      expectProblem(answer, 429, 'RATE_LIMITED');
      expect(Number(answer.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect(answer.headers.get('RateLimit-Policy')).toBe('"default";q=2;w=60');
      expect(answer.headers.get('RateLimit')).toMatch(/^"default";r=0;t=\d+$/);
    });
  });

  describe('503: the gateway itself, whatever the client sent', () => {
    it('GATEWAY_NOT_TRUSTED from an address that is not a trusted proxy, with a valid gateway key and client key', async () => {
      const other = await startService({ trustedProxies: ['10.0.0.0/8'] });
      try {
        const ownKey = await createKey(other, { name: 'gateway', scopes: ['keys:verify'] });
        const client = await createKey(other, { name: 'client' });
        for (const from of ['203.0.113.9', '10.0.0.1']) {
          const answer = await ask('', withKey(client.secret), { as: ownKey.secret, on: other, from });
          expectProblem(answer, 503, 'GATEWAY_NOT_TRUSTED');
          expect(answer.headers.get('Retry-After')).toBe('30');
          expect(answer.body.detail).toContain('127.0.0.1');
        }
      } finally {
        await other.close();
      }
    });

    it('GATEWAY_KEY_REFUSED: no gateway key, an unknown one, a revoked one, one without keys:verify', async () => {
      const revoked = await createKey(service, { name: 'revoked gateway', scopes: ['keys:verify'] });
      await call(service, 'POST', `/v1/keys/${revoked.id}/revoke`, { key: service.adminKey, body: {} });
      const weak = await createKey(service, { name: 'gateway without keys:verify', scopes: ['keys:read'] });
      const client = await createKey(service, { name: 'client' });
      for (const as of [null, '', neverIssuedSecret(), revoked.secret, weak.secret]) {
        const answer = await ask('', withKey(client.secret), { as });
        expectProblem(answer, 503, 'GATEWAY_KEY_REFUSED');
        expect(answer.headers.get('Retry-After')).toBe('30');
        expect(answer.headers.get('WWW-Authenticate')).toBeNull();
      }
    });

    it("judges the gateway's own key at the gateway's address (its IP rules name where the gateway runs)", async () => {
      // The gateway connects from 127.0.0.1; its clients come from anywhere. A gateway key
      // locked to the gateway's own address must keep working for every client.
      const pinned = await createKey(service, { name: 'gateway pinned to its host', scopes: ['keys:verify'], ip_rules: [{ action: 'allow', cidr: '127.0.0.1' }] });
      const client = await createKey(service, { name: 'client of the pinned gateway' });
      expect((await ask('', withKey(client.secret), { as: pinned.secret, from: '203.0.113.9' })).status).toBe(200);
      // And a gateway key allowed only where clients are is not a gateway key that works from 127.0.0.1.
      const misplaced = await createKey(service, { name: 'gateway allowed at the clients only', scopes: ['keys:verify'], ip_rules: [{ action: 'allow', cidr: '203.0.113.0/24' }] });
      expectProblem(await ask('', withKey(client.secret), { as: misplaced.secret, from: '203.0.113.9' }), 503, 'GATEWAY_KEY_REFUSED');
    });
  });

  describe('405: GET only', () => {
    it('other methods are refused, whatever the request carries', async () => {
      const client = await createKey(service, { name: 'client' });
      for (const method of ['POST', 'PUT', 'DELETE']) {
        const answer = await call(service, method, '/v1/gateway/auth', { headers: { 'X-Keyplane-Gateway-Key': gateway.secret, 'X-API-Key': client.secret } });
        expect(answer.status).toBe(405);
      }
    });
  });

  describe('the audit trail', () => {
    it('records refusals via: gateway, about the presented key, with the address the gateway named; not the 200s', async () => {
      const revoked = await createKey(service, { name: 'audited' });
      await call(service, 'POST', `/v1/keys/${revoked.id}/revoke`, { key: service.adminKey, body: {} });
      const narrow = await createKey(service, { name: 'audited narrow', scopes: ['read'] });
      const refusedRevoked = await ask('', withKey(revoked.secret), { from: '198.51.100.23' });
      const refusedScope = await ask('?scope=write', withKey(narrow.secret), { from: '198.51.100.24' });
      await ask('?scope=read', withKey(narrow.secret), { from: '198.51.100.24' });
      await service.flushRecorders();
      const refused = await auditEvents(service, { action: 'auth.refused' });
      expect(refused.find((e) => e.request_id === refusedRevoked.body.request_id)).toMatchObject({
        actor_key_id: gateway.id,
        target_type: 'api_key',
        target_id: revoked.id,
        details: { code: 'REVOKED', via: 'gateway', hint: revoked.hint, presented_from: '198.51.100.23' },
      });
      expect(refused.find((e) => e.request_id === refusedScope.body.request_id)).toMatchObject({
        target_id: narrow.id,
        details: { code: 'INSUFFICIENT_SCOPE', via: 'gateway', presented_from: '198.51.100.24' },
      });
      expect(refused.filter((e) => e.target_id === narrow.id)).toHaveLength(1);
    });
  });
});
