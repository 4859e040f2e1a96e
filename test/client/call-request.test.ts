import { afterEach, describe, expect, it } from 'vitest';

import { createNodeHttpFetch } from '../../src/client/node-http-fetch.js';
import { sendJson, sendProblem, startStubServer, type StubServer } from '../helpers/stub-server.js';
import { API_KEY, CREATE_KEY_REQUEST, CREATED_KEY_BODY, testClient } from './fixtures.js';

let server: StubServer | undefined;
const StandardRequest = globalThis.Request;
let built = 0;

/** Counts the WHATWG Requests made from now on (openapi-fetch reads the global when a client is created). */
function countRequests(): void {
  built = 0;
  globalThis.Request = class CountedRequest extends StandardRequest {
    constructor(...args: ConstructorParameters<typeof Request>) {
      super(...args);
      built++;
    }
  };
}

afterEach(async () => {
  globalThis.Request = StandardRequest;
  await server?.close();
  server = undefined;
});

describe('a client whose fetch has a transport (the provider\'s)', () => {
  it('sends a call without building a WHATWG Request, with the same headers and body a Request would carry', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 201, CREATED_KEY_BODY));
    countRequests();
    const client = testClient(server.url, { fetch: createNodeHttpFetch() });

    const { data } = await client.api.POST('/v1/keys', { body: CREATE_KEY_REQUEST, params: { header: { 'X-Custom': 'kept' } as never } });
    expect(data).toEqual(CREATED_KEY_BODY);
    expect(built).toBe(0);
    const [received] = server.requests;
    expect(received).toMatchObject({ method: 'POST', url: '/v1/keys', body: JSON.stringify(CREATE_KEY_REQUEST) });
    expect(received!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-api-key': API_KEY,
      'x-custom': 'kept',
      'content-length': String(Buffer.byteLength(JSON.stringify(CREATE_KEY_REQUEST))),
    });
    expect(received!.headers['idempotency-key']).toMatch(/\S{16,}/);
  });

  it('sends the same body and Idempotency-Key again on a retry', async () => {
    let calls = 0;
    server = await startStubServer((_req, res) => (++calls === 1 ? sendProblem(res, 503, 'SERVICE_UNAVAILABLE') : sendJson(res, 201, CREATED_KEY_BODY)));
    const client = testClient(server.url, { fetch: createNodeHttpFetch() });

    const { data } = await client.api.POST('/v1/keys', { body: CREATE_KEY_REQUEST });
    expect(data).toEqual(CREATED_KEY_BODY);
    const [first, second] = server.requests;
    expect(second!.body).toBe(first!.body);
    expect(second!.body).toBe(JSON.stringify(CREATE_KEY_REQUEST));
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
  });

  it('hands middleware a real Request once middleware is added, and the call still goes through the transport', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 201, CREATED_KEY_BODY));
    countRequests();
    const client = testClient(server.url, { fetch: createNodeHttpFetch() });
    const seen: unknown[] = [];
    client.api.use({
      onRequest({ request }) {
        seen.push(request);
        request.headers.set('X-From-Middleware', 'yes');
        return request;
      },
    });

    const { data } = await client.api.POST('/v1/keys', { body: CREATE_KEY_REQUEST });
    expect(data).toEqual(CREATED_KEY_BODY);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(StandardRequest);
    expect(built).toBeGreaterThan(0);
    expect(server.requests[0]!.headers).toMatchObject({ 'x-from-middleware': 'yes', 'x-api-key': API_KEY });
    expect(server.requests[0]!.body).toBe(JSON.stringify(CREATE_KEY_REQUEST));
  });

  it('aborts a call when the caller\'s signal does', async () => {
    server = await startStubServer(() => new Promise(() => undefined));
    const client = testClient(server.url, { fetch: createNodeHttpFetch() });
    const controller = new AbortController();
    const call = client.api.GET('/v1/myself', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop now')), 50);
    await expect(call).rejects.toThrow('stop now');
  });
});
