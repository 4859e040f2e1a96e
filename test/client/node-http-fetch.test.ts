import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';

import { KeyplaneTimeoutError } from '../../src/client/index.js';
import { createNodeHttpFetch } from '../../src/client/node-http-fetch.js';
import { sendJson, sendProblem, startStubServer, type StubServer } from '../helpers/stub-server.js';
import { API_KEY, API_KEY_BODY, closedPortUrl, CREATED_KEY_BODY, KEY_ID, testClient } from './fixtures.js';

let server: StubServer | undefined;
let plain: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  plain?.closeAllConnections();
  await new Promise<void>((resolve) => (plain ? plain.close(() => resolve()) : resolve()));
  plain = undefined;
});

/** A server that counts the connections it accepts and answers every request with `text`. */
async function countingServer(answer: (path: string) => { status: number; headers?: Record<string, string>; body?: Buffer | string }) {
  let connections = 0;
  plain = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const { status, headers, body } = answer(req.url ?? '');
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  plain.on('connection', () => connections++);
  await new Promise<void>((resolve) => plain!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(plain.address() as AddressInfo).port}`, connections: () => connections };
}

describe('createNodeHttpFetch', () => {
  it('sends method, headers and body, and answers with status, headers, body and URL', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 201, { ok: true }, { 'X-Request-Id': 'req_1' }));
    const nodeFetch = createNodeHttpFetch();
    const request = new Request(`${server.url}/v1/things?x=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes' },
      body: JSON.stringify({ name: 'ü' }),
    });
    const response = await nodeFetch(request);
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('req_1');
    expect(response.url).toBe(`${server.url}/v1/things?x=1`);
    expect(await response.json()).toEqual({ ok: true });
    const [received] = server.requests;
    expect(received).toMatchObject({ method: 'POST', url: '/v1/things?x=1', body: '{"name":"ü"}' });
    expect(received!.headers).toMatchObject({ 'content-type': 'application/json', 'x-custom': 'yes', 'content-length': '13' });
  });

  it('answers with a Response that reads like any other: once, by any method, cloned, or as a stream', async () => {
    const text = '\uFEFF{"name":"caf\u00e9"}';
    const target = await countingServer(() => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: text }));
    const nodeFetch = createNodeHttpFetch();
    const response = await nodeFetch(new Request(`${target.url}/r`));
    expect(response).toBeInstanceOf(Response);
    expect(response.bodyUsed).toBe(false);
    const copy = response.clone();
    expect(await response.json()).toEqual({ name: 'café' }); // the byte order mark is dropped, as fetch does
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    expect(new Uint8Array(await copy.arrayBuffer())).toEqual(new Uint8Array(Buffer.from(text)));
    const blob = await (await nodeFetch(new Request(`${target.url}/r`))).blob();
    expect(blob.type).toBe('application/json');
    expect(blob.size).toBe(Buffer.byteLength(text));
    const streamed = await nodeFetch(new Request(`${target.url}/r`));
    const chunks: Uint8Array[] = [];
    for await (const chunk of streamed.body!) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe(text);
    expect(streamed.bodyUsed).toBe(true);
  });

  it('reuses its connections: one for requests in sequence, no more than the requests in flight', async () => {
    const target = await countingServer(() => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' }));
    const nodeFetch = createNodeHttpFetch();
    for (let i = 0; i < 5; i++) await (await nodeFetch(new Request(`${target.url}/a`))).text();
    expect(target.connections()).toBe(1);
    await Promise.all(Array.from({ length: 4 }, async () => (await nodeFetch(new Request(`${target.url}/b`))).text()));
    expect(target.connections()).toBeLessThanOrEqual(4);
  });

  it('rejects as fetch does when there is no answer: TypeError "fetch failed", the reason as cause', async () => {
    const failure = await createNodeHttpFetch()(new Request(`${await closedPortUrl()}/x`)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
  });

  it("stops at once when the request's signal aborts, with its reason", async () => {
    server = await startStubServer(() => undefined); // never answers
    const controller = new AbortController();
    const pending = createNodeHttpFetch()(new Request(`${server.url}/slow`, { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('enough')), 50);
    await expect(pending).rejects.toThrow('enough');
  });

  it('decompresses a compressed body and answers 204 with no body', async () => {
    const target = await countingServer((path) =>
      path === '/gzip'
        ? { status: 200, headers: { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' }, body: gzipSync('hello') }
        : { status: 204 },
    );
    const nodeFetch = createNodeHttpFetch();
    expect(await (await nodeFetch(new Request(`${target.url}/gzip`))).text()).toBe('hello');
    const empty = await nodeFetch(new Request(`${target.url}/none`, { method: 'DELETE' }));
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('follows a redirect, and returns it as it is when asked to (redirect: manual)', async () => {
    server = await startStubServer((req, res) => {
      if (req.url === '/old') {
        res.writeHead(302, { Location: '/new' });
        res.end();
      } else sendJson(res, 200, { at: req.url });
    });
    const nodeFetch = createNodeHttpFetch();
    expect(await (await nodeFetch(new Request(`${server.url}/old`))).json()).toEqual({ at: '/new' });
    const manual = await nodeFetch(new Request(`${server.url}/old`, { redirect: 'manual' }));
    expect(manual.status).toBe(302);
  });

  it('refuses every request while `refuse` says so, sending nothing', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 200, {}));
    let stopped = false;
    const nodeFetch = createNodeHttpFetch({ refuse: () => (stopped ? new Error('stopping') : undefined) });
    expect((await nodeFetch(new Request(`${server.url}/a`))).status).toBe(200);
    stopped = true;
    await expect(nodeFetch(new Request(`${server.url}/b`))).rejects.toThrow('stopping');
    expect(server.requests.map((r) => r.url)).toEqual(['/a']);
  });
});

describe('the client over createNodeHttpFetch', () => {
  const getKey = { params: { path: { key_id: KEY_ID } } };

  it('retries a 503 with the same Idempotency-Key and returns the created key', async () => {
    server = await startStubServer((req, res) =>
      req.index === 0 ? sendProblem(res, 503, 'SERVICE_UNAVAILABLE') : sendJson(res, 201, CREATED_KEY_BODY),
    );
    const client = testClient(server.url, { fetch: createNodeHttpFetch() });
    const { data } = await client.api.POST('/v1/keys', { body: { name: 'CRM Sync', scopes: ['CRM_SYNC'] } });
    expect(data?.secret).toBe(CREATED_KEY_BODY.secret);
    const [first, second] = server.requests;
    expect(first!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    expect(second!.body).toBe(first!.body);
    expect(first!.headers['x-api-key']).toBe(API_KEY);
  });

  it('counts a body that stalls after the headers as a timeout, and retries', async () => {
    server = await startStubServer((req, res) => {
      if (req.index > 0) return sendJson(res, 200, API_KEY_BODY);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"id":'); // ...and nothing more
    });
    const client = testClient(server.url, { timeoutMs: 300, fetch: createNodeHttpFetch() });
    const { data } = await client.api.GET('/v1/keys/{key_id}', getKey);
    expect(data?.id).toBe(KEY_ID);
    expect(server.requests).toHaveLength(2);
  });

  it('throws KeyplaneTimeoutError when the service never answers', async () => {
    server = await startStubServer(() => undefined);
    const client = testClient(server.url, { timeoutMs: 200, retries: false, fetch: createNodeHttpFetch() });
    await expect(client.api.GET('/v1/keys/{key_id}', getKey)).rejects.toBeInstanceOf(KeyplaneTimeoutError);
  });

  it('turns an error page into a problem, with the API key it echoed removed', async () => {
    server = await startStubServer((req, res) => {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end(`Bad request. Headers: ${JSON.stringify(req.headers)}`);
    });
    const { error, response } = await testClient(server.url, { fetch: createNodeHttpFetch() }).api.GET('/v1/keys/{key_id}', getKey);
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
    expect(error?.detail).toContain('[REDACTED]');
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });
});
