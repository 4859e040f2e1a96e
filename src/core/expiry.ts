/**
 * Key lifetimes: the expiry a new or changed key gets under its organization's policy, the
 * status derived from the clock, and the grace period of a rotated-out secret. All times are
 * epoch milliseconds; policy durations are seconds. Messages use the API's field names
 * (`expires_at`, `not_before`) and print times in RFC 3339.
 */

import type { Issue } from './issues.js';
import type { ApiKeyRecord, KeyPolicy, KeyStatus } from './types.js';

/** What the client asked for. */
export interface ExpiryRequest {
  /** undefined: the policy's default (create) or unchanged (update); null: never; else epoch ms. */
  expiresAt?: number | null;
  /** Seconds from `now`: the alternative to `expiresAt`, on the deciding side's clock. */
  expiresIn?: number;
  /** undefined: none (create) or unchanged (update); null: none; else epoch ms. */
  notBefore?: number | null;
}

/** The lifetime a key has now, for updates. */
export interface CurrentExpiry {
  expiresAt: number | null;
  notBefore: number | null;
}

/** Result of {@link resolveExpiry}. */
export type ExpiryResult =
  | { ok: true; expiresAt: number | null; notBefore: number | null }
  | { ok: false; code: 'INVALID_EXPIRY' | 'TTL_EXCEEDS_POLICY'; issues: Issue[] };

/** "90 days", "1 hour", "45 seconds": a policy duration as a person reads it. */
export function formatDuration(seconds: number): string {
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? '' : 's'}`;
  if (seconds % 86_400 === 0) return unit(seconds / 86_400, 'day');
  if (seconds % 3_600 === 0) return unit(seconds / 3_600, 'hour');
  if (seconds % 60 === 0) return unit(seconds / 60, 'minute');
  return unit(seconds, 'second');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isTime(value: number): boolean {
  // Date's own range: ±8.64e15 ms around 1970.
  return Number.isInteger(value) && Math.abs(value) <= 8.64e15;
}

/**
 * The expiry a key created at `now` without `expires_at` gets: `now + default_ttl`, capped
 * at `max_ttl` (a policy whose default exceeds its maximum, or that has a maximum but no
 * default, yields the maximum), or null (never) when neither is set.
 */
export function defaultExpiry(policy: KeyPolicy, now: number): number | null {
  const ttl = defaultLifetimeSeconds(policy);
  return ttl === null ? null : now + ttl * 1000;
}

/** The lifetime {@link defaultExpiry} gives, in seconds (null: never expires). */
export function defaultLifetimeSeconds(policy: KeyPolicy): number | null {
  const max = policy.maxTtlSeconds;
  return max !== null && (policy.defaultTtlSeconds === null || policy.defaultTtlSeconds > max) ? max : policy.defaultTtlSeconds;
}

/**
 * Whether the policy lets a key live `seconds` from its creation or renewal (null: never
 * expire). Refused: a lifetime beyond `max_ttl`, and null when the policy has a maximum. One
 * issue at `[field]` naming the policy's limit, or none.
 */
export function validateKeyLifetime(policy: KeyPolicy, seconds: number | null, field: string): Issue[] {
  const max = policy.maxTtlSeconds;
  if (max === null || (seconds !== null && seconds <= max)) return [];
  const limit = `${formatDuration(max)} (max_ttl_seconds ${max})`;
  const message =
    seconds === null
      ? `${field} is not allowed: the organization's key policy limits keys to ${limit}`
      : `${field} of ${formatDuration(seconds)} is longer than the organization's key policy allows: at most ${limit}`;
  return [{ path: [field], message }];
}

/**
 * Decides a key's `expiresAt` and `notBefore` from the request and the policy. Without
 * `current` (create), an omitted `expiresAt` means the policy default. With `current`
 * (update), omitted fields keep their values and are not re-checked against the clock.
 *
 * Refused: an expiry at or before `now` ("in the past"), `null` (never) when the policy has
 * a maximum lifetime, an expiry beyond `now + max_ttl`, and `not_before` not strictly before
 * the expiry. Times that are not whole milliseconds within Date's range are refused too.
 */
export function resolveExpiry(
  policy: KeyPolicy,
  now: number,
  requested: ExpiryRequest,
  current?: CurrentExpiry,
): ExpiryResult {
  const invalid: Issue[] = [];
  const tooLong: Issue[] = [];
  const max = policy.maxTtlSeconds;
  const latest = max === null ? null : now + max * 1000;

  let expiresAt: number | null;
  let expiryUsable = true;
  if (requested.expiresIn !== undefined) {
    expiresAt = now + requested.expiresIn * 1000;
    if (requested.expiresAt !== undefined) {
      expiryUsable = false;
      invalid.push({ path: ['expires_in'], message: 'give expires_at or expires_in, not both' });
    } else if (!Number.isInteger(requested.expiresIn) || requested.expiresIn < 1 || !isTime(expiresAt)) {
      expiryUsable = false;
      invalid.push({ path: ['expires_in'], message: 'expires_in is not a valid lifetime; give a whole number of seconds, at least 1' });
    } else {
      tooLong.push(...validateKeyLifetime(policy, requested.expiresIn, 'expires_in'));
    }
  } else if (requested.expiresAt === undefined) {
    expiresAt = current !== undefined ? current.expiresAt : defaultExpiry(policy, now);
  } else if (requested.expiresAt === null) {
    expiresAt = null;
    if (max !== null) {
      tooLong.push({
        path: ['expires_at'],
        message: `expires_at cannot be null (never): the organization's policy limits keys to ${formatDuration(max)}; give a time no later than ${iso(latest!)}`,
      });
    }
  } else {
    expiresAt = requested.expiresAt;
    if (!isTime(expiresAt)) {
      expiryUsable = false;
      invalid.push({ path: ['expires_at'], message: 'expires_at is not a valid time; give an RFC 3339 date-time' });
    } else if (expiresAt <= now) {
      expiryUsable = false;
      invalid.push({
        path: ['expires_at'],
        message: `expires_at ${iso(expiresAt)} is in the past; give a time after ${iso(now)}`,
      });
    } else if (latest !== null && expiresAt > latest) {
      tooLong.push({
        path: ['expires_at'],
        message: `expires_at ${iso(expiresAt)} is beyond the organization's maximum key lifetime of ${formatDuration(max!)}; give a time no later than ${iso(latest)}`,
      });
    }
  }

  let notBefore: number | null;
  if (requested.notBefore === undefined) {
    notBefore = current?.notBefore ?? null;
  } else {
    notBefore = requested.notBefore;
    if (notBefore !== null && !isTime(notBefore)) {
      invalid.push({ path: ['not_before'], message: 'not_before is not a valid time; give an RFC 3339 date-time' });
      notBefore = null;
    }
  }

  if (expiryUsable && notBefore !== null && expiresAt !== null && notBefore >= expiresAt) {
    // Blame the field the client just sent; on create with a default expiry that is not_before.
    const blame = requested.notBefore === undefined ? 'expires_at' : 'not_before';
    invalid.push({
      path: [blame],
      message: `not_before ${iso(notBefore)} must be earlier than expires_at ${iso(expiresAt)}`,
    });
  }

  if (invalid.length > 0) return { ok: false, code: 'INVALID_EXPIRY', issues: [...invalid, ...tooLong] };
  if (tooLong.length > 0) return { ok: false, code: 'TTL_EXCEEDS_POLICY', issues: tooLong };
  return { ok: true, expiresAt, notBefore };
}

/**
 * A key's status at `now`, in this precedence: `revoked` (revokedAt set), `expired`
 * (expiresAt set and now >= expiresAt), `not_yet_valid` (notBefore set and now < notBefore),
 * else `active`.
 */
export function keyStatus(key: Pick<ApiKeyRecord, 'revokedAt' | 'expiresAt' | 'notBefore'>, now: number): KeyStatus {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && now >= key.expiresAt) return 'expired';
  if (key.notBefore !== null && now < key.notBefore) return 'not_yet_valid';
  return 'active';
}

/** Longest grace period of a rotation: 7 days. */
export const MAX_GRACE_PERIOD_SECONDS = 7 * 86_400;

/** Checks a rotation's grace period (whole seconds, 0 to 7 days). Paths: `['grace_period']`. */
export function validateGracePeriod(seconds: number): Issue[] {
  if (Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_GRACE_PERIOD_SECONDS) return [];
  return [
    {
      path: ['grace_period'],
      message: `grace_period must be a whole number from 0 to ${MAX_GRACE_PERIOD_SECONDS} (7 days), got ${seconds}`,
    },
  ];
}

/** When the old secret stops working after a rotation at `now`; null when it stops at once. */
export function previousSecretExpiry(now: number, graceSeconds: number): number | null {
  return graceSeconds > 0 ? now + graceSeconds * 1000 : null;
}

/**
 * True while the secret replaced by the last rotation still authenticates: it exists and
 * `now` is before the end of its grace period. The key's own status still applies on top.
 */
export function isPreviousSecretValid(
  key: Pick<ApiKeyRecord, 'previousSecretHash' | 'previousSecretExpiresAt'>,
  now: number,
): boolean {
  return key.previousSecretHash !== null && key.previousSecretExpiresAt !== null && now < key.previousSecretExpiresAt;
}
