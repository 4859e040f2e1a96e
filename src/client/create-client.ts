/**
 * `createKeyplaneClient`: the typed client everything that talks to the service uses.
 */

import createClient, { type Client } from 'openapi-fetch';

import type { paths } from '../api/schema.js';
import { resolveClientOptions, type AuthStyle, type KeyplaneClientOptions } from './client-options.js';
import { withCallRequests } from './call-request.js';
import { withCallSignals } from './caller-signal.js';
import { createKeyplaneFetch } from './keyplane-fetch.js';
import { transportOf } from './transport.js';

/** The openapi-fetch client typed by the contract: `GET`, `POST`, `PATCH`, `DELETE`... */
export type KeyplaneApi = Client<paths>;

/** What `createKeyplaneClient` returns. Printing it shows the endpoint, never the key. */
export interface KeyplaneClient {
  /**
   * The contract's operations, typed from `openapi.yaml`. Each call resolves to
   * `{ data, response }` or `{ error, response }` (`error` is a problem document; pass the
   * result to `unwrap` to get `data` or an exception instead), and rejects only when no answer
   * came: `KeyplaneNetworkError`, `KeyplaneTimeoutError`, or the reason of the caller's
   * `signal`.
   */
  readonly api: KeyplaneApi;
  /** The base URL requests go to, without a trailing slash. */
  readonly endpoint: string;
  /** How the key is sent. */
  readonly authStyle: AuthStyle;
  /** `KeyplaneClient(https://keys.example.com, auth: x-api-key)`. */
  toString(): string;
  /** `{ endpoint, authStyle }`, for `JSON.stringify`. */
  toJSON(): { endpoint: string; authStyle: AuthStyle };
}

// util.inspect's hook, by its registered name, so the client does not import node:util and
// still runs in browsers and edge runtimes.
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Creates a client for the Keyplane service at `options.endpoint`, authenticating with
 * `options.apiKey` on every request. Throws `KeyplaneConfigError` for unusable options.
 *
 * Every request gets a per-attempt timeout (`timeoutMs`, default 10 s). Network errors,
 * timeouts and 429/502/503/504 answers are retried (default 3 attempts in all) with
 * exponential backoff and full jitter, or after the `Retry-After` the server asked for.
 * Every `POST` that changes something carries an `Idempotency-Key`, the same on each retry,
 * so that a retried create never creates twice; a key given per call
 * (`params.header['Idempotency-Key']`) is kept. Verification, which the contract marks as
 * changing nothing, gets none and is retried freely: it must never be answered from an
 * earlier attempt. The client's own auth header is set on every request, replacing one given per call.
 *
 * @example
 * const client = createKeyplaneClient({ endpoint: 'http://localhost:8080', apiKey: process.env.KEYPLANE_API_KEY! });
 * const { data, error } = await client.api.POST('/v1/keys', { body: { name: 'CI', scopes: ['keys:read'] } });
 * if (error) console.error(error.code, error.detail);
 * else console.log(data.secret);
 */
export function createKeyplaneClient(options: KeyplaneClientOptions): KeyplaneClient {
  const resolved = resolveClientOptions(options);
  // The key lives only in the closure of this fetch: no property of the client holds it.
  const calls = createClient<paths>({ baseUrl: resolved.baseUrl, fetch: createKeyplaneFetch(resolved) });
  // A fetch with a transport takes the call's parts, so no call needs to build a real Request.
  const api = withCallSignals(transportOf(resolved.fetch) ? withCallRequests(calls) : calls);
  const { baseUrl: endpoint, authStyle } = resolved;
  const describe = (): string => `KeyplaneClient(${endpoint}, auth: ${authStyle})`;
  return Object.freeze({
    api,
    endpoint,
    authStyle,
    toString: describe,
    toJSON: () => ({ endpoint, authStyle }),
    [inspectSymbol]: describe,
  });
}
