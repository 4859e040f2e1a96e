import { describe, expect, it } from 'vitest';

import type { ResolvedRetryPolicy } from '../../src/client/client-options.js';
import {
  backoffDelayMs,
  decideRetry,
  isRepeatableRequest,
  parseRetryAfterMs,
  type AttemptOutcome,
} from '../../src/client/retry-policy.js';

const NOW = Date.parse('2026-11-22T10:00:00Z');

const policy = (overrides: Partial<ResolvedRetryPolicy> = {}): ResolvedRetryPolicy => ({
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 60_000,
  random: () => 0.5,
  onRetry: undefined,
  ...overrides,
});

const status = (code: number, retryAfter: string | null = null, problemCode?: string): AttemptOutcome => ({
  kind: 'response',
  status: code,
  retryAfter,
  problemCode,
});

describe('parseRetryAfterMs', () => {
  it.each([
    { value: null, expected: undefined },
    { value: '', expected: undefined },
    { value: '0', expected: 0 },
    { value: '1', expected: 1_000 },
    { value: ' 17 ', expected: 17_000 },
    { value: '1.5', expected: undefined },
    { value: '-3', expected: undefined },
    { value: 'soon', expected: undefined },
    { value: 'Sun, 22 Nov 2026 10:00:05 GMT', expected: 5_000 },
    { value: 'Sun, 22 Nov 2026 09:59:00 GMT', expected: 0 },
  ])('reads $value as $expected ms', ({ value, expected }) => {
    expect(parseRetryAfterMs(value, NOW)).toBe(expected);
  });
});

describe('backoffDelayMs (full jitter)', () => {
  it.each([
    { attempt: 1, random: 0.5, expected: 100 },
    { attempt: 2, random: 0.5, expected: 200 },
    { attempt: 3, random: 0.5, expected: 400 },
    { attempt: 6, random: 0.5, expected: 2_500 }, // 200 * 2^5 = 6400, capped at 5000
    { attempt: 3, random: 0, expected: 0 },
    { attempt: 3, random: 0.999, expected: 799 },
    { attempt: 2, random: 7, expected: 400 }, // a bad random source cannot exceed the ceiling
  ])('attempt $attempt with random $random waits $expected ms', ({ attempt, random, expected }) => {
    expect(backoffDelayMs(policy({ random: () => random }), attempt)).toBe(expected);
  });
});

describe('isRepeatableRequest', () => {
  const withKey = new Headers({ 'Idempotency-Key': 'k' });
  it.each([
    { method: 'GET', headers: new Headers(), expected: true },
    { method: 'HEAD', headers: new Headers(), expected: true },
    { method: 'PATCH', headers: new Headers(), expected: true },
    { method: 'DELETE', headers: new Headers(), expected: true },
    { method: 'POST', headers: new Headers(), expected: false },
    { method: 'POST', headers: withKey, expected: true },
    { method: 'post', headers: withKey, expected: true },
  ])('$method (idempotency key: $headers) -> $expected', ({ method, headers, expected }) => {
    expect(isRepeatableRequest(method, headers)).toBe(expected);
  });
});

describe('decideRetry', () => {
  it.each([
    { name: '200 is a success', outcome: status(200), attempt: 1, expected: { retry: false, reason: 'success' } },
    { name: '400 is final', outcome: status(400), attempt: 1, expected: { retry: false, reason: 'not-retryable' } },
    { name: '401 is final', outcome: status(401), attempt: 1, expected: { retry: false, reason: 'not-retryable' } },
    { name: '404 is final', outcome: status(404), attempt: 1, expected: { retry: false, reason: 'not-retryable' } },
    { name: '409 is final', outcome: status(409, null, 'SCOPE_IN_USE'), attempt: 1, expected: { retry: false, reason: 'not-retryable' } },
    { name: '422 is final', outcome: status(422), attempt: 1, expected: { retry: false, reason: 'not-retryable' } },
    { name: '500 is final', outcome: status(500), attempt: 1, expected: { retry: false, reason: 'not-retryable' } },
    { name: '429 without Retry-After backs off', outcome: status(429), attempt: 1, expected: { retry: true, delayMs: 100 } },
    { name: '502 backs off', outcome: status(502), attempt: 2, expected: { retry: true, delayMs: 200 } },
    { name: '504 backs off', outcome: status(504), attempt: 1, expected: { retry: true, delayMs: 100 } },
    { name: '503 honours Retry-After', outcome: status(503, '2'), attempt: 1, expected: { retry: true, delayMs: 2_000 } },
    { name: 'Retry-After is not capped by maxDelayMs', outcome: status(429, '30'), attempt: 1, expected: { retry: true, delayMs: 30_000 } },
    { name: 'Retry-After beyond maxRetryAfterMs ends retries', outcome: status(429, '61'), attempt: 1, expected: { retry: false, reason: 'retry-after-too-long' } },
    { name: 'a network error backs off', outcome: { kind: 'network' }, attempt: 1, expected: { retry: true, delayMs: 100 } },
    { name: 'a timeout backs off', outcome: { kind: 'timeout' }, attempt: 2, expected: { retry: true, delayMs: 200 } },
    { name: 'the last attempt is final', outcome: status(503), attempt: 3, expected: { retry: false, reason: 'attempts-exhausted' } },
    { name: 'a repeat still in progress is retried', outcome: status(409, null, 'IDEMPOTENCY_REQUEST_IN_PROGRESS'), attempt: 1, expected: { retry: true, delayMs: 100 } },
  ] satisfies { name: string; outcome: AttemptOutcome; attempt: number; expected: unknown }[])(
    '$name',
    ({ outcome, attempt, expected }) => {
      expect(decideRetry(policy(), { attempt, repeatable: true, outcome, nowMs: NOW })).toEqual(expected);
    },
  );

  it('never repeats a request that is not repeatable', () => {
    expect(decideRetry(policy(), { attempt: 1, repeatable: false, outcome: status(503), nowMs: NOW })).toEqual({
      retry: false,
      reason: 'not-repeatable',
    });
    expect(decideRetry(policy(), { attempt: 1, repeatable: false, outcome: { kind: 'network' }, nowMs: NOW })).toEqual({
      retry: false,
      reason: 'not-repeatable',
    });
  });

  it('makes a single attempt when maxAttempts is 1', () => {
    expect(decideRetry(policy({ maxAttempts: 1 }), { attempt: 1, repeatable: true, outcome: status(503), nowMs: NOW })).toEqual({
      retry: false,
      reason: 'attempts-exhausted',
    });
  });
});
