/**
 * The middleware's one decision: given the key a request presented, the scopes its route
 * needs and the client's address, either the caller's identity or the refusal to send.
 * Every framework adapter goes through `createKeyVerifier(...).check`.
 *
 * It asks `POST /v1/keys/verify` through the typed client, with the middleware's own key, and
 * maps the verdict to HTTP as the service's gateway endpoint does: MALFORMED, NOT_FOUND,
 * EXPIRED, REVOKED, NOT_YET_VALID → 401; IP_NOT_ALLOWED, INSUFFICIENT_SCOPE → 403;
 * RATE_LIMITED → 429. When no verdict can be had (the service is unreachable, answers 5xx,
 * or refuses the middleware's own key) it fails closed with 503: the handler is never called.
 */

import type { components } from '../api/schema.js';
import {
  createKeyplaneClient,
  KeyplaneNetworkError,
  KeyplaneTimeoutError,
  type KeyplaneClient,
  type KeyplaneProblem,
} from '../client/index.js';
import { VERIFICATION_PROBLEMS } from '../core/verification.js';
import type { KeyplaneIdentity } from './identity.js';
import type { KeyplaneServiceFailure, ResolvedMiddlewareOptions } from './options.js';
import { CHALLENGE, refusal, type KeyplaneRefusal } from './refusal.js';
import { VerdictCache } from './verdict-cache.js';

/** The key a request presented: the key, `null` when none, or why it is ambiguous (see credentials.ts). */
export type PresentedCredential = string | null | { ambiguous: string };

/** What `check` needs to know of a request. */
export interface VerificationInput {
  presented: PresentedCredential;
  requiredScopes: readonly string[];
  /** The client's IP address; absent when unknown (a key with IP rules is then refused). */
  clientIp: string | null | undefined;
}

/** The identity to hand the handler (and rate-limit headers to add to its answer), or the refusal to send. */
export type VerificationOutcome =
  | { ok: true; identity: KeyplaneIdentity; headers: Record<string, string> }
  | { ok: false; refusal: KeyplaneRefusal };

/** The verification core shared by every adapter. */
export interface KeyVerifier {
  check(input: VerificationInput): Promise<VerificationOutcome>;
}

// The contract's VerifyKeyRequest: `key` at most 256 characters, `ip` 2 to 64.
const MAX_KEY_LENGTH = 256;
const IP_LENGTH = { min: 2, max: 64 };

const NOT_CHECKED = 'The API key could not be checked, so the request was refused';

type Lookup<T> = { ok: true; value: T } | { ok: false; failure: KeyplaneServiceFailure; requestId: string; retryAfter: string | null };

/** Creates the verifier: one client and one cache for every route. */
export function createKeyVerifier(options: ResolvedMiddlewareOptions): KeyVerifier {
  const client = createKeyplaneClient(options.client);
  const cache = options.cacheTtlMs > 0 ? new VerdictCache(options.cacheTtlMs, options.cacheMaxEntries) : undefined;

  function unavailable(lookup: Extract<Lookup<unknown>, { ok: false }>): VerificationOutcome {
    options.onServiceFailure?.(lookup.failure);
    const headers: Record<string, string> = lookup.retryAfter ? { 'Retry-After': lookup.retryAfter } : {};
    return { ok: false, refusal: refusal('SERVICE_UNAVAILABLE', `${NOT_CHECKED}: ${publicReason(lookup.failure)}`, lookup.requestId, headers) };
  }

  async function check(input: VerificationInput): Promise<VerificationOutcome> {
    const { presented } = input;
    if (presented === null) {
      return refused('MISSING_KEY', 'Send an API key in the X-API-Key header or as "Authorization: Bearer <key>".', '', { 'WWW-Authenticate': CHALLENGE });
    }
    if (typeof presented === 'object') {
      return refused('MALFORMED_KEY', presented.ambiguous, '', { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_request"` });
    }
    if (presented.length > MAX_KEY_LENGTH) {
      return refused('MALFORMED_KEY', 'The key is not in the Keyplane format; it was not looked up.', '', { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_token"` });
    }
    const ip = usableAddress(input.clientIp);
    const digest = cache ? await cache.digest({ key: presented, clientIp: ip, requiredScopes: input.requiredScopes }) : undefined;
    const hit = digest === undefined ? undefined : cache?.get(digest);
    // A copy each time: a handler that changes its identity must not change the cached one.
    if (hit) return { ok: true, identity: structuredClone(hit), headers: {} };

    const verdict = await verify(client, presented, input.requiredScopes, ip);
    if (!verdict.ok) return unavailable(verdict);
    const { body, headers, requestId } = verdict.value;

    if (!body.valid) {
      const problem = body.code === 'VALID' ? undefined : VERIFICATION_PROBLEMS[body.code];
      if (problem === undefined) return unavailable(inconsistent(`a refusal with code ${body.code}`, requestId));
      if (problem === 'RATE_LIMITED') {
        const resetSeconds = body.rate_limit?.reset_seconds ?? 60;
        return refused(problem, body.detail, requestId, { 'Retry-After': String(Math.max(1, Math.ceil(resetSeconds))), ...headers });
      }
      const forbidden = problem === 'IP_NOT_ALLOWED' || problem === 'INSUFFICIENT_SCOPE'; // 403; the others are 401
      return refused(problem, body.detail, requestId, forbidden ? {} : { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_token"` });
    }
    if (body.key === null) return unavailable(inconsistent('a VALID verdict without the key', requestId));
    const identity: KeyplaneIdentity = { ...body.key, rate_limit: body.rate_limit ?? null, cached: false };
    if (cache && digest !== undefined) cache.set(digest, structuredClone({ ...identity, rate_limit: null, cached: true }));
    return { ok: true, identity, headers };
  }

  return { check };
}

function refused(...args: Parameters<typeof refusal>): VerificationOutcome {
  return { ok: false, refusal: refusal(...args) };
}

/** The address to send as `ip`, or none when it cannot be one (the service would refuse the request). */
function usableAddress(address: string | null | undefined): string | undefined {
  const trimmed = typeof address === 'string' ? address.trim() : '';
  return trimmed.length >= IP_LENGTH.min && trimmed.length <= IP_LENGTH.max ? trimmed : undefined;
}

/** What the client is told in a 503: what failed, never the service's address, key or internal detail. */
function publicReason(failure: KeyplaneServiceFailure): string {
  switch (failure.kind) {
    case 'unreachable':
      return 'the key service could not be reached. Try again shortly.';
    case 'timeout':
      return 'the key service did not answer in time. Try again shortly.';
    case 'service_error':
      return `the key service is not answering normally${failure.status ? ` (HTTP ${failure.status})` : ''}. Try again shortly.`;
    case 'key_refused':
      return "the key service refused this API's own Keyplane key. The API's operator must replace it.";
    case 'request_refused':
      return `the key service refused the verification request${failure.status ? ` (HTTP ${failure.status})` : ''}. The API's operator must fix its configuration.`;
  }
}

function inconsistent(what: string, requestId: string): Extract<Lookup<never>, { ok: false }> {
  return { ok: false, requestId, retryAfter: null, failure: { kind: 'service_error', operation: 'verifyKey', message: `The service answered ${what}, which the contract does not allow.` } };
}

interface Verdict {
  body: components['schemas']['VerifyKeyResponse'];
  /** `RateLimit-Policy` and `RateLimit` of the answer, to pass on to the client. */
  headers: Record<string, string>;
  requestId: string;
}

async function verify(client: KeyplaneClient, key: string, requiredScopes: readonly string[], ip: string | undefined): Promise<Lookup<Verdict>> {
  const body = { key, ...(requiredScopes.length > 0 ? { required_scopes: [...requiredScopes] } : {}), ...(ip ? { ip } : {}) };
  const answer = await ask('verifyKey', () => client.api.POST('/v1/keys/verify', { body }));
  if (!answer.ok) return answer;
  const { data, response } = answer.value;
  const headers: Record<string, string> = {};
  for (const name of ['RateLimit-Policy', 'RateLimit']) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { ok: true, value: { body: data, headers, requestId: response.headers.get('X-Request-Id') ?? '' } };
}

/**
 * Runs one call of the typed client and sorts its outcome: the data, or the failure that
 * makes the middleware answer 503. Rejects only for what is not a failure of the service
 * (a bug), which the framework then answers as it answers any error: the handler is not called.
 */
async function ask<T>(
  operation: KeyplaneServiceFailure['operation'],
  call: () => Promise<{ data?: T; error?: KeyplaneProblem; response: Response }>,
): Promise<Lookup<{ data: T; response: Response }>> {
  let result: Awaited<ReturnType<typeof call>>;
  try {
    result = await call();
  } catch (error) {
    if (error instanceof KeyplaneTimeoutError || error instanceof KeyplaneNetworkError) {
      const kind = error instanceof KeyplaneTimeoutError ? 'timeout' : 'unreachable';
      return { ok: false, requestId: '', retryAfter: null, failure: { kind, operation, message: error.message } };
    }
    throw error;
  }
  const { data, error, response } = result;
  if (error === undefined && data !== undefined) return { ok: true, value: { data, response } };
  const status = response.status;
  const kind = status === 401 || status === 403 ? 'key_refused' : status >= 500 || status === 429 ? 'service_error' : 'request_refused';
  return {
    ok: false,
    requestId: response.headers.get('X-Request-Id') ?? '',
    retryAfter: kind === 'service_error' ? response.headers.get('Retry-After') : null,
    failure: { kind, operation, status, ...(error ? { code: error.code, message: error.detail } : { message: `HTTP ${status} without a body` }) },
  };
}
