import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { KeyplaneIdentity, KeyplaneMiddleware } from '../../../src/middleware/index.js';

type Env = { Variables: { keyplane: KeyplaneIdentity } };

/** The client's address: the peer's, or the one a proxy on this machine forwards. */
function clientAddress(c: Context): string | undefined {
  const peer = getConnInfo(c).remote.address;
  const forwarded = c.req.header('X-Forwarded-For');
  return peer === '127.0.0.1' && forwarded ? forwarded.split(',').at(-1)?.trim() : peer;
}

/** An orders API whose routes need Keyplane keys. */
export function createHonoApp(keyplane: KeyplaneMiddleware): Hono<Env> {
  const requireKey = (requiredScopes: string[]) =>
    createMiddleware<Env>(async (c, next) => {
      const { identity, headers, response } = await keyplane.verify(c.req.raw, { requiredScopes, clientAddress: () => clientAddress(c) });
      if (response) return response;
      c.set('keyplane', identity);
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      await next();
    });

  const app = new Hono<Env>();
  app.get('/orders', requireKey(['orders:read']), (c) => c.json({ orders: [], caller: c.get('keyplane') }));
  app.post('/orders', requireKey(['orders:write']), (c) => c.json({ created_by: c.get('keyplane').id }, 201));
  return app;
}
