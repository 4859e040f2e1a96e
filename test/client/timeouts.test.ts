import { afterEach, describe, expect, it } from 'vitest';

import { KeyplaneTimeoutError } from '../../src/client/index.js';
import { sendJson, sendProblem, startStubServer, type StubServer } from '../helpers/stub-server.js';
import { API_KEY_BODY, KEY_ID, testClient } from './fixtures.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const getKey = { params: { path: { key_id: KEY_ID } } };
const never = (): void => undefined; // a handler that leaves the request unanswered

describe('timeouts', () => {
  it('throws KeyplaneTimeoutError within about timeoutMs when the service never answers', async () => {
    server = await startStubServer(never);
    const client = testClient(server.url, { timeoutMs: 300, retries: false });
    const started = performance.now();
    const failure = await client.api.GET('/v1/keys/{key_id}', getKey).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(failure).toBeInstanceOf(KeyplaneTimeoutError);
    expect(failure).toMatchObject({ kind: 'timeout', timeoutMs: 300, attempts: 1, method: 'GET' });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('retries an attempt that timed out', async () => {
    server = await startStubServer((req, res) => (req.index === 0 ? never() : sendJson(res, 200, API_KEY_BODY)));
    const client = testClient(server.url, { timeoutMs: 300 });
    const started = performance.now();
    const { data } = await client.api.GET('/v1/keys/{key_id}', getKey);
    expect(data?.id).toBe(KEY_ID);
    expect(server.requests).toHaveLength(2);
    // The second attempt starts once the first has had its 300 ms (the server shares our clock).
    expect(server.requests[1]!.receivedAt - started).toBeGreaterThanOrEqual(295);
  });

  it('gives up with KeyplaneTimeoutError when every attempt times out', async () => {
    server = await startStubServer(never);
    const client = testClient(server.url, { timeoutMs: 300, retries: { maxAttempts: 3, baseDelayMs: 0, random: () => 0 } });
    const failure = await client.api.POST('/v1/keys', { body: { name: 'x', scopes: [] } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(KeyplaneTimeoutError);
    expect((failure as KeyplaneTimeoutError).attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('counts a body that stalls after the headers as a timeout', async () => {
    server = await startStubServer((req, res) => {
      if (req.index > 0) return sendJson(res, 200, API_KEY_BODY);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"id":'); // ...and nothing more
    });
    const { data } = await testClient(server.url, { timeoutMs: 400 }).api.GET('/v1/keys/{key_id}', getKey);
    expect(data?.id).toBe(KEY_ID);
    expect(server.requests).toHaveLength(2);
  });

  it('holds even when the injected fetch ignores its signal', async () => {
    server = await startStubServer(never);
    const client = testClient(server.url, {
      timeoutMs: 150,
      retries: false,
      fetch: (request) => fetch(request.url, { headers: request.headers }), // drops the signal
    });
    await expect(client.api.GET('/v1/keys/{key_id}', getKey)).rejects.toBeInstanceOf(KeyplaneTimeoutError);
  });
});

describe("the caller's AbortSignal", () => {
  it('stops the retries while waiting between attempts', async () => {
    server = await startStubServer((_req, res) => sendProblem(res, 503, 'SERVICE_UNAVAILABLE', { 'Retry-After': '5' }));
    const controller = new AbortController();
    let waitStarted = 0;
    // Abort 50 ms into the 5 s the server asked the client to wait.
    const client = testClient(server.url, {
      retries: {
        onRetry: () => {
          waitStarted = performance.now();
          setTimeout(() => controller.abort(), 50);
        },
      },
    });
    const failure = await client.api.GET('/v1/keys/{key_id}', { ...getKey, signal: controller.signal }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'AbortError' });
    expect(waitStarted).toBeGreaterThan(0);
    expect(performance.now() - waitStarted).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it('stops an attempt in flight, which is not retried or reported as a timeout', async () => {
    const controller = new AbortController();
    // Abort once the request has reached the server, which never answers it.
    server = await startStubServer(() => controller.abort());
    const failure = await testClient(server.url, { timeoutMs: 5_000 })
      .api.GET('/v1/keys/{key_id}', { ...getKey, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'AbortError' });
    expect(failure).not.toBeInstanceOf(KeyplaneTimeoutError);
    // Give a wrongly scheduled retry the time to show up.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(1);
  });

  it('rejects with the reason the caller gave', async () => {
    server = await startStubServer(never);
    const controller = new AbortController();
    const reason = new Error('user pressed Ctrl-C');
    setTimeout(() => controller.abort(reason), 50);
    await expect(
      testClient(server.url).api.GET('/v1/keys/{key_id}', { ...getKey, signal: controller.signal }),
    ).rejects.toBe(reason);
  });

  it('sends nothing when already aborted', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 200, API_KEY_BODY));
    await expect(
      testClient(server.url).api.GET('/v1/keys/{key_id}', { ...getKey, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(0);
  });
});
