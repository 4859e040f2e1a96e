import { afterEach, describe, expect, it } from 'vitest';

import { KeyplaneNetworkError, type RetryEvent } from '../../src/client/index.js';
import { problemBody, sendJson, sendProblem, startStubServer, type StubServer } from '../helpers/stub-server.js';
import { API_KEY_BODY, CREATE_KEY_REQUEST, CREATED_KEY_BODY, KEY_ID, closedPortUrl, testClient } from './fixtures.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const getKey = { params: { path: { key_id: KEY_ID } } };

describe('retries', () => {
  it('retries a 429 after the Retry-After it was given', async () => {
    server = await startStubServer((req, res) =>
      req.index === 0 ? sendProblem(res, 429, 'RATE_LIMITED', { 'Retry-After': '1' }) : sendJson(res, 200, API_KEY_BODY),
    );
    const { data, error } = await testClient(server.url).api.GET('/v1/keys/{key_id}', getKey);
    expect(error).toBeUndefined();
    expect(data?.id).toBe(KEY_ID);
    const [first, second] = server.requests;
    expect(server.requests).toHaveLength(2);
    // Far above the 0 ms the backoff would wait (random() = 0): the header was obeyed.
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(980);
  });

  it('retries a 503, a POST included', async () => {
    server = await startStubServer((req, res) =>
      req.index === 0 ? sendProblem(res, 503, 'SERVICE_UNAVAILABLE') : sendJson(res, 201, CREATED_KEY_BODY),
    );
    const { data } = await testClient(server.url).api.POST('/v1/keys', { body: CREATE_KEY_REQUEST });
    expect(data?.secret).toBe(CREATED_KEY_BODY.secret);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it.each([
    [400, 'VALIDATION_FAILED'],
    [401, 'UNKNOWN_KEY'],
    [403, 'INSUFFICIENT_SCOPE'],
    [404, 'KEY_NOT_FOUND'],
    [409, 'IDEMPOTENCY_KEY_REUSED'],
    [422, 'UNKNOWN_SCOPE'],
    [500, 'INTERNAL_ERROR'],
  ])('does not retry a %i (%s)', async (status, code) => {
    server = await startStubServer((_req, res) => sendProblem(res, status, code));
    const client = testClient(server.url);
    const get = await client.api.GET('/v1/keys/{key_id}', getKey);
    const post = await client.api.POST('/v1/keys', { body: CREATE_KEY_REQUEST });
    expect(get.response.status).toBe(status);
    expect(post.response.status).toBe(status);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after maxAttempts and returns the last problem', async () => {
    server = await startStubServer((req, res) => {
      res.writeHead(503, { 'Content-Type': 'application/problem+json' });
      res.end(JSON.stringify(problemBody(503, 'SERVICE_UNAVAILABLE', `attempt ${req.index + 1}`)));
    });
    const events: RetryEvent[] = [];
    const client = testClient(server.url, {
      retries: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 30, random: () => 0.5, onRetry: (e) => events.push(e) },
    });
    const { data, error, response } = await client.api.GET('/v1/keys/{key_id}', getKey);
    expect(data).toBeUndefined();
    expect(response.status).toBe(503);
    expect(error?.detail).toBe('attempt 4');
    expect(server.requests).toHaveLength(4);
    // Full jitter with random() = 0.5: half of min(30, 20 * 2^(n-1)).
    expect(events.map((e) => [e.attempt, e.delayMs, e.reason])).toEqual([
      [1, 10, { kind: 'status', status: 503 }],
      [2, 15, { kind: 'status', status: 503 }],
      [3, 15, { kind: 'status', status: 503 }],
    ]);
  });

  it('hands over a 429 at once when Retry-After is beyond maxRetryAfterMs', async () => {
    server = await startStubServer((_req, res) => sendProblem(res, 429, 'RATE_LIMITED', { 'Retry-After': '120' }));
    const client = testClient(server.url, { retries: { maxRetryAfterMs: 60_000 } });
    const started = performance.now();
    const { error, response } = await client.api.GET('/v1/keys/{key_id}', getKey);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error?.code).toBe('RATE_LIMITED');
    expect(response.headers.get('Retry-After')).toBe('120');
    expect(server.requests).toHaveLength(1);
  });

  it('makes a single attempt with retries: false', async () => {
    server = await startStubServer((_req, res) => sendProblem(res, 503, 'SERVICE_UNAVAILABLE'));
    const { error } = await testClient(server.url, { retries: false }).api.GET('/v1/keys/{key_id}', getKey);
    expect(error?.code).toBe('SERVICE_UNAVAILABLE');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a POST whose earlier attempt is still being processed (409 IDEMPOTENCY_REQUEST_IN_PROGRESS)', async () => {
    server = await startStubServer((req, res) =>
      req.index === 0 ? sendProblem(res, 409, 'IDEMPOTENCY_REQUEST_IN_PROGRESS') : sendJson(res, 201, CREATED_KEY_BODY),
    );
    const { data } = await testClient(server.url).api.POST('/v1/keys', { body: CREATE_KEY_REQUEST });
    expect(data?.id).toBe(KEY_ID);
    expect(server.requests).toHaveLength(2);
  });

  it('retries after a dropped connection', async () => {
    server = await startStubServer((req, res) => {
      if (req.index === 0) res.socket?.destroy();
      else sendJson(res, 201, CREATED_KEY_BODY);
    });
    const { data } = await testClient(server.url).api.POST('/v1/keys', { body: CREATE_KEY_REQUEST });
    expect(data?.secret).toBe(CREATED_KEY_BODY.secret);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]?.headers['idempotency-key']).toBe(server.requests[1]?.headers['idempotency-key']);
  });

  it('throws KeyplaneNetworkError when the service cannot be reached, after every attempt', async () => {
    const endpoint = await closedPortUrl();
    const events: RetryEvent[] = [];
    const client = testClient(endpoint, { retries: { maxAttempts: 3, baseDelayMs: 5, random: () => 0, onRetry: (e) => events.push(e) } });
    const failure = await client.api.GET('/v1/keys/{key_id}', getKey).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(KeyplaneNetworkError);
    const error = failure as KeyplaneNetworkError;
    expect(error.kind).toBe('network');
    expect(error.attempts).toBe(3);
    expect(error.method).toBe('GET');
    expect(error.url).toBe(`${endpoint}/v1/keys/${KEY_ID}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(events.map((e) => e.reason)).toEqual([{ kind: 'network' }, { kind: 'network' }]);
  });
});
