import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';

import { createNodeHttpFetch } from '../../src/client/node-http-fetch.js';
import { sendJson, startStubServer, type StubServer } from '../helpers/stub-server.js';
import { API_KEY_BODY, KEY_ID, testClient } from './fixtures.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const getKey = (signal: AbortSignal) => ({ params: { path: { key_id: KEY_ID } }, signal });

// The Terraform provider passes its stop signal with every call of a run.
describe('one long-lived signal passed with every call', () => {
  for (const [transport, fetch] of [
    ['the built-in fetch', undefined],
    ['createNodeHttpFetch', createNodeHttpFetch()],
  ] as const) {
    it(`holds one listener while calls are in flight and none after (${transport})`, async () => {
      server = await startStubServer((_req, res) => void setTimeout(() => sendJson(res, 200, API_KEY_BODY), 30));
      const client = testClient(server.url, fetch ? { fetch } : {});
      const stop = new AbortController();
      const calls = Promise.all(Array.from({ length: 50 }, () => client.api.GET('/v1/keys/{key_id}', getKey(stop.signal))));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
      await calls;
      expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    });
  }

  it('still aborts a call in flight, with its reason', async () => {
    server = await startStubServer(() => undefined); // never answers
    const client = testClient(server.url, { retries: false });
    const stop = new AbortController();
    const pending = client.api.GET('/v1/keys/{key_id}', getKey(stop.signal));
    setTimeout(() => stop.abort(new Error('provider stopping')), 50);
    await expect(pending).rejects.toThrow('provider stopping');
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('sends nothing once it has aborted', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 200, API_KEY_BODY));
    const stop = new AbortController();
    stop.abort(new Error('stopped before'));
    await expect(testClient(server.url).api.GET('/v1/keys/{key_id}', getKey(stop.signal))).rejects.toThrow('stopped before');
    expect(server.requests).toHaveLength(0);
  });
});
