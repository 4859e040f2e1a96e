/**
 * Options of `keyplaneMiddleware` and of each protected route, and the one place they are
 * checked. Messages name the option and never quote the API key.
 */

import { KeyplaneConfigError, type KeyplaneClientOptions } from '../client/index.js';

/** Why the middleware could not get a verdict and refused with 503; handed to `onServiceFailure`. */
export interface KeyplaneServiceFailure {
  /**
   * - `unreachable`: no answer (connection refused or broken, DNS, TLS), after the client's retries;
   * - `timeout`: no complete answer within `timeoutMs`, after the client's retries;
   * - `service_error`: the service answered 5xx or 429;
   * - `key_refused`: the service refused the middleware's own key (401 or 403);
   * - `request_refused`: the service refused the verification request (another 4xx, e.g. a
   *   required scope that is not a valid scope name).
   */
  kind: 'unreachable' | 'timeout' | 'service_error' | 'key_refused' | 'request_refused';
  /** The operation that failed. */
  operation: 'verifyKey';
  /** The HTTP status of the service's answer, when there was one. */
  status?: number;
  /** The service's problem code, when it answered with one. */
  code?: string;
  /** What went wrong, for the operator's log: the service's problem detail or the error message. Never a secret. */
  message: string;
}

/**
 * What `keyplaneMiddleware` accepts: where the service is, the middleware's own key, the
 * cache, and the client's timeout and retry options, passed through to `createKeyplaneClient`.
 */
export interface KeyplaneMiddlewareOptions extends Pick<KeyplaneClientOptions, 'endpoint' | 'apiKey' | 'authStyle' | 'timeoutMs' | 'retries' | 'fetch' | 'userAgent'> {
  /**
   * The middleware's own key. It must hold `keys:verify`, and it decides the organization:
   * keys of other organizations are refused as unknown.
   */
  apiKey: string;
  /**
   * Keep VALID verdicts this long, in ms, and answer repeats from memory. Off (0) by default.
   * The bound: a key revoked, expired, restricted or re-scoped is still let through for up
   * to this long, and requests answered from the cache are not counted against the key's
   * rate limit. Only VALID verdicts are kept, so a refused key is let in the moment it is fixed.
   */
  cacheTtlMs?: number;
  /** The most verdicts the cache holds; the oldest is dropped first. Default 10_000. */
  cacheMaxEntries?: number;
  /** Called when a request is refused with 503 because no verdict could be had; log it here. */
  onServiceFailure?: (failure: KeyplaneServiceFailure) => void;
}

/**
 * What a protected route needs, for requests of type `Req` (a Fetch `Request`, an Express
 * `req`, a Fastify `request`).
 */
export interface KeyplaneRouteOptions<Req> {
  /**
   * Scopes the request needs, all of them, directly or through includes: a list, or a
   * function of the request. None: any valid key will do.
   */
  requiredScopes?: readonly string[] | ((request: Req) => readonly string[] | Promise<readonly string[]>);
  /**
   * The client's IP address, for the key's IP rules. Default: Express's `req.ip` and
   * Fastify's `request.ip` (which honour their trust-proxy settings); none for a Fetch
   * `Request`, since it carries no address. Without an address, a key that has IP rules is
   * refused (403 IP_NOT_ALLOWED); keys without rules are unaffected.
   */
  clientAddress?: (request: Req) => string | null | undefined;
}

/** Options with defaults applied. */
export interface ResolvedMiddlewareOptions {
  client: KeyplaneClientOptions;
  cacheTtlMs: number;
  cacheMaxEntries: number;
  onServiceFailure: ((failure: KeyplaneServiceFailure) => void) | undefined;
}

export const DEFAULT_CACHE_MAX_ENTRIES = 10_000;

// The contract's ScopeName.
const SCOPE_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;
// The contract's VerifyKeyRequest.required_scopes.maxItems.
const MAX_REQUIRED_SCOPES = 50;

/** Two seconds an attempt and one retry a short backoff later: about 4 s at most before a 503. */
const HOT_PATH_CLIENT_DEFAULTS = { timeoutMs: 2_000, retries: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 200, maxRetryAfterMs: 1_000 } } as const;

function fail(message: string): never {
  throw new KeyplaneConfigError(`Keyplane middleware: ${message}`);
}

/** Checks the middleware's options (the client checks its own when it is created). */
export function resolveMiddlewareOptions(options: KeyplaneMiddlewareOptions): ResolvedMiddlewareOptions {
  if (typeof options !== 'object' || options === null) fail('options must be an object with at least `endpoint` and `apiKey`.');
  const { cacheTtlMs = 0, cacheMaxEntries = DEFAULT_CACHE_MAX_ENTRIES, onServiceFailure, ...client } = options;
  if (typeof cacheTtlMs !== 'number' || !Number.isFinite(cacheTtlMs) || cacheTtlMs < 0) {
    fail(`\`cacheTtlMs\` must be a number of milliseconds >= 0 (0 turns the cache off); got ${String(cacheTtlMs)}.`);
  }
  if (!Number.isInteger(cacheMaxEntries) || cacheMaxEntries < 1) {
    fail(`\`cacheMaxEntries\` must be an integer >= 1; got ${String(cacheMaxEntries)}.`);
  }
  if (onServiceFailure !== undefined && typeof onServiceFailure !== 'function') fail('`onServiceFailure` must be a function.');
  // A request waits on this call: the client's defaults for scripts (10 s, three attempts)
  // would hold it for half a minute when the service is down. Fail closed sooner.
  return { client: { ...HOT_PATH_CLIENT_DEFAULTS, ...client }, cacheTtlMs, cacheMaxEntries, onServiceFailure };
}

/**
 * The route's required scopes as a function of the request. A list is checked here, once, so
 * that a typo in a scope name fails at start-up rather than with a 503 on every request.
 */
export function requiredScopesOf<Req>(
  required: KeyplaneRouteOptions<Req>['requiredScopes'],
): (request: Req) => readonly string[] | Promise<readonly string[]> {
  if (typeof required === 'function') return required;
  if (required === undefined) return () => [];
  if (!Array.isArray(required)) fail('`requiredScopes` must be a list of scope names or a function of the request.');
  const bad = required.find((scope) => typeof scope !== 'string' || !SCOPE_NAME.test(scope));
  if (bad !== undefined) {
    fail(`\`requiredScopes\`: ${JSON.stringify(bad)} is not a scope name (letters, digits and _ . : -, starting with a letter, at most 64).`);
  }
  if (required.length > MAX_REQUIRED_SCOPES) fail(`\`requiredScopes\` may name at most ${MAX_REQUIRED_SCOPES} scopes.`);
  const scopes = Object.freeze([...required]);
  return () => scopes;
}
