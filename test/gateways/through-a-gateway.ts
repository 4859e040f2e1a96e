/**
 * What a client and an upstream see through a gateway configured by `keyplane gateway`, the
 * same for nginx and Caddy: run by nginx.test.ts and caddy.test.ts against the real service,
 * the real gateway binary and a real upstream. Organized by the status the client gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import type { GatewayKind } from '../../src/cli/gateway-command.js';
import { call, createKey, type ApiKeyWithSecret, type CreateKeyRequest } from '../helpers/api.js';
import { freePort } from '../helpers/process.js';
import { startService, type TestService } from '../helpers/service.js';
import { gatewayMissing, rawStatus, skipWithoutGateway, startGateway, startUpstream, through, type Gateway, type Upstream } from './harness.js';

const ROUTES = ['--route', '/reports=reports:read', '--route', '/admin=admin'];

/** Defines the suite of one gateway; skipped, and saying why, when its binary is missing. */
export function describeThroughGateway(kind: GatewayKind): void {
  const skip = skipWithoutGateway(kind);
  describe.skipIf(skip)(`through ${kind}, configured by \`keyplane gateway ${kind}\`${skip ? ` (${gatewayMissing(kind)})` : ''}`, () => {
    let service: TestService;
    let upstream: Upstream;
    let gatewayKey: ApiKeyWithSecret;
    let gateway: Gateway;
    const started: Gateway[] = [];
    /** Starts one more gateway of this kind, stopped after the suite. */
    const another = async (options: { gatewayKey?: string; keyplaneUrl?: string; args?: string[] } = {}) => {
      const more = await startGateway(kind, {
        keyplaneUrl: options.keyplaneUrl ?? service.url,
        upstreamUrl: upstream.url,
        gatewayKey: options.gatewayKey ?? gatewayKey.secret,
        args: options.args ?? ROUTES,
      });
      started.push(more);
      return more;
    };

    beforeAll(async () => {
      service = await startService({ trustedProxies: ['127.0.0.1'] });
      upstream = await startUpstream();
      const admin = service.client();
      unwrap(await admin.api.POST('/v1/scopes', { body: { name: 'reports:read' } }));
      unwrap(await admin.api.POST('/v1/scopes', { body: { name: 'reports:write', includes: ['reports:read'] } }));
      gatewayKey = await createKey(service, { name: `${kind} gateway`, scopes: ['keys:verify'] });
      gateway = await another();
    });
    afterAll(async () => {
      await Promise.all(started.map((g) => g.stop()));
      await upstream?.close();
      await service?.close();
    });

    const key = (body: Partial<CreateKeyRequest> = {}) => createKey(service, { name: 'client', scopes: ['reports:read'], ...body });
    /** The requests the upstream received during `action`. */
    const reaching = async (action: () => Promise<unknown>) => {
      const before = upstream.requests.length;
      await action();
      return upstream.requests.slice(before);
    };
    const expectProblemJson = (answer: { headers: Headers; text: string }, status: number) => {
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(answer.text)).toMatchObject({ status });
    };

    describe('200: the request reaches the upstream with who the client is', () => {
      it('identity headers: id, organization, name (percent-encoded UTF-8), effective scopes, metadata (base64url JSON), expiry', async () => {
        const client = await key({ name: 'Zoë’s reports ✓', scopes: ['reports:write'], metadata: { team: 'ops', city: 'Zürich ✓' } });
        const [received] = await reaching(async () => expect((await through(gateway, '/reports/q1', { headers: { 'X-API-Key': client.secret } })).status).toBe(200));
        const headers = received!.headers;
        expect(headers['x-keyplane-key-id']).toBe(client.id);
        expect(headers['x-keyplane-organization-id']).toBe(service.organizationId);
        expect(decodeURIComponent(String(headers['x-keyplane-key-name']))).toBe('Zoë’s reports ✓');
        expect(headers['x-keyplane-scopes']).toBe('reports:read reports:write');
        expect(JSON.parse(Buffer.from(String(headers['x-keyplane-metadata']), 'base64url').toString('utf8'))).toEqual({ team: 'ops', city: 'Zürich ✓' });
        expect(headers['x-keyplane-expires-at']).toBe(client.expires_at);
        expect(received!.url).toBe('/reports/q1');
      });

      it("passes the method, path, query and body on, and not the client's key", async () => {
        const client = await key();
        const [received] = await reaching(async () => {
          const answer = await through(gateway, '/reports/upload?month=2026-11', {
            method: 'POST',
            headers: { Authorization: `Bearer ${client.secret}`, 'Content-Type': 'application/json' },
            body: '{"rows":[1,2,3]}',
          });
          expect({ status: answer.status, body: answer.text }).toEqual({ status: 200, body: '{"upstream":true}' });
        });
        expect(received).toMatchObject({ method: 'POST', url: '/reports/upload?month=2026-11', body: '{"rows":[1,2,3]}' });
        expect(received!.headers['x-keyplane-key-id']).toBe(client.id);
        expect(received!.headers.authorization).toBeUndefined();
        expect(received!.headers['x-api-key']).toBeUndefined();
      });

      it("paths no route names need any valid key, and no scope (the client's query is not Keyplane's)", async () => {
        const client = await key({ scopes: [] });
        for (const path of ['/health', '/health?verbose=1', '/health?scope=admin']) {
          expect((await through(gateway, path, { headers: { 'X-API-Key': client.secret } })).status).toBe(200);
        }
        expect((await through(gateway, '/health')).status).toBe(401);
      });

      it('X-Keyplane-* headers a client sends are replaced, or removed when the key has nothing to say: never passed on', async () => {
        const client = await key({ expires_at: null });
        const smuggled = {
          'X-Keyplane-Key-Id': 'key_smuggled',
          'X-Keyplane-Organization-Id': 'org_smuggled',
          'X-Keyplane-Key-Name': 'smuggled',
          'X-Keyplane-Scopes': 'admin',
          'X-Keyplane-Metadata': Buffer.from('{"role":"admin"}').toString('base64url'),
          'X-Keyplane-Expires-At': 'smuggled',
          'X-Keyplane-Gateway-Key': 'smuggled',
        };
        const [received] = await reaching(async () =>
          expect((await through(gateway, '/reports/x', { headers: { 'X-API-Key': client.secret, ...smuggled } })).status).toBe(200),
        );
        const sent = received!.rawHeaders.filter((_, i) => i % 2 === 1);
        for (const value of Object.values(smuggled)) expect(sent).not.toContain(value);
        expect(received!.headers['x-keyplane-key-id']).toBe(client.id);
        expect(received!.headers['x-keyplane-scopes']).toBe('reports:read');
        // No metadata and no expiry: nginx drops the empty header, Caddy sends it empty.
        expect(received!.headers['x-keyplane-metadata'] ?? '').toBe('');
        expect(received!.headers['x-keyplane-expires-at'] ?? '').toBe('');
        expect(received!.headers['x-keyplane-gateway-key']).toBeUndefined();
      });
    });

    describe('401: the client gets the challenge, the upstream nothing', () => {
      it('no key: 401 with WWW-Authenticate and a problem document', async () => {
        const requests = await reaching(async () => {
          const answer = await through(gateway, '/reports/x');
          expect(answer.status).toBe(401);
          expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="keyplane"');
          expectProblemJson(answer, 401);
        });
        expect(requests).toEqual([]);
      });

      it('a key never issued, and a mistyped one: 401', async () => {
        const client = await key();
        const mistyped = client.secret.slice(0, -1) + (client.secret.endsWith('A') ? 'B' : 'A');
        for (const secret of [mistyped, 'nm_operator_notakeyatall']) {
          const answer = await through(gateway, '/reports/x', { headers: { 'X-API-Key': secret } });
          expect(answer.status).toBe(401);
          expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="keyplane"/);
        }
      });

      it('a revoked key: 401 on the very next request', async () => {
        const client = await key();
        const headers = { 'X-API-Key': client.secret };
        expect((await through(gateway, '/reports/x', { headers })).status).toBe(200);
        await call(service, 'POST', `/v1/keys/${client.id}/revoke`, { key: service.adminKey, body: {} });
        const requests = await reaching(async () => {
          const answer = await through(gateway, '/reports/x', { headers });
          expect(answer.status).toBe(401);
          expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="keyplane", error="invalid_token"');
        });
        expect(requests).toEqual([]);
      });
    });

    describe('403: scope and IP rules', () => {
      it("a key without the route's scope: 403; a scope in the client's query changes nothing", async () => {
        const client = await key({ scopes: ['keys:read'] });
        const headers = { 'X-API-Key': client.secret };
        const requests = await reaching(async () => {
          for (const path of ['/reports/x', '/reports/x?scope=keys:read']) {
            const answer = await through(gateway, path, { headers });
            expect(answer.status).toBe(403);
            expectProblemJson(answer, 403);
          }
        });
        expect(requests).toEqual([]);
        const admin = await key({ scopes: ['admin'] });
        expect((await through(gateway, '/admin/x', { headers: { 'X-API-Key': admin.secret } })).status).toBe(200);
        const reader = await key();
        expect((await through(gateway, '/admin/x', { headers: { 'X-API-Key': reader.secret } })).status).toBe(403);
      });

      it('a route holds however the client writes its path: case, encoding, slashes, dot segments', async () => {
        const client = await key({ scopes: ['keys:read'] });
        const requests = await reaching(async () => {
          for (const path of ['/REPORTS/x', '/Reports', '/%72eports/x', '//reports/x', '/x/../reports/x', '/x/%2E%2E/reports/x']) {
            expect(await rawStatus(gateway, path, { 'X-API-Key': client.secret }), path).toBe(403);
          }
        });
        expect(requests).toEqual([]);
      });

      it('IP rules see the client as the gateway saw it (127.0.0.1), whatever X-Forwarded-For the client sends', async () => {
        const elsewhere = await key({ ip_rules: [{ action: 'allow', cidr: '10.0.0.0/8' }] });
        const requests = await reaching(async () => {
          for (const extra of [{}, { 'X-Forwarded-For': '10.1.2.3' }, { 'X-Forwarded-For': '10.1.2.3, 10.4.5.6' }] as Record<string, string>[]) {
            const answer = await through(gateway, '/reports/x', { headers: { 'X-API-Key': elsewhere.secret, ...extra } });
            expect(answer.status).toBe(403);
          }
        });
        expect(requests).toEqual([]);
        const here = await key({ ip_rules: [{ action: 'allow', cidr: '127.0.0.1' }] });
        expect((await through(gateway, '/reports/x', { headers: { 'X-API-Key': here.secret, 'X-Forwarded-For': '10.1.2.3' } })).status).toBe(200);
      });

      it('behind a proxy given with --real-ip-from, the client is the address that proxy names', async () => {
        const behind = await another({ args: [...ROUTES, '--real-ip-from', '127.0.0.1'] });
        const office = await key({ ip_rules: [{ action: 'allow', cidr: '203.0.113.0/24' }] });
        const local = await key({ ip_rules: [{ action: 'allow', cidr: '127.0.0.1' }] });
        const from = (secret: string) => through(behind, '/reports/x', { headers: { 'X-API-Key': secret, 'X-Forwarded-For': '203.0.113.9' } });
        expect((await from(office.secret)).status).toBe(200);
        expect((await from(local.secret)).status).toBe(403);
      });
    });

    describe('429: the client gets Keyplane’s limit', () => {
      it('over the key’s limit: 429 with Retry-After, RateLimit-Policy and RateLimit; the upstream saw only the allowed requests', async () => {
        const client = await key({ rate_limit_per_minute: 2 });
        const headers = { 'X-API-Key': client.secret };
        const requests = await reaching(async () => {
          expect((await through(gateway, '/reports/x', { headers })).status).toBe(200);
          expect((await through(gateway, '/reports/x', { headers })).status).toBe(200);
          const answer = await through(gateway, '/reports/x', { headers });
          expect(answer.status).toBe(429);
          expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
          expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(60);
          expect(answer.headers.get('ratelimit-policy')).toBe('"default";q=2;w=60');
          expect(answer.headers.get('ratelimit')).toMatch(/^"default";r=0;t=\d+$/);
          expectProblemJson(answer, 429);
        });
        expect(requests).toHaveLength(2);
      });
    });

    describe('502 / 503: a gateway that cannot ask fails closed', () => {
      it("the gateway's own key revoked: 503 with Retry-After, and the upstream is never reached", async () => {
        const ownKey = await createKey(service, { name: `${kind} gateway, revoked`, scopes: ['keys:verify'] });
        const doomed = await another({ gatewayKey: ownKey.secret });
        const client = await key();
        const headers = { 'X-API-Key': client.secret };
        expect((await through(doomed, '/reports/x', { headers })).status).toBe(200);
        await call(service, 'POST', `/v1/keys/${ownKey.id}/revoke`, { key: service.adminKey, body: {} });
        const requests = await reaching(async () => {
          for (const path of ['/reports/x', '/health']) {
            const answer = await through(doomed, path, { headers });
            expect(answer.status).toBe(503);
            expect(answer.headers.get('retry-after')).toBe('30');
            expectProblemJson(answer, 503);
          }
        });
        expect(requests).toEqual([]);
      });

      it('a gateway key without keys:verify: 503', async () => {
        const weak = await createKey(service, { name: `${kind} gateway without keys:verify`, scopes: ['keys:read'] });
        const misconfigured = await another({ gatewayKey: weak.secret });
        const client = await key();
        const requests = await reaching(async () => expect((await through(misconfigured, '/reports/x', { headers: { 'X-API-Key': client.secret } })).status).toBe(503));
        expect(requests).toEqual([]);
      });

      it('Keyplane unreachable: 502, and the upstream is never reached', async () => {
        const nowhere = await another({ keyplaneUrl: `http://127.0.0.1:${await freePort()}` });
        const client = await key();
        const requests = await reaching(async () => expect((await through(nowhere, '/reports/x', { headers: { 'X-API-Key': client.secret } })).status).toBe(502));
        expect(requests).toEqual([]);
      });
    });
  });
}
