/**
 * When to try a request again and how long to wait first. Pure functions: no clock (the time
 * is passed in), no timers, no I/O, so every rule is tested with a table.
 */

import type { ResolvedRetryPolicy } from './client-options.js';

/**
 * Statuses worth another attempt: over the rate limit, and the gateway/overload answers a
 * proxy or a starting service gives. 500 is not among them: the service answers 500 only for
 * bugs, and repeating a bug helps no one.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

// Methods whose repetition has the effect of one call (RFC 9110 section 9.2.2), plus PATCH:
// the contract gives PATCH JSON-merge-patch semantics, which set fields to given values, so
// sending the same patch twice leaves the object as sending it once.
const REPEATABLE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH']);

/**
 * True when sending `method` again cannot do a thing twice. POST qualifies only with an
 * `Idempotency-Key`: the service then answers a repeat with the first response.
 */
export function isRepeatableRequest(method: string, headers: Headers): boolean {
  const upper = method.toUpperCase();
  return REPEATABLE_METHODS.has(upper) || (upper === 'POST' && headers.has('Idempotency-Key'));
}

/**
 * Milliseconds to wait as asked by a `Retry-After` value, either delta-seconds (`"17"`) or an
 * HTTP-date (`"Wed, 21 Oct 2026 07:28:00 GMT"`). `undefined` when absent or unreadable; a date
 * in the past means 0.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only accept something that looks like a date; Date.parse is lenient enough to read "1.5" as a year.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * The wait before attempt `failedAttempt + 1` without a `Retry-After`: exponential backoff
 * with full jitter, a uniformly random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))).
 * Full jitter spreads clients that failed together so they do not come back together.
 */
export function backoffDelayMs(
  policy: Pick<ResolvedRetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
  failedAttempt: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  const r = Math.min(Math.max(policy.random(), 0), 1);
  return Math.floor(r * ceiling);
}

/** What an attempt ended with, as far as the retry decision is concerned. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfter: string | null; problemCode: string | undefined }
  | { kind: 'network' }
  | { kind: 'timeout' };

/** Why no further attempt is made. */
export type StopReason = 'success' | 'not-retryable' | 'not-repeatable' | 'attempts-exhausted' | 'retry-after-too-long';

/** Whether to try again, and after how long. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: StopReason };

/**
 * Decides whether the attempt numbered `attempt` (from 1) that ended in `outcome` is followed
 * by another. A `Retry-After` is obeyed as given (it is not capped by `maxDelayMs`, since
 * coming back earlier only earns another 429); one longer than `maxRetryAfterMs` ends the
 * retries so that the caller is not blocked for minutes.
 */
export function decideRetry(
  policy: ResolvedRetryPolicy,
  input: { attempt: number; repeatable: boolean; outcome: AttemptOutcome; nowMs: number },
): RetryDecision {
  const { attempt, repeatable, outcome, nowMs } = input;
  if (outcome.kind === 'response' && outcome.status < 400) return { retry: false, reason: 'success' };
  if (outcome.kind === 'response' && !isRetryableResponse(outcome)) return { retry: false, reason: 'not-retryable' };
  if (!repeatable) return { retry: false, reason: 'not-repeatable' };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: 'attempts-exhausted' };
  if (outcome.kind === 'response') {
    const askedMs = parseRetryAfterMs(outcome.retryAfter, nowMs);
    if (askedMs !== undefined) {
      if (askedMs > policy.maxRetryAfterMs) return { retry: false, reason: 'retry-after-too-long' };
      return { retry: true, delayMs: askedMs };
    }
  }
  return { retry: true, delayMs: backoffDelayMs(policy, attempt) };
}

function isRetryableResponse(outcome: { status: number; problemCode: string | undefined }): boolean {
  // A repeat of an idempotent POST that reached the service while the first was still being
  // processed (typically after a client-side timeout) is answered 409 with this code; the
  // first will finish shortly, and asking again then returns its response.
  if (outcome.status === 409 && outcome.problemCode === 'IDEMPOTENCY_REQUEST_IN_PROGRESS') return true;
  return RETRYABLE_STATUSES.has(outcome.status);
}
