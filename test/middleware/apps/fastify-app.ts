import Fastify, { type FastifyInstance } from 'fastify';
import { keyplaneFastify, type KeyplaneMiddleware } from '../../../src/middleware/index.js';

/** An orders API whose routes need Keyplane keys. */
export function createFastifyApp(keyplane: KeyplaneMiddleware): FastifyInstance {
  // A proxy on this machine forwards the client's address: request.ip is that address.
  const app = Fastify({ trustProxy: '127.0.0.1' });
  app.decorateRequest('keyplane', undefined);

  app.get('/orders', { preHandler: keyplaneFastify(keyplane, { requiredScopes: ['orders:read'] }) }, async (request) => {
    return { orders: [], caller: request.keyplane };
  });
  app.post('/orders', { preHandler: keyplaneFastify(keyplane, { requiredScopes: ['orders:write'] }) }, async (request, reply) => {
    return reply.code(201).send({ created_by: request.keyplane?.id });
  });
  return app;
}
