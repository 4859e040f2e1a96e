/**
 * Options of `createKeyplaneClient`, their defaults, and the one place they are checked.
 *
 * Invariant: no message built here contains the API key. Validation errors describe what is
 * wrong with the key (empty, has spaces) and never echo it.
 */

/** How the API key is sent: `X-API-Key: <key>` or `Authorization: Bearer <key>`. */
export type AuthStyle = 'x-api-key' | 'bearer';

/** Why the client is about to try a request again; handed to `RetryOptions.onRetry`. */
export interface RetryEvent {
  /** The HTTP method of the request. */
  method: string;
  /** The request URL (the API key is never part of it). */
  url: string;
  /** The attempt that just failed, counting from 1. */
  attempt: number;
  /** How long the client waits before the next attempt, in milliseconds. */
  delayMs: number;
  /** What went wrong: an HTTP status, or a network error or timeout. */
  reason: { kind: 'status'; status: number } | { kind: 'network' } | { kind: 'timeout' };
}

/** Retry settings; every field has a default. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number;
  /** First backoff step in ms; step n is `baseDelayMs * 2^(n-1)`, capped by `maxDelayMs`. Default 200. */
  baseDelayMs?: number;
  /** Cap of a backoff step in ms (not of `Retry-After`). Default 5_000. */
  maxDelayMs?: number;
  /**
   * The longest `Retry-After` the client will wait, in ms. A server asking for longer gets
   * its answer handed to the caller at once instead of a retry. Default 60_000.
   */
  maxRetryAfterMs?: number;
  /** Source of jitter in [0, 1); injectable so tests are deterministic. Default `Math.random`. */
  random?: () => number;
  /** Called before each wait between attempts, e.g. to log "retrying in 1.2 s after 503". */
  onRetry?: (event: RetryEvent) => void;
}

/** What `createKeyplaneClient` accepts. */
export interface KeyplaneClientOptions {
  /** Base URL of the service, e.g. `https://keys.example.com` or `http://localhost:8080/prefix`. */
  endpoint: string;
  /** The calling API key. Kept in a closure: never exposed as a property, in errors or when printed. */
  apiKey: string;
  /** How the key is sent. Default `'x-api-key'`. */
  authStyle?: AuthStyle;
  /** Time allowed for one attempt, from sending the request to the last byte of the answer. Default 10_000. */
  timeoutMs?: number;
  /** Retry settings, or `false` for a single attempt. */
  retries?: RetryOptions | false;
  /**
   * The fetch the client sends each attempt with (default `globalThis.fetch`); it receives a
   * fully built `Request` whose signal carries the attempt's timeout.
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Product token of the program using the client, e.g. `keyplane-cli/1.2.0`; sent before the client's own. */
  userAgent?: string;
}

/**
 * What `createSessionClient` accepts: the console's client, which calls the service from a
 * page of the same origin as a signed-in member. It sends no API key: the browser sends the
 * session cookie (`credentials: 'same-origin'`), and the client adds `X-CSRF-Token` to every
 * request that is not a GET.
 */
export interface SessionClientOptions extends Pick<KeyplaneClientOptions, 'endpoint' | 'timeoutMs' | 'retries' | 'fetch'> {
  /**
   * The session's CSRF token (from sign-in, accepting an invitation, or
   * `GET /v1/sessions/current`), read before each request; null while signed out.
   */
  csrfToken: () => string | null;
}

/** Retry settings with every default applied. */
export interface ResolvedRetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  random: () => number;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

/** Options with every default applied and every value checked. */
export interface ResolvedClientOptions {
  /** The endpoint without a trailing slash, so paths such as `/v1/keys` append cleanly. */
  baseUrl: string;
  apiKey: string;
  authStyle: AuthStyle;
  timeoutMs: number;
  retry: ResolvedRetryPolicy;
  fetch: (request: Request) => Promise<Response>;
  userAgent: string;
  /** Session mode (`createSessionClient`): the CSRF token's source; null with an API key. */
  csrfToken: (() => string | null) | null;
}

/** The client's own product token in `User-Agent`. */
export const CLIENT_USER_AGENT = 'keyplane-client';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BASE_DELAY_MS = 200;
export const DEFAULT_MAX_DELAY_MS = 5_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

// A header value the Fetch API accepts without complaint. Checking it here matters: `Headers`
// rejects a bad value with a TypeError that quotes the value, which would put the key in an
// exception.
const VISIBLE_ASCII = /^[\x21-\x7E]+$/;

/** Thrown by `createKeyplaneClient` for options it cannot work with. */
export class KeyplaneConfigError extends Error {
  override name = 'KeyplaneConfigError';
}

function fail(message: string): never {
  throw new KeyplaneConfigError(`Keyplane client: ${message}`);
}

function resolveEndpoint(endpoint: unknown): string {
  if (typeof endpoint !== 'string' || endpoint.trim() === '') {
    fail('`endpoint` must be the absolute http(s) URL of the service, e.g. "https://keys.example.com".');
  }
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    fail(`\`endpoint\` must be an absolute http(s) URL, e.g. "https://keys.example.com"; got ${JSON.stringify(endpoint)}.`);
  }
  // Credentials in the URL would end up in error messages that quote the URL.
  if (url.username !== '' || url.password !== '') {
    fail('`endpoint` must not contain credentials; pass the key as `apiKey`.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(`\`endpoint\` must use http or https, not ${JSON.stringify(url.protocol.slice(0, -1))}.`);
  }
  if (url.search !== '' || url.hash !== '') {
    fail('`endpoint` must not have a query string or a fragment: operation paths are appended to it.');
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function resolveApiKey(apiKey: unknown): string {
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    fail('`apiKey` must be a non-empty string.');
  }
  // Keys read from a file or an environment variable often end with a line break.
  const trimmed = apiKey.trim();
  if (!VISIBLE_ASCII.test(trimmed)) {
    fail('`apiKey` must consist of visible ASCII characters only (no spaces, line breaks or control characters).');
  }
  return trimmed;
}

function checkNumber(name: string, value: unknown, min: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    fail(`\`${name}\` must be ${integer ? 'an integer' : 'a number'} >= ${min}; got ${String(value)}.`);
  }
  return value;
}

function resolveRetry(retries: RetryOptions | false | undefined): ResolvedRetryPolicy {
  const given: RetryOptions = retries === false ? { maxAttempts: 1 } : (retries ?? {});
  if (typeof given !== 'object' || given === null) {
    fail('`retries` must be an object of retry settings or `false`.');
  }
  const policy: ResolvedRetryPolicy = {
    maxAttempts: checkNumber('retries.maxAttempts', given.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 1, true),
    baseDelayMs: checkNumber('retries.baseDelayMs', given.baseDelayMs ?? DEFAULT_BASE_DELAY_MS, 0),
    maxDelayMs: checkNumber('retries.maxDelayMs', given.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, 0),
    maxRetryAfterMs: checkNumber('retries.maxRetryAfterMs', given.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS, 0),
    random: given.random ?? Math.random,
    onRetry: given.onRetry,
  };
  if (typeof policy.random !== 'function') fail('`retries.random` must be a function returning a number in [0, 1).');
  if (policy.onRetry !== undefined && typeof policy.onRetry !== 'function') fail('`retries.onRetry` must be a function.');
  return policy;
}

function resolveUserAgent(userAgent: unknown): string {
  if (userAgent === undefined) return CLIENT_USER_AGENT;
  if (typeof userAgent !== 'string' || !/^[\x20-\x7E]+$/.test(userAgent.trim())) {
    fail('`userAgent` must be a non-empty string of printable ASCII characters, e.g. "keyplane-cli/1.2.0".');
  }
  return `${userAgent.trim()} ${CLIENT_USER_AGENT}`;
}

/**
 * Checks `options` and fills in defaults. Throws `KeyplaneConfigError` with a message that
 * names the option and says what it must be; the API key is never quoted.
 */
export function resolveClientOptions(options: KeyplaneClientOptions): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) {
    fail('options must be an object with at least `endpoint` and `apiKey`.');
  }
  const authStyle = options.authStyle ?? 'x-api-key';
  if (authStyle !== 'x-api-key' && authStyle !== 'bearer') {
    fail(`\`authStyle\` must be "x-api-key" or "bearer"; got ${JSON.stringify(authStyle)}.`);
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    fail('`fetch` must be a function taking a Request and returning a Promise of a Response.');
  }
  if (options.fetch === undefined && typeof globalThis.fetch !== 'function') {
    fail('no global `fetch` is available: pass one as the `fetch` option (Node.js >= 18 has one built in).');
  }
  // Called through a wrapper: some runtimes refuse a `fetch` detached from its global.
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  return {
    baseUrl: resolveEndpoint(options.endpoint),
    apiKey: resolveApiKey(options.apiKey),
    authStyle,
    timeoutMs: checkNumber('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1),
    retry: resolveRetry(options.retries),
    fetch: fetchImpl,
    userAgent: resolveUserAgent(options.userAgent),
    csrfToken: null,
  };
}

/**
 * Checks the options of a session client and fills in defaults, as `resolveClientOptions`
 * does for a key client. `apiKey` is empty: nothing is redacted because there is no key.
 */
export function resolveSessionClientOptions(options: SessionClientOptions): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null || typeof options.csrfToken !== 'function') {
    fail('session options must be an object with `endpoint` and a `csrfToken` function.');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    fail('`fetch` must be a function taking a Request and returning a Promise of a Response.');
  }
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  return {
    baseUrl: resolveEndpoint(options.endpoint),
    apiKey: '',
    authStyle: 'x-api-key',
    timeoutMs: checkNumber('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1),
    retry: resolveRetry(options.retries),
    fetch: fetchImpl,
    userAgent: CLIENT_USER_AGENT,
    csrfToken: options.csrfToken,
  };
}
