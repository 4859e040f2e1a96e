/**
 * The API key must never appear in an error, an exception or a printout of the client.
 * Each test provokes a failure and searches everything a user or a log could see of it.
 */

import { inspect } from 'node:util';

import { afterEach, describe, expect, it } from 'vitest';

import { createKeyplaneClient, KeyplaneNetworkError, KeyplaneProblemError, unwrap } from '../../src/client/index.js';
import { startStubServer, type StubServer } from '../helpers/stub-server.js';
import { API_KEY, KEY_ID, closedPortUrl, testClient } from './fixtures.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const getKey = { params: { path: { key_id: KEY_ID } } };

/** Every way the value could be shown: message, stack, causes, util.inspect, JSON. */
function everythingVisible(value: unknown): string {
  const parts = [inspect(value, { depth: Infinity, showHidden: true, getters: true }), String(value)];
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch {
    // circular: inspect covered it
  }
  for (let e: unknown = value; e instanceof Error; e = e.cause) parts.push(e.message, e.stack ?? '');
  return parts.join('\n');
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    const result = await promise;
    return unwrap(result as { response: Response });
  } catch (error) {
    return error;
  }
}

describe('the API key', () => {
  it('is not shown when the client is printed, logged or serialised', () => {
    for (const authStyle of ['x-api-key', 'bearer'] as const) {
      const client = createKeyplaneClient({ endpoint: 'https://keys.example.com', apiKey: API_KEY, authStyle });
      expect(String(client)).toBe(`KeyplaneClient(https://keys.example.com, auth: ${authStyle})`);
      expect(inspect(client)).toBe(`KeyplaneClient(https://keys.example.com, auth: ${authStyle})`);
      expect(JSON.stringify(client)).toBe(`{"endpoint":"https://keys.example.com","authStyle":"${authStyle}"}`);
      expect(everythingVisible(client)).not.toContain(API_KEY);
      expect(everythingVisible(client.api)).not.toContain(API_KEY);
      expect(Object.values(client)).not.toContain(API_KEY);
    }
  });

  it('is not in configuration errors about it', () => {
    for (const bad of [`${API_KEY}\nX-Injected: 1`, `Bearer ${API_KEY}`, `${API_KEY}\u00e9`]) {
      let thrown: unknown;
      try {
        createKeyplaneClient({ endpoint: 'https://keys.example.com', apiKey: bad });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ name: 'KeyplaneConfigError' });
      expect(everythingVisible(thrown)).not.toContain(API_KEY.slice(0, 12));
    }
  });

  it('is not in a network error', async () => {
    const failure = await failureOf(testClient(await closedPortUrl(), { retries: false }).api.GET('/v1/keys/{key_id}', getKey));
    expect(failure).toBeInstanceOf(KeyplaneNetworkError);
    expect(everythingVisible(failure)).not.toContain(API_KEY);
  });

  it('is removed from an error a fetch implementation throws with it', async () => {
    const client = testClient('http://127.0.0.1:9', {
      retries: false,
      fetch: (request) => {
        const cause = new Error(`proxy refused header ${request.headers.get('X-API-Key') ?? ''}`);
        return Promise.reject(Object.assign(new TypeError('fetch failed', { cause }), { sent: request.headers.get('X-API-Key') }));
      },
    });
    const failure = await failureOf(client.api.GET('/v1/keys/{key_id}', getKey));
    expect(failure).toBeInstanceOf(KeyplaneNetworkError);
    expect(everythingVisible(failure)).not.toContain(API_KEY);
    expect((failure as Error).cause).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
  });

  it('is not in a timeout error', async () => {
    server = await startStubServer(() => undefined);
    const failure = await failureOf(testClient(server.url, { timeoutMs: 100, retries: false }).api.GET('/v1/keys/{key_id}', getKey));
    expect(failure).toMatchObject({ name: 'KeyplaneTimeoutError' });
    expect(everythingVisible(failure)).not.toContain(API_KEY);
  });

  it('is redacted from an error page that echoes the request headers', async () => {
    server = await startStubServer((req, res) => {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end(`Bad request. Headers: ${JSON.stringify(req.headers)}`);
    });
    const client = testClient(server.url);
    const { error } = await client.api.GET('/v1/keys/{key_id}', getKey);
    expect(error?.detail).toContain('[REDACTED]');
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    const failure = await failureOf(client.api.GET('/v1/keys/{key_id}', getKey));
    expect(failure).toBeInstanceOf(KeyplaneProblemError);
    expect(everythingVisible(failure)).not.toContain(API_KEY);
  });
});
