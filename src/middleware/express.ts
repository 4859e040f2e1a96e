/**
 * The Express adapter: `(req, res, next)` middleware over the core. Typed structurally (a
 * Node request with Express's `ip`), so the package needs no Express types at run time.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyplaneIdentity } from './identity.js';
import type { KeyplaneMiddleware } from './keyplane-middleware.js';
import { requiredScopesOf, type KeyplaneRouteOptions } from './options.js';
import { presentedKeyOfNodeRequest } from './presented-key.js';
import type { KeyplaneRefusal } from './refusal.js';

declare global {
  // Express's own declaration merging points (@types/express-serve-static-core).
  namespace Express {
    interface Request {
      /** The verified caller, set by `keyplaneExpress`. */
      keyplane?: KeyplaneIdentity;
    }
    interface Locals {
      /** The verified caller, set by `keyplaneExpress`. */
      keyplane?: KeyplaneIdentity;
    }
  }
}

/** What the adapter uses of Express's `req`: a Node request, and `ip` as Express computes it. */
export interface ExpressRequestLike extends IncomingMessage {
  /** The client address; honours Express's `trust proxy` setting. */
  ip?: string | undefined;
  keyplane?: KeyplaneIdentity;
}

/** What the adapter uses of Express's `res`: a Node response with `locals`. */
export interface ExpressResponseLike extends ServerResponse {
  locals: Record<string, unknown>;
}

/** An Express middleware. */
export type ExpressMiddleware = (req: ExpressRequestLike, res: ExpressResponseLike, next: (error?: unknown) => void) => void;

/**
 * Express middleware that lets a request through only with a key valid for `route`: the
 * identity is then on `req.keyplane` and `res.locals.keyplane`, and the key's `RateLimit`
 * headers are set on the response. Otherwise it answers the refusal (401, 403, 429, or 503
 * when the service cannot be asked) and `next` is not called. The client address defaults to
 * `req.ip`, which honours `app.set('trust proxy', ...)`.
 */
export function keyplaneExpress(keyplane: KeyplaneMiddleware, route: KeyplaneRouteOptions<ExpressRequestLike> = {}): ExpressMiddleware {
  const scopesOf = requiredScopesOf(route.requiredScopes);
  const addressOf = route.clientAddress ?? ((req: ExpressRequestLike) => req.ip);
  return (req, res, next) => {
    const run = async (): Promise<void> => {
      const outcome = await keyplane.check({
        presented: presentedKeyOfNodeRequest(req),
        requiredScopes: await scopesOf(req),
        clientIp: addressOf(req),
      });
      if (!outcome.ok) return send(res, outcome.refusal);
      req.keyplane = outcome.identity;
      res.locals.keyplane = outcome.identity;
      for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value);
      next();
    };
    run().catch(next);
  };
}

function send(res: ServerResponse, refused: KeyplaneRefusal): void {
  res.statusCode = refused.status;
  for (const [name, value] of Object.entries(refused.headers)) res.setHeader(name, value);
  res.end(JSON.stringify(refused.body));
}
