/**
 * `keyplaneMiddleware`: the framework-neutral core. Give it a Fetch API `Request` (Hono,
 * Next.js route handlers, Bun, Deno, Cloudflare Workers) and get the caller's identity or the
 * `Response` to send. The Express and Fastify adapters are built on the same instance.
 */

import { createKeyVerifier, type VerificationInput, type VerificationOutcome } from './key-verifier.js';
import type { KeyplaneIdentity } from './identity.js';
import { requiredScopesOf, resolveMiddlewareOptions, type KeyplaneMiddlewareOptions, type KeyplaneRouteOptions } from './options.js';
import { presentedKeyOfHeaders } from './presented-key.js';
import { refusalResponse } from './refusal.js';

/**
 * The outcome of `verify`: the identity (and the `RateLimit-Policy` and `RateLimit` headers
 * to add to the handler's answer), or the `Response` to send instead of calling the handler.
 */
export type KeyplaneResult =
  | { identity: KeyplaneIdentity; headers: Record<string, string>; response?: undefined }
  | { identity?: undefined; headers?: undefined; response: Response };

/** One middleware instance: one client, one cache; share it between routes. */
export interface KeyplaneMiddleware {
  /**
   * Verifies the key `request` presents for a route that needs `route.requiredScopes`.
   * A Fetch `Request` carries no client address: pass `route.clientAddress`, or a key that
   * has IP rules is refused (403).
   */
  verify(request: Request, route?: KeyplaneRouteOptions<Request>): Promise<KeyplaneResult>;
  /** The decision itself, for adapters: the presented key, the scopes and the address already read from the request. */
  check(input: VerificationInput): Promise<VerificationOutcome>;
}

/**
 * Creates the middleware. Throws `KeyplaneConfigError` for unusable options (the client's
 * included). The service is first called on the first request.
 *
 * @example
 * const keyplane = keyplaneMiddleware({ endpoint: 'https://keys.example.com', apiKey: process.env.KEYPLANE_MIDDLEWARE_KEY! });
 * const { identity, response } = await keyplane.verify(request, { requiredScopes: ['orders:read'] });
 * if (response) return response;
 */
export function keyplaneMiddleware(options: KeyplaneMiddlewareOptions): KeyplaneMiddleware {
  const verifier = createKeyVerifier(resolveMiddlewareOptions(options));
  return {
    async verify(request, route = {}) {
      const outcome = await verifier.check({
        presented: presentedKeyOfHeaders(request.headers),
        requiredScopes: await requiredScopesOf(route.requiredScopes)(request),
        clientIp: route.clientAddress?.(request),
      });
      return outcome.ok ? { identity: outcome.identity, headers: outcome.headers } : { response: refusalResponse(outcome.refusal) };
    },
    check: (input) => verifier.check(input),
  };
}
