/**
 * The Fastify adapter: a `preHandler` hook over the core.
 */

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeyplaneIdentity } from './identity.js';
import type { KeyplaneMiddleware } from './keyplane-middleware.js';
import { requiredScopesOf, type KeyplaneRouteOptions } from './options.js';
import { presentedKeyOfNodeRequest } from './presented-key.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, set by `keyplaneFastify`. */
    keyplane?: KeyplaneIdentity;
  }
}

/** A Fastify `preHandler` hook. */
export type FastifyPreHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/**
 * A Fastify `preHandler` hook that lets a request through only with a key valid for
 * `route`: the identity is then on `request.keyplane`, and the key's `RateLimit` headers are
 * set on the reply. Otherwise it sends the refusal (401, 403, 429, or 503 when the service
 * cannot be asked) and the handler is not called. The client address defaults to
 * `request.ip`, which honours Fastify's `trustProxy` option. Use it per route
 * (`{ preHandler: hook }`) or for a scope (`app.addHook('preHandler', hook)`); declare
 * `app.decorateRequest('keyplane', undefined)` once so requests keep one shape.
 */
export function keyplaneFastify(keyplane: KeyplaneMiddleware, route: KeyplaneRouteOptions<FastifyRequest> = {}): FastifyPreHandler {
  const scopesOf = requiredScopesOf(route.requiredScopes);
  const addressOf = route.clientAddress ?? ((request: FastifyRequest) => request.ip);
  return async function keyplanePreHandler(request, reply) {
    const outcome = await keyplane.check({
      presented: presentedKeyOfNodeRequest(request.raw),
      requiredScopes: await scopesOf(request),
      clientIp: addressOf(request),
    });
    if (!outcome.ok) {
      const { status, headers, body } = outcome.refusal;
      // Serialized here: a route's response schema must not reshape the problem.
      return reply.code(status).headers(headers).send(JSON.stringify(body));
    }
    request.keyplane = outcome.identity;
    reply.headers(outcome.headers);
    return undefined;
  };
}
