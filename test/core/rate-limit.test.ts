import { describe, expect, it } from 'vitest';
import {
  effectiveLimit,
  FixedWindowLimiter,
  organizationLimit,
  PLAN_RATE_LIMITS,
  rateLimitHeader,
  rateLimitHeaders,
  rateLimitPolicyHeader,
  retryAfterHeader,
  validateKeyRateLimit,
  validateOrganizationRateLimit,
} from '../../src/core/rate-limit.js';
import type { Plan } from '../../src/core/types.js';

const MINUTE = 60_000;
const T0 = 1_700_000_040_000; // a clock-minute boundary: 1_700_000_040_000 % 60_000 === 0

describe('limits', () => {
  it('has the plan figures of the product', () => {
    expect(PLAN_RATE_LIMITS).toEqual({ free: 60, team: 500, business: 2_000, enterprise: null });
  });

  it.each<[Plan, number | null, number | null, number]>([
    ['free', null, null, 60],
    ['team', null, null, 500],
    ['business', null, null, 2_000],
    ['enterprise', 50_000, null, 50_000],
    ['enterprise', null, null, 2_000], // misconfigured: falls back instead of failing
    ['free', 100, null, 100],
    ['team', null, 10, 10],
    ['team', null, 500, 500],
    ['team', null, 501, 500], // an override never raises the limit
    ['enterprise', 50_000, 70_000, 50_000],
  ])('plan %s, org override %s, key override %s → %i', (plan, orgLimit, keyLimit, expected) => {
    const org = { plan, rateLimitPerMinute: orgLimit };
    expect(effectiveLimit(org, { rateLimitPerMinute: keyLimit })).toBe(expected);
    if (keyLimit === null) expect(organizationLimit(org)).toBe(expected);
  });

  it.each<[Plan, number | null, boolean]>([
    ['enterprise', null, false],
    ['enterprise', 10_000, true],
    ['free', null, true],
    ['team', 0, false],
    ['team', 1.5, false],
    ['team', 1_000_001, false],
  ])('organization limit for %s = %s valid: %s', (plan, value, valid) => {
    expect(validateOrganizationRateLimit(plan, value).length === 0).toBe(valid);
  });

  it('explains an override above the organization limit', () => {
    expect(validateKeyRateLimit({ plan: 'free', rateLimitPerMinute: null }, 61)).toEqual([
      {
        path: ['rate_limit_per_minute'],
        message: "rate_limit_per_minute must be a whole number from 1 to 60 (the organization's limit), got 61; omit it to use the organization's limit",
      },
    ]);
    expect(validateKeyRateLimit({ plan: 'free', rateLimitPerMinute: null }, 60)).toEqual([]);
    expect(validateKeyRateLimit({ plan: 'free', rateLimitPerMinute: null }, null)).toEqual([]);
    expect(validateKeyRateLimit({ plan: 'free', rateLimitPerMinute: null }, 0)).toHaveLength(1);
  });
});

describe('FixedWindowLimiter', () => {
  it('counts down and refuses the request after the limit', () => {
    const limiter = new FixedWindowLimiter();
    expect(limiter.consume('k', 3, T0)).toEqual({
      allowed: true,
      limit: 3,
      remaining: 2,
      resetSeconds: 60,
      retryAfterSeconds: null,
      windowSeconds: 60,
    });
    expect(limiter.consume('k', 3, T0 + 1_000)).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 59 });
    expect(limiter.consume('k', 3, T0 + 1_500)).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 59 });
    expect(limiter.consume('k', 3, T0 + 30_000)).toEqual({
      allowed: false,
      limit: 3,
      remaining: 0,
      resetSeconds: 30,
      retryAfterSeconds: 30,
      windowSeconds: 60,
    });
  });

  it('peek tells whether the limit is used up without counting, and forgets it at the next window', () => {
    const limiter = new FixedWindowLimiter();
    expect(limiter.peek('k', 2, T0).allowed).toBe(true);
    limiter.consume('k', 2, T0);
    expect(limiter.peek('k', 2, T0).allowed).toBe(true);
    limiter.consume('k', 2, T0);
    expect(limiter.peek('k', 2, T0 + 1).allowed).toBe(false);
    expect(limiter.peek('k', 3, T0 + 1).allowed).toBe(true);
    expect(limiter.peek('k', 2, T0 + 60_000).allowed).toBe(true);
  });

  it('rolls over at the clock minute', () => {
    const limiter = new FixedWindowLimiter();
    limiter.consume('k', 1, T0 + 59_999);
    expect(limiter.consume('k', 1, T0 + 59_999)).toMatchObject({ allowed: false, resetSeconds: 1, retryAfterSeconds: 1 });
    expect(limiter.consume('k', 1, T0 + MINUTE)).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 60 });
    expect(limiter.consume('k', 1, T0 + MINUTE + 1)).toMatchObject({ allowed: false });
  });

  it('aligns windows to the clock, not to first use', () => {
    const limiter = new FixedWindowLimiter();
    expect(limiter.consume('k', 1, T0 + 45_000)).toMatchObject({ allowed: true, resetSeconds: 15 });
    // 15 s later is a new clock minute, although only 15 s passed since first use.
    expect(limiter.consume('k', 1, T0 + 60_000)).toMatchObject({ allowed: true });
  });

  it('rounds the reset up to whole seconds, never below 1', () => {
    const limiter = new FixedWindowLimiter();
    expect(limiter.consume('a', 10, T0 + 100)).toMatchObject({ resetSeconds: 60 });
    expect(limiter.consume('b', 10, T0 + 59_001)).toMatchObject({ resetSeconds: 1 });
    expect(limiter.consume('c', 10, T0 + 58_999)).toMatchObject({ resetSeconds: 2 });
  });

  it('keeps ids apart', () => {
    const limiter = new FixedWindowLimiter();
    expect(limiter.consume('a', 1, T0)).toMatchObject({ allowed: true });
    expect(limiter.consume('b', 1, T0)).toMatchObject({ allowed: true });
    expect(limiter.consume('a', 1, T0)).toMatchObject({ allowed: false });
  });

  it('does not count refused requests', () => {
    const limiter = new FixedWindowLimiter();
    limiter.consume('k', 1, T0);
    for (let i = 0; i < 10; i++) limiter.consume('k', 1, T0);
    expect(limiter.consume('k', 2, T0)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('drops the counters of ended windows', () => {
    const limiter = new FixedWindowLimiter();
    for (let i = 0; i < 1_000; i++) limiter.consume(`key-${i}`, 10, T0);
    expect(limiter.size).toBe(1_000);
    limiter.consume('late', 10, T0 + MINUTE);
    expect(limiter.size).toBe(1);
  });

  it('counts a time from an earlier window in the current one', () => {
    const limiter = new FixedWindowLimiter();
    limiter.consume('k', 2, T0 + MINUTE);
    expect(limiter.consume('k', 2, T0 + 59_000)).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 60 });
    expect(limiter.consume('k', 2, T0 + MINUTE)).toMatchObject({ allowed: false });
  });

  it('refuses everything with a limit of 0', () => {
    expect(new FixedWindowLimiter().consume('k', 0, T0)).toMatchObject({ allowed: false, remaining: 0 });
  });

  it('supports other window lengths', () => {
    const limiter = new FixedWindowLimiter(10);
    expect(limiter.consume('k', 1, T0 + 3_000)).toMatchObject({ allowed: true, resetSeconds: 7, windowSeconds: 10 });
    expect(limiter.consume('k', 1, T0 + 10_000)).toMatchObject({ allowed: true });
    expect(() => new FixedWindowLimiter(0)).toThrow(RangeError);
  });
});

describe('headers', () => {
  it('formats RateLimit-Policy and RateLimit as structured fields', () => {
    expect(rateLimitPolicyHeader(60)).toBe('"default";q=60;w=60');
    expect(rateLimitPolicyHeader(2_000, 60)).toBe('"default";q=2000;w=60');
    expect(rateLimitHeader({ remaining: 59, resetSeconds: 30 })).toBe('"default";r=59;t=30');
  });

  it('gives Retry-After as whole seconds, at least 1', () => {
    expect(retryAfterHeader({ retryAfterSeconds: 30, resetSeconds: 30 })).toBe('30');
    expect(retryAfterHeader({ retryAfterSeconds: 0, resetSeconds: 0 })).toBe('1');
    expect(retryAfterHeader({ retryAfterSeconds: 1.2, resetSeconds: 2 })).toBe('2');
    expect(retryAfterHeader({ retryAfterSeconds: null, resetSeconds: 12 })).toBe('12');
  });

  it('adds Retry-After only when refused', () => {
    const limiter = new FixedWindowLimiter();
    expect(rateLimitHeaders(limiter.consume('k', 1, T0 + 30_000))).toEqual({
      'RateLimit-Policy': '"default";q=1;w=60',
      RateLimit: '"default";r=0;t=30',
    });
    expect(rateLimitHeaders(limiter.consume('k', 1, T0 + 30_000))).toEqual({
      'RateLimit-Policy': '"default";q=1;w=60',
      RateLimit: '"default";r=0;t=30',
      'Retry-After': '30',
    });
  });
});
