/**
 * `createSessionClient`: the typed client as the web console uses it, in a browser, signed in
 * as a member with the session cookie instead of an API key.
 */

import createClient from 'openapi-fetch';

import type { paths } from '../api/schema.js';
import { resolveSessionClientOptions, type SessionClientOptions } from './client-options.js';
import type { KeyplaneApi } from './create-client.js';
import { withCallSignals } from './caller-signal.js';
import { createKeyplaneFetch } from './keyplane-fetch.js';

/** What `createSessionClient` returns. */
export interface KeyplaneSessionClient {
  /** The contract's operations, exactly as on `KeyplaneClient.api`. */
  readonly api: KeyplaneApi;
  /** The base URL requests go to, without a trailing slash. */
  readonly endpoint: string;
}

/**
 * Creates a client that calls the service at `options.endpoint` (the page's own origin) with
 * the browser's session cookie: `credentials: 'same-origin'`, no API key, and
 * `X-CSRF-Token: <options.csrfToken()>` on every request that is not a GET, as the service
 * requires of every change made with a session. Timeouts, retries, idempotency keys and
 * problem documents work as with `createKeyplaneClient`.
 *
 * @example
 * let csrf: string | null = null;
 * const client = createSessionClient({ endpoint: location.origin, csrfToken: () => csrf });
 * const { data } = await client.api.GET('/v1/sessions/current');
 * csrf = data?.csrf_token ?? null;
 */
export function createSessionClient(options: SessionClientOptions): KeyplaneSessionClient {
  const resolved = resolveSessionClientOptions(options);
  const api = withCallSignals(createClient<paths>({ baseUrl: resolved.baseUrl, fetch: createKeyplaneFetch(resolved) }));
  return Object.freeze({ api, endpoint: resolved.baseUrl });
}
