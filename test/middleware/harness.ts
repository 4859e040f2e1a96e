/**
 * The middleware's test world: the real Keyplane service on a free port, a key for the
 * middleware (keys:verify), the orders scopes, and the example apps of docs/middleware.md
 * (test/middleware/apps) listening on free ports under Express, Fastify and Hono on Node.
 */

import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { FastifyInstance } from 'fastify';
import type { Hono } from 'hono';
import { unwrap } from '../../src/client/index.js';
import { keyplaneMiddleware, type KeyplaneMiddleware, type KeyplaneMiddlewareOptions } from '../../src/middleware/index.js';
import { createKey, type ApiKeyWithSecret, type CreateKeyRequest } from '../helpers/api.js';
import { startService, type StartOptions, type TestService } from '../helpers/service.js';
import { createExpressApp } from './apps/express-app.js';
import { createFastifyApp } from './apps/fastify-app.js';
import { createHonoApp } from './apps/hono-app.js';

/** A server listening on 127.0.0.1 and a free port. */
export interface Listening {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** Runs a Node server (Express's app, Hono's node-server) and closes it with its keep-alive connections. */
async function listenNode(server: Server): Promise<Listening> {
  if (!server.listening) await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export function listenExpress(app: { listen(port: number, host: string): Server }): Promise<Listening> {
  return listenNode(app.listen(0, '127.0.0.1'));
}

export async function listenFastify(app: FastifyInstance): Promise<Listening> {
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

// Any Env: the server does not care what the app keeps in its context.
export function listenHono(app: Hono<any>): Promise<Listening> {
  return listenNode(serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server);
}

/** The three example apps of docs/middleware.md, each started on a middleware instance. */
export const FRAMEWORKS = [
  { name: 'Express', start: (keyplane: KeyplaneMiddleware) => listenExpress(createExpressApp(keyplane)) },
  { name: 'Fastify', start: (keyplane: KeyplaneMiddleware) => listenFastify(createFastifyApp(keyplane)) },
  { name: 'Hono', start: (keyplane: KeyplaneMiddleware) => listenHono(createHonoApp(keyplane)) },
] as const;

export interface MiddlewareWorld {
  service: TestService;
  /** The middleware's own key: keys:verify only. */
  middlewareKey: ApiKeyWithSecret;
  /** Options for `keyplaneMiddleware` with the middleware's key, no retries, and every answer checked against openapi.yaml. */
  options(extra?: Partial<KeyplaneMiddlewareOptions>): KeyplaneMiddlewareOptions;
  /** A key of the operator organization, made with the admin key. */
  newKey(body: CreateKeyRequest): Promise<ApiKeyWithSecret>;
  revoke(keyId: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the service and makes the scopes `orders:read` and `orders:write` and the middleware's key. */
export async function startMiddlewareWorld(startOptions: StartOptions = {}): Promise<MiddlewareWorld> {
  const service = await startService(startOptions);
  const admin = service.client();
  for (const name of ['orders:read', 'orders:write']) unwrap(await admin.api.POST('/v1/scopes', { body: { name } }));
  const middlewareKey = await createKey(service, { name: 'orders API', scopes: ['keys:verify'] });
  let closed = false;
  return {
    service,
    middlewareKey,
    options: (extra = {}) => ({
      endpoint: service.url,
      apiKey: middlewareKey.secret,
      retries: false,
      fetch: async (request: Request) => {
        const response = await fetch(request);
        await service.conformance.check(request.method, request.url, response);
        return response;
      },
      ...extra,
    }),
    newKey: (body) => createKey(service, body),
    async revoke(keyId) {
      unwrap(await admin.api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: keyId } }, body: {} }));
    },
    async close() {
      if (closed) return;
      closed = true;
      await service.close();
    },
  };
}

/** A middleware instance of `world` with `extra` options. */
export function middlewareOf(world: MiddlewareWorld, extra?: Partial<KeyplaneMiddlewareOptions>): KeyplaneMiddleware {
  return keyplaneMiddleware(world.options(extra));
}

/** An answer read whole. */
export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** `fetch` to a test app, the body parsed as JSON. */
export async function request(url: string, init: RequestInit & { key?: string; bearer?: string } = {}): Promise<Answer> {
  const headers = new Headers(init.headers);
  if (init.key !== undefined) headers.set('X-API-Key', init.key);
  if (init.bearer !== undefined) headers.set('Authorization', `Bearer ${init.bearer}`);
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}
