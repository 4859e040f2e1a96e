import { describe, expect, it } from 'vitest';
import {
  defaultExpiry,
  formatDuration,
  isPreviousSecretValid,
  keyStatus,
  MAX_GRACE_PERIOD_SECONDS,
  previousSecretExpiry,
  resolveExpiry,
  validateGracePeriod,
  validateKeyLifetime,
} from '../../src/core/expiry.js';
import type { ExpiryRequest, ExpiryResult } from '../../src/core/expiry.js';
import type { KeyPolicy } from '../../src/core/types.js';

const DAY = 86_400;
const NOW = Date.UTC(2025, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();

const policy = (defaultTtlSeconds: number | null, maxTtlSeconds: number | null): KeyPolicy => ({
  defaultTtlSeconds,
  maxTtlSeconds,
  issuerPrefix: 'nm',
  tagStyle: 'organization',
  environmentTag: null,
});

const P90_365 = policy(90 * DAY, 365 * DAY);
const UNLIMITED = policy(null, null);

describe('defaultExpiry', () => {
  it.each<[string, KeyPolicy, number | null]>([
    ['default 90 days', P90_365, NOW + 90 * DAY * 1000],
    ['never when nothing is set', UNLIMITED, null],
    ['default without maximum', policy(30 * DAY, null), NOW + 30 * DAY * 1000],
    ['maximum when there is no default', policy(null, 7 * DAY), NOW + 7 * DAY * 1000],
    ['maximum when the default exceeds it', policy(30 * DAY, 7 * DAY), NOW + 7 * DAY * 1000],
  ])('%s', (_name, p, expected) => {
    expect(defaultExpiry(p, NOW)).toBe(expected);
  });
});

describe('resolveExpiry on create', () => {
  const ok = (expiresAt: number | null, notBefore: number | null = null): ExpiryResult => ({ ok: true, expiresAt, notBefore });

  it.each<[string, KeyPolicy, ExpiryRequest, ExpiryResult]>([
    ['omitted → policy default', P90_365, {}, ok(NOW + 90 * DAY * 1000)],
    ['omitted under an unlimited policy → never', UNLIMITED, {}, ok(null)],
    ['null under an unlimited policy → never', UNLIMITED, { expiresAt: null }, ok(null)],
    ['one millisecond from now', P90_365, { expiresAt: NOW + 1 }, ok(NOW + 1)],
    ['exactly the maximum', P90_365, { expiresAt: NOW + 365 * DAY * 1000 }, ok(NOW + 365 * DAY * 1000)],
    ['far future without a maximum', UNLIMITED, { expiresAt: NOW + 3650 * DAY * 1000 }, ok(NOW + 3650 * DAY * 1000)],
    ['not_before in the future', P90_365, { expiresAt: NOW + 2000, notBefore: NOW + 1000 }, ok(NOW + 2000, NOW + 1000)],
    ['not_before in the past is harmless', P90_365, { notBefore: NOW - 1000 }, ok(NOW + 90 * DAY * 1000, NOW - 1000)],
    ['not_before with never', UNLIMITED, { expiresAt: null, notBefore: NOW + 5 }, ok(null, NOW + 5)],
    ['not_before null', P90_365, { notBefore: null }, ok(NOW + 90 * DAY * 1000)],
    ['expires_in: seconds from now', P90_365, { expiresIn: 3600 }, ok(NOW + 3600 * 1000)],
    ['expires_in of exactly the maximum', P90_365, { expiresIn: 365 * DAY }, ok(NOW + 365 * DAY * 1000)],
  ])('accepts: %s', (_name, p, request, expected) => {
    expect(resolveExpiry(p, NOW, request)).toEqual(expected);
  });

  it('refuses an expiry exactly now as in the past', () => {
    expect(resolveExpiry(P90_365, NOW, { expiresAt: NOW })).toEqual({
      ok: false,
      code: 'INVALID_EXPIRY',
      issues: [{ path: ['expires_at'], message: `expires_at ${iso(NOW)} is in the past; give a time after ${iso(NOW)}` }],
    });
  });

  it.each([
    ['with expires_at', { expiresIn: 60, expiresAt: NOW + 1000 }, 'give expires_at or expires_in, not both'],
    ['of zero', { expiresIn: 0 }, 'expires_in is not a valid lifetime; give a whole number of seconds, at least 1'],
    ['of a fraction', { expiresIn: 1.5 }, 'expires_in is not a valid lifetime; give a whole number of seconds, at least 1'],
  ])('refuses expires_in %s as INVALID_EXPIRY at expires_in', (_name, request, message) => {
    expect(resolveExpiry(P90_365, NOW, request)).toEqual({ ok: false, code: 'INVALID_EXPIRY', issues: [{ path: ['expires_in'], message }] });
  });

  it('refuses an expires_in beyond the maximum, naming the limit', () => {
    expect(resolveExpiry(P90_365, NOW, { expiresIn: 365 * DAY + 1 })).toMatchObject({
      ok: false,
      code: 'TTL_EXCEEDS_POLICY',
      issues: [{ path: ['expires_in'], message: expect.stringContaining('at most 365 days (max_ttl_seconds 31536000)') }],
    });
  });

  it('refuses an expiry in the past', () => {
    expect(resolveExpiry(UNLIMITED, NOW, { expiresAt: NOW - 1 })).toMatchObject({
      ok: false,
      code: 'INVALID_EXPIRY',
      issues: [{ path: ['expires_at'] }],
    });
  });

  it('refuses never when the policy has a maximum', () => {
    expect(resolveExpiry(P90_365, NOW, { expiresAt: null })).toEqual({
      ok: false,
      code: 'TTL_EXCEEDS_POLICY',
      issues: [
        {
          path: ['expires_at'],
          message: `expires_at cannot be null (never): the organization's policy limits keys to 365 days; give a time no later than ${iso(NOW + 365 * DAY * 1000)}`,
        },
      ],
    });
  });

  it('refuses one millisecond beyond the maximum', () => {
    const latest = NOW + 365 * DAY * 1000;
    expect(resolveExpiry(P90_365, NOW, { expiresAt: latest + 1 })).toEqual({
      ok: false,
      code: 'TTL_EXCEEDS_POLICY',
      issues: [
        {
          path: ['expires_at'],
          message: `expires_at ${iso(latest + 1)} is beyond the organization's maximum key lifetime of 365 days; give a time no later than ${iso(latest)}`,
        },
      ],
    });
  });

  it.each<[string, ExpiryRequest, string]>([
    ['equal to expires_at', { expiresAt: NOW + 1000, notBefore: NOW + 1000 }, 'not_before'],
    ['after expires_at', { expiresAt: NOW + 1000, notBefore: NOW + 2000 }, 'not_before'],
    ['after the default expiry', { notBefore: NOW + 91 * DAY * 1000 }, 'not_before'],
  ])('refuses not_before %s', (_name, request, field) => {
    const result = resolveExpiry(P90_365, NOW, request);
    expect(result).toMatchObject({ ok: false, code: 'INVALID_EXPIRY', issues: [{ path: [field] }] });
    expect(!result.ok && result.issues[0]!.message).toMatch(/^not_before .* must be earlier than expires_at /);
  });

  it('refuses times that are not whole milliseconds in range', () => {
    expect(resolveExpiry(UNLIMITED, NOW, { expiresAt: Number.NaN })).toMatchObject({ ok: false, code: 'INVALID_EXPIRY' });
    expect(resolveExpiry(UNLIMITED, NOW, { expiresAt: 1e300 })).toMatchObject({ ok: false, code: 'INVALID_EXPIRY' });
    expect(resolveExpiry(UNLIMITED, NOW, { notBefore: NOW + 0.5 })).toMatchObject({
      ok: false,
      code: 'INVALID_EXPIRY',
      issues: [{ path: ['not_before'] }],
    });
  });

  it('reports INVALID_EXPIRY before TTL_EXCEEDS_POLICY when both apply', () => {
    const result = resolveExpiry(P90_365, NOW, { expiresAt: null, notBefore: Number.NaN });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_EXPIRY' });
    expect(!result.ok && result.issues.map((i) => i.path[0])).toEqual(['not_before', 'expires_at']);
  });
});

describe('resolveExpiry on update', () => {
  const current = { expiresAt: NOW - 1000, notBefore: null };

  it('keeps omitted fields without re-checking them against the clock', () => {
    expect(resolveExpiry(P90_365, NOW, {}, current)).toEqual({ ok: true, expiresAt: NOW - 1000, notBefore: null });
  });

  it('checks a changed expiry', () => {
    expect(resolveExpiry(P90_365, NOW, { expiresAt: NOW + 1000 }, current)).toEqual({
      ok: true,
      expiresAt: NOW + 1000,
      notBefore: null,
    });
    expect(resolveExpiry(P90_365, NOW, { expiresAt: NOW }, current)).toMatchObject({ ok: false, code: 'INVALID_EXPIRY' });
  });

  it('blames expires_at when the new expiry falls before the kept not_before', () => {
    const result = resolveExpiry(P90_365, NOW, { expiresAt: NOW + 1000 }, { expiresAt: null, notBefore: NOW + 5000 });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_EXPIRY', issues: [{ path: ['expires_at'] }] });
  });
});

describe('validateKeyLifetime', () => {
  it.each([
    ['within the maximum', P90_365, 365 * DAY, []],
    ['any lifetime without a maximum', UNLIMITED, 100 * 365 * DAY, []],
    ['never, without a maximum', UNLIMITED, null, []],
  ] as const)('allows %s', (_, p, seconds, expected) => {
    expect(validateKeyLifetime(p, seconds, 'expires_after')).toEqual(expected);
  });

  it('refuses one second beyond the maximum, naming the field and the policy', () => {
    expect(validateKeyLifetime(P90_365, 365 * DAY + 1, 'expires_after')).toEqual([
      { path: ['expires_after'], message: "expires_after of 31536001 seconds is longer than the organization's key policy allows: at most 365 days (max_ttl_seconds 31536000)" },
    ]);
  });

  it('refuses never where the policy has a maximum', () => {
    expect(validateKeyLifetime(policy(null, 30 * DAY), null, 'never_expires')).toEqual([
      { path: ['never_expires'], message: "never_expires is not allowed: the organization's key policy limits keys to 30 days (max_ttl_seconds 2592000)" },
    ]);
  });
});

describe('keyStatus', () => {
  const key = (over: Partial<{ revokedAt: number | null; expiresAt: number | null; notBefore: number | null }>) => ({
    revokedAt: null,
    expiresAt: null,
    notBefore: null,
    ...over,
  });

  it.each([
    ['active without limits', key({}), 'active'],
    ['active one ms before expiry', key({ expiresAt: NOW + 1 }), 'active'],
    ['expired exactly at expiry', key({ expiresAt: NOW }), 'expired'],
    ['expired after expiry', key({ expiresAt: NOW - 1 }), 'expired'],
    ['not yet valid one ms before not_before', key({ notBefore: NOW + 1 }), 'not_yet_valid'],
    ['active exactly at not_before', key({ notBefore: NOW }), 'active'],
    ['revoked wins over everything', key({ revokedAt: NOW - 5, expiresAt: NOW - 1, notBefore: NOW + 1 }), 'revoked'],
    ['revoked in the future still revoked', key({ revokedAt: NOW + 1 }), 'revoked'],
    ['expired wins over not yet valid', key({ expiresAt: NOW - 1, notBefore: NOW + 1 }), 'expired'],
  ] as const)('%s', (_name, k, expected) => {
    expect(keyStatus(k, NOW)).toBe(expected);
  });
});

describe('rotation grace period', () => {
  it.each([
    [0, []],
    [3600, []],
    [MAX_GRACE_PERIOD_SECONDS, []],
  ])('accepts %i seconds', (seconds, issues) => {
    expect(validateGracePeriod(seconds)).toEqual(issues);
  });

  it.each([[-1], [MAX_GRACE_PERIOD_SECONDS + 1], [1.5], [Number.NaN]])('refuses %s seconds', (seconds) => {
    expect(validateGracePeriod(seconds)).toEqual([
      {
        path: ['grace_period'],
        message: `grace_period must be a whole number from 0 to 604800 (7 days), got ${seconds}`,
      },
    ]);
  });

  it('previousSecretExpiry is null for no grace', () => {
    expect(previousSecretExpiry(NOW, 0)).toBeNull();
    expect(previousSecretExpiry(NOW, 60)).toBe(NOW + 60_000);
  });

  it.each([
    ['no previous secret', { previousSecretHash: null, previousSecretExpiresAt: null }, false],
    ['previous secret without grace', { previousSecretHash: 'h', previousSecretExpiresAt: null }, false],
    ['inside the grace period', { previousSecretHash: 'h', previousSecretExpiresAt: NOW + 1 }, true],
    ['exactly at the end of the grace period', { previousSecretHash: 'h', previousSecretExpiresAt: NOW }, false],
    ['after the grace period', { previousSecretHash: 'h', previousSecretExpiresAt: NOW - 1 }, false],
  ])('isPreviousSecretValid: %s', (_name, key, expected) => {
    expect(isPreviousSecretValid(key, NOW)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    [86_400, '1 day'],
    [90 * 86_400, '90 days'],
    [3_600, '1 hour'],
    [7_200, '2 hours'],
    [60, '1 minute'],
    [90, '90 seconds'],
    [1, '1 second'],
  ])('%i → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
