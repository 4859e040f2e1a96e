/**
 * `keyplane/middleware`: protect a Node (or any Fetch API) server's routes with Keyplane
 * keys. One core (`keyplaneMiddleware`) for a Fetch `Request`, and thin adapters for Express
 * and Fastify. See docs/middleware.md.
 *
 * @example
 * import { keyplaneMiddleware, keyplaneExpress } from 'keyplane/middleware';
 */

export { keyplaneMiddleware, type KeyplaneMiddleware, type KeyplaneResult } from './keyplane-middleware.js';
export { keyplaneExpress, type ExpressMiddleware, type ExpressRequestLike, type ExpressResponseLike } from './express.js';
export { keyplaneFastify, type FastifyPreHandler } from './fastify.js';
export type { KeyplaneIdentity, RateLimitState, VerifiedKey } from './identity.js';
export type { KeyplaneMiddlewareOptions, KeyplaneRouteOptions, KeyplaneServiceFailure } from './options.js';
export type { PresentedCredential, VerificationInput, VerificationOutcome } from './key-verifier.js';
export type { KeyplaneRefusal, Problem } from './refusal.js';
export { KeyplaneConfigError } from '../client/index.js';
