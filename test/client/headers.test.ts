import { afterEach, describe, expect, it } from 'vitest';

import { startStubServer, sendJson, sendProblem, type StubServer } from '../helpers/stub-server.js';
import { API_KEY, API_KEY_BODY, CREATE_KEY_REQUEST, CREATED_KEY_BODY, KEY_ID, testClient } from './fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: StubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('authentication', () => {
  it('sends X-API-Key by default, on every request', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 200, API_KEY_BODY));
    const client = testClient(server.url);
    await client.api.GET('/v1/keys/{key_id}', { params: { path: { key_id: KEY_ID } } });
    await client.api.PATCH('/v1/keys/{key_id}', { params: { path: { key_id: KEY_ID } }, body: { name: 'x' } });
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      expect(request.headers['x-api-key']).toBe(API_KEY);
      expect(request.headers.authorization).toBeUndefined();
    }
  });

  it('sends Authorization: Bearer with authStyle "bearer"', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 200, API_KEY_BODY));
    const client = testClient(server.url, { authStyle: 'bearer' });
    await client.api.GET('/v1/keys/{key_id}', { params: { path: { key_id: KEY_ID } } });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(server.requests[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('sends the auth header again on each retry', async () => {
    server = await startStubServer((req, res) =>
      req.index === 0 ? sendProblem(res, 503, 'SERVICE_UNAVAILABLE') : sendJson(res, 200, API_KEY_BODY),
    );
    const client = testClient(server.url, { authStyle: 'bearer' });
    await client.api.GET('/v1/keys/{key_id}', { params: { path: { key_id: KEY_ID } } });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${API_KEY}`, `Bearer ${API_KEY}`]);
  });
});

describe('endpoint and User-Agent', () => {
  it('appends operation paths to an endpoint with a path prefix', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 200, API_KEY_BODY));
    const client = testClient(`${server.url}/keyplane/`);
    await client.api.GET('/v1/keys/{key_id}', { params: { path: { key_id: KEY_ID } } });
    expect(server.requests[0]?.url).toBe(`/keyplane/v1/keys/${KEY_ID}`);
    expect(client.endpoint).toBe(`${server.url}/keyplane`);
  });

  it("identifies itself, after the caller's product token when given", async () => {
    server = await startStubServer((_req, res) => sendJson(res, 200, API_KEY_BODY));
    await testClient(server.url).api.GET('/v1/keys/{key_id}', { params: { path: { key_id: KEY_ID } } });
    await testClient(server.url, { userAgent: 'keyplane-cli/1.2.0' }).api.GET('/v1/keys/{key_id}', {
      params: { path: { key_id: KEY_ID } },
    });
    expect(server.requests.map((r) => r.headers['user-agent'])).toEqual(['keyplane-client', 'keyplane-cli/1.2.0 keyplane-client']);
  });

  it('sends each attempt through the injected fetch', async () => {
    server = await startStubServer((req, res) =>
      req.index === 0 ? sendProblem(res, 502, 'SERVICE_UNAVAILABLE') : sendJson(res, 200, API_KEY_BODY),
    );
    const seen: Request[] = [];
    const client = testClient(server.url, {
      fetch: (request) => {
        seen.push(request);
        return fetch(request);
      },
    });
    const { data } = await client.api.GET('/v1/keys/{key_id}', { params: { path: { key_id: KEY_ID } } });
    expect(data?.id).toBe(KEY_ID);
    expect(seen).toHaveLength(2);
    expect(seen.every((r) => r.signal instanceof AbortSignal)).toBe(true);
  });
});

describe('Idempotency-Key', () => {
  it('is set on POST, identical on every retry, and the body is sent again intact', async () => {
    server = await startStubServer((req, res) =>
      req.index < 2 ? sendProblem(res, 503, 'SERVICE_UNAVAILABLE') : sendJson(res, 201, CREATED_KEY_BODY),
    );
    const { data } = await testClient(server.url).api.POST('/v1/keys', { body: CREATE_KEY_REQUEST });
    expect(data?.secret).toBe(CREATED_KEY_BODY.secret);
    expect(server.requests).toHaveLength(3);
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(UUID);
    expect(new Set(keys).size).toBe(1);
    for (const request of server.requests) expect(JSON.parse(request.body)).toEqual(CREATE_KEY_REQUEST);
  });

  it('differs between two separate calls', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 201, CREATED_KEY_BODY));
    const client = testClient(server.url);
    await client.api.POST('/v1/keys', { body: CREATE_KEY_REQUEST });
    await client.api.POST('/v1/keys', { body: CREATE_KEY_REQUEST });
    const [first, second] = server.requests.map((r) => r.headers['idempotency-key']);
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);
  });

  it("keeps the caller's own key, on every retry", async () => {
    server = await startStubServer((req, res) =>
      req.index === 0 ? sendProblem(res, 429, 'RATE_LIMITED') : sendJson(res, 201, CREATED_KEY_BODY),
    );
    await testClient(server.url).api.POST('/v1/keys', {
      params: { header: { 'Idempotency-Key': 'import-2026-11-22-crm' } },
      body: CREATE_KEY_REQUEST,
    });
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['import-2026-11-22-crm', 'import-2026-11-22-crm']);
  });

  it('is set on POST even with retries off, and never on GET, PATCH or DELETE', async () => {
    server = await startStubServer((req, res) => {
      if (req.method !== 'DELETE') return sendJson(res, 200, API_KEY_BODY);
      res.writeHead(204);
      res.end();
    });
    const client = testClient(server.url, { retries: false });
    await client.api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: KEY_ID } } });
    await client.api.GET('/v1/keys/{key_id}', { params: { path: { key_id: KEY_ID } } });
    await client.api.PATCH('/v1/keys/{key_id}', { params: { path: { key_id: KEY_ID } }, body: { name: 'x' } });
    await client.api.DELETE('/v1/scopes/{scope_name}', { params: { path: { scope_name: 'write' } } });
    expect(server.requests.map((r) => [r.method, r.headers['idempotency-key'] !== undefined])).toEqual([
      ['POST', true],
      ['GET', false],
      ['PATCH', false],
      ['DELETE', false],
    ]);
  });

  it('is never set on verification, which the contract marks as changing nothing, and a failed verification is retried', async () => {
    const verdict = { valid: true, code: 'VALID', detail: 'ok', key: null };
    server = await startStubServer((req, res) => (req.index === 0 ? sendProblem(res, 503, 'SERVICE_UNAVAILABLE') : sendJson(res, 200, verdict)));
    const { data } = await testClient(server.url).api.POST('/v1/keys/verify', { body: { key: API_KEY } });
    expect(data?.code).toBe('VALID');
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual([undefined, undefined]);
  });

  it('reads which POSTs change nothing from the contract, also behind a path prefix', async () => {
    const { isSafeRequest } = await import('../../src/client/safe-operations.js');
    expect(isSafeRequest('POST', 'http://gw.internal/keyplane/v1/keys/verify')).toBe(true);
    expect(isSafeRequest('POST', 'http://gw.internal/v1/keys/verify?x=1')).toBe(true);
    expect(isSafeRequest('POST', 'http://gw.internal/v1/keys')).toBe(false);
    expect(isSafeRequest('POST', 'http://gw.internal/v1/keys/key_01/rotate')).toBe(false);
    expect(isSafeRequest('GET', 'http://gw.internal/v1/keys')).toBe(true);
    expect(isSafeRequest('PATCH', 'http://gw.internal/v1/keys/key_01')).toBe(false);
  });
});
