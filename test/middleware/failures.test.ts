/**
 * Failing closed: when no verdict can be had, every adapter answers 503 problem+json and the
 * handler is never called. The service's own key refused, the service answering 5xx, and the
 * service gone.
 */

import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  keyplaneExpress,
  keyplaneFastify,
  keyplaneMiddleware,
  type KeyplaneMiddleware,
  type KeyplaneServiceFailure,
} from '../../src/middleware/index.js';
import { startStubServer, type StubServer } from '../helpers/stub-server.js';
import { listenExpress, listenFastify, listenHono, middlewareOf, request, startMiddlewareWorld, type Listening, type MiddlewareWorld } from './harness.js';

/** An app per framework whose one route counts the calls of its handler. */
interface CountingApp extends Listening {
  calls: number;
}

const COUNTING_APPS: Array<{ name: string; start(keyplane: KeyplaneMiddleware): Promise<CountingApp> }> = [
  {
    name: 'Express',
    async start(keyplane) {
      const app = express();
      const counting = { calls: 0 } as CountingApp;
      app.get('/work', keyplaneExpress(keyplane), (_req, res) => void (counting.calls++, res.json({ done: true })));
      return Object.assign(counting, await listenExpress(app));
    },
  },
  {
    name: 'Fastify',
    async start(keyplane) {
      const app = Fastify();
      const counting = { calls: 0 } as CountingApp;
      app.get('/work', { preHandler: keyplaneFastify(keyplane) }, async () => (counting.calls++, { done: true }));
      return Object.assign(counting, await listenFastify(app));
    },
  },
  {
    name: 'Hono (Fetch core)',
    async start(keyplane) {
      const app = new Hono();
      const counting = { calls: 0 } as CountingApp;
      app.get('/work', async (c) => {
        const { response } = await keyplane.verify(c.req.raw);
        if (response) return response;
        counting.calls++;
        return c.json({ done: true });
      });
      return Object.assign(counting, await listenHono(app));
    },
  },
];

/** Starts every counting app on `keyplane`; `stop()` closes them. */
async function startAll(keyplane: KeyplaneMiddleware) {
  const apps = await Promise.all(COUNTING_APPS.map(async (a) => ({ name: a.name, app: await a.start(keyplane) })));
  return { apps, stop: () => Promise.all(apps.map(({ app }) => app.close())) };
}

function expectUnavailable(body: any, secrets: string[]): void {
  expect(body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', type: 'https://keyplane.dev/problems/service-unavailable' });
  expect(body.detail).toMatch(/^The API key could not be checked, so the request was refused: /);
  const text = JSON.stringify(body);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('503: fail closed', () => {
  let world: MiddlewareWorld;
  beforeAll(async () => {
    world = await startMiddlewareWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it("the middleware's own key revoked: 503 saying so, the handler not called", async () => {
    const ownKey = await world.newKey({ name: 'doomed middleware key', scopes: ['keys:verify'] });
    const failures: KeyplaneServiceFailure[] = [];
    const keyplane = middlewareOf(world, { apiKey: ownKey.secret, onServiceFailure: (f) => failures.push(f) });
    const client = await world.newKey({ name: 'client', scopes: ['orders:read'] });
    const { apps, stop } = await startAll(keyplane);
    try {
      for (const { app } of apps) expect((await request(`${app.url}/work`, { key: client.secret })).status).toBe(200);
      await world.revoke(ownKey.id);
      for (const { name, app } of apps) {
        const answer = await request(`${app.url}/work`, { key: client.secret });
        expect(answer.status, name).toBe(503);
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expectUnavailable(answer.body, [ownKey.secret, client.secret]);
        expect(answer.body.detail).toContain("refused this API's own Keyplane key");
        expect(app.calls, name).toBe(1);
      }
      expect(failures).toEqual(Array(3).fill({ kind: 'key_refused', operation: 'verifyKey', status: 401, code: 'REVOKED_KEY', message: expect.any(String) }));
      for (const failure of failures) expect(failure.message).not.toContain(ownKey.secret);
    } finally {
      await stop();
    }
  });

  it('a key without keys:verify: 503, not a 403 the client would take for its own', async () => {
    const keyplane = middlewareOf(world, { apiKey: (await world.newKey({ name: 'wrong scope', scopes: ['orders:read'] })).secret });
    const client = await world.newKey({ name: 'client 2', scopes: ['orders:read'] });
    const { apps, stop } = await startAll(keyplane);
    try {
      for (const { name, app } of apps) {
        const answer = await request(`${app.url}/work`, { key: client.secret });
        expect(answer.status, name).toBe(503);
        expect(answer.body.detail).toContain("refused this API's own Keyplane key");
        expect(app.calls, name).toBe(0);
      }
    } finally {
      await stop();
    }
  });

  it('the service down (closed): 503 after the retries, the handler not called', async () => {
    const failures: KeyplaneServiceFailure[] = [];
    const keyplane = middlewareOf(world, { retries: { maxAttempts: 2, baseDelayMs: 10 }, onServiceFailure: (f) => failures.push(f) });
    const client = await world.newKey({ name: 'client 3', scopes: ['orders:read'] });
    const { apps, stop } = await startAll(keyplane);
    try {
      for (const { app } of apps) expect((await request(`${app.url}/work`, { key: client.secret })).status).toBe(200);
      await world.close();
      for (const { name, app } of apps) {
        const answer = await request(`${app.url}/work`, { key: client.secret });
        expect(answer.status, name).toBe(503);
        expectUnavailable(answer.body, [world.middlewareKey.secret, client.secret]);
        expect(answer.body.detail).toContain('could not be reached');
        expect(answer.body.detail).not.toContain(world.service.url);
        expect(app.calls, name).toBe(1);
      }
      expect(failures.map((f) => f.kind)).toEqual(['unreachable', 'unreachable', 'unreachable']);
      expect(failures[0]!.message).toContain('after 2 attempts');
    } finally {
      await stop();
    }
  });
});

describe('503: a service answering 5xx', () => {
  let stub: StubServer;
  beforeAll(async () => {
    stub = await startStubServer((_request, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html', 'Retry-After': '7' });
      res.end('<html><body>502 Bad Gateway</body></html>');
    });
  });
  afterAll(async () => {
    await stub?.close();
  });

  it("passes the service's Retry-After on, and never calls the handler", async () => {
    const keyplane = keyplaneMiddleware({ endpoint: stub.url, apiKey: 'nm_test_middleware', retries: false });
    const { apps, stop } = await startAll(keyplane);
    try {
      for (const { name, app } of apps) {
        const answer = await request(`${app.url}/work`, { key: 'nm_client_key' });
        expect(answer.status, name).toBe(503);
        expect(answer.headers.get('retry-after')).toBe('7');
        expectUnavailable(answer.body, ['nm_test_middleware', 'nm_client_key']);
        expect(answer.body.detail).toContain('(HTTP 502)');
        expect(app.calls, name).toBe(0);
      }
      // The client's key went in the body, the middleware's own in X-API-Key; the address as
      // Express and Fastify see it, and none from the Fetch core without `clientAddress`.
      const asked = stub.requests.filter((r) => r.url === '/v1/keys/verify');
      expect(asked.map((r) => JSON.parse(r.body))).toEqual([
        { key: 'nm_client_key', ip: '127.0.0.1' },
        { key: 'nm_client_key', ip: '127.0.0.1' },
        { key: 'nm_client_key' },
      ]);
      for (const r of asked) expect(r.headers['x-api-key']).toBe('nm_test_middleware');
    } finally {
      await stop();
    }
  });
});

describe('503: a service that does not answer', () => {
  let stub: StubServer;
  beforeAll(async () => {
    stub = await startStubServer(() => undefined); // never answers
  });
  afterAll(async () => {
    await stub?.close();
  });

  it('refuses once timeoutMs has passed, and never calls the handler', async () => {
    const failures: KeyplaneServiceFailure[] = [];
    const keyplane = keyplaneMiddleware({ endpoint: stub.url, apiKey: 'nm_test_middleware', timeoutMs: 150, retries: false, onServiceFailure: (f) => failures.push(f) });
    const { apps, stop } = await startAll(keyplane);
    try {
      for (const { name, app } of apps) {
        const started = performance.now();
        const answer = await request(`${app.url}/work`, { key: 'nm_client_key' });
        expect(answer.status, name).toBe(503);
        expect(performance.now() - started).toBeGreaterThanOrEqual(140);
        expect(answer.body.detail).toContain('did not answer in time');
        expect(app.calls, name).toBe(0);
      }
      expect(failures.map((f) => f.kind)).toEqual(['timeout', 'timeout', 'timeout']);
    } finally {
      await stop();
    }
  });
});
