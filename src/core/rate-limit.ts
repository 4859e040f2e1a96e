/**
 * Rate limits: requests per minute per key. The figure comes from the organization's plan
 * (Free 60, Team 500, Business 2,000, Enterprise configured), may be overridden for the
 * organization, and may be lowered for one key. Counting is a fixed window aligned to clock
 * minutes; see {@link FixedWindowLimiter}. Headers follow draft-ietf-httpapi-ratelimit-headers
 * (structured fields): `RateLimit-Policy: "default";q=60;w=60`, `RateLimit: "default";r=59;t=30`.
 */

import type { Issue } from './issues.js';
import type { ApiKeyRecord, Organization, Plan } from './types.js';

/** Length of a rate-limit window in seconds. */
export const RATE_LIMIT_WINDOW_SECONDS = 60;

/** Highest per-minute limit that may be configured. */
export const MAX_RATE_LIMIT_PER_MINUTE = 1_000_000;

/** Requests per minute of each plan; Enterprise has no default and must be configured. */
export const PLAN_RATE_LIMITS = {
  free: 60,
  team: 500,
  business: 2_000,
  enterprise: null,
} as const satisfies Record<Plan, number | null>;

/**
 * Used for an Enterprise organization stored without its configured figure. Validation
 * prevents that; if it happens anyway, requests get the Business figure rather than a 500.
 */
const ENTERPRISE_FALLBACK = PLAN_RATE_LIMITS.business;

/** The organization's per-key limit: its configured figure, else its plan's. */
export function organizationLimit(org: Pick<Organization, 'plan' | 'rateLimitPerMinute'>): number {
  return org.rateLimitPerMinute ?? PLAN_RATE_LIMITS[org.plan] ?? ENTERPRISE_FALLBACK;
}

/**
 * The limit that applies to `key`: its own override when set, but never above the
 * organization's figure. Decision: a per-key override can only lower the limit, since the
 * plan is what the organization pays for; an override above it is refused by
 * {@link validateKeyRateLimit} and capped here.
 */
export function effectiveLimit(
  org: Pick<Organization, 'plan' | 'rateLimitPerMinute'>,
  key: Pick<ApiKeyRecord, 'rateLimitPerMinute'>,
): number {
  const orgLimit = organizationLimit(org);
  return key.rateLimitPerMinute === null ? orgLimit : Math.min(key.rateLimitPerMinute, orgLimit);
}

function isValidLimit(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= MAX_RATE_LIMIT_PER_MINUTE;
}

/**
 * Checks an organization's configured limit: required for Enterprise, optional otherwise;
 * a whole number from 1 to {@link MAX_RATE_LIMIT_PER_MINUTE}. Paths: `['rate_limit_per_minute']`.
 */
export function validateOrganizationRateLimit(plan: Plan, value: number | null): Issue[] {
  const path = ['rate_limit_per_minute'];
  if (value === null) {
    return plan === 'enterprise'
      ? [{ path, message: 'rate_limit_per_minute is required for the enterprise plan; give the agreed requests per minute' }]
      : [];
  }
  if (!isValidLimit(value)) {
    return [{ path, message: `rate_limit_per_minute must be a whole number from 1 to ${MAX_RATE_LIMIT_PER_MINUTE}, got ${value}` }];
  }
  return [];
}

/**
 * Checks a key's override: null, or a whole number from 1 to the organization's limit.
 * Paths: `['rate_limit_per_minute']`.
 */
export function validateKeyRateLimit(
  org: Pick<Organization, 'plan' | 'rateLimitPerMinute'>,
  value: number | null,
): Issue[] {
  if (value === null) return [];
  const orgLimit = organizationLimit(org);
  if (!isValidLimit(value) || value > orgLimit) {
    return [
      {
        path: ['rate_limit_per_minute'],
        message: `rate_limit_per_minute must be a whole number from 1 to ${orgLimit} (the organization's limit), got ${value}; omit it to use the organization's limit`,
      },
    ];
  }
  return [];
}

/** The outcome of one request against the limiter. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in the current window after this one. */
  remaining: number;
  /** Seconds until the window ends, 1 to the window length. */
  resetSeconds: number;
  /** Seconds to wait before retrying when refused (>= 1); null when allowed. */
  retryAfterSeconds: number | null;
  /** Window length in seconds. */
  windowSeconds: number;
}

/**
 * Fixed-window request counter kept in memory, one counter per id (key id).
 *
 * Windows are aligned to the clock (`floor(now / window)`), not to each key's first use.
 * That is what makes it cheap and bounded: one Map lookup and some arithmetic per request,
 * and when the clock enters a new window every counter of the old one is dead at once, so
 * the Map is simply cleared; memory never exceeds the ids seen within one window. It also
 * gives every node the same window boundaries, should counts later move to shared storage.
 * The known cost of fixed windows, up to twice the limit across a boundary, is accepted.
 *
 * A refused request does not count. Times that go backwards are counted in the current
 * window.
 */
export class FixedWindowLimiter {
  readonly windowSeconds: number;
  private readonly windowMs: number;
  private window = Number.NEGATIVE_INFINITY;
  private readonly counts = new Map<string, number>();

  constructor(windowSeconds: number = RATE_LIMIT_WINDOW_SECONDS) {
    if (!Number.isInteger(windowSeconds) || windowSeconds < 1) {
      throw new RangeError(`window must be a whole number of seconds >= 1, got ${windowSeconds}`);
    }
    this.windowSeconds = windowSeconds;
    this.windowMs = windowSeconds * 1000;
  }

  /** Number of ids with a counter in the current window. */
  get size(): number {
    return this.counts.size;
  }

  /** What {@link consume} would answer for one more request, without counting it. */
  peek(id: string, limit: number, now: number): RateLimitDecision {
    this.enter(now);
    const used = this.counts.get(id) ?? 0;
    const resetSeconds = this.resetSeconds(now);
    const allowed = used < limit;
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - used),
      resetSeconds,
      retryAfterSeconds: allowed ? null : resetSeconds,
      windowSeconds: this.windowSeconds,
    };
  }

  /** Counts one request of `id` at `now` (epoch ms) against `limit` per window. */
  consume(id: string, limit: number, now: number): RateLimitDecision {
    this.enter(now);
    const resetSeconds = this.resetSeconds(now);
    const used = this.counts.get(id) ?? 0;
    if (used >= limit) {
      return {
        allowed: false,
        limit,
        remaining: 0,
        resetSeconds,
        retryAfterSeconds: resetSeconds,
        windowSeconds: this.windowSeconds,
      };
    }
    this.counts.set(id, used + 1);
    return {
      allowed: true,
      limit,
      remaining: limit - used - 1,
      resetSeconds,
      retryAfterSeconds: null,
      windowSeconds: this.windowSeconds,
    };
  }

  private resetSeconds(now: number): number {
    const end = (this.window + 1) * this.windowMs;
    return Math.min(this.windowSeconds, Math.max(1, Math.ceil((end - now) / 1000)));
  }

  /** Moves to the window of `now`; every counter of an older window is dead at once. */
  private enter(now: number): void {
    const window = Math.floor(now / this.windowMs);
    if (window > this.window) {
      this.window = window;
      this.counts.clear();
    }
  }
}

/** Name of the single policy in the rate-limit headers. */
export const RATE_LIMIT_POLICY_NAME = 'default';

/** `RateLimit-Policy` value, e.g. `"default";q=60;w=60`. */
export function rateLimitPolicyHeader(limit: number, windowSeconds: number = RATE_LIMIT_WINDOW_SECONDS): string {
  return `"${RATE_LIMIT_POLICY_NAME}";q=${limit};w=${windowSeconds}`;
}

/** `RateLimit` value, e.g. `"default";r=59;t=30`. */
export function rateLimitHeader(decision: Pick<RateLimitDecision, 'remaining' | 'resetSeconds'>): string {
  return `"${RATE_LIMIT_POLICY_NAME}";r=${decision.remaining};t=${decision.resetSeconds}`;
}

/** `Retry-After` value in whole seconds, at least 1. */
export function retryAfterHeader(decision: Pick<RateLimitDecision, 'retryAfterSeconds' | 'resetSeconds'>): string {
  return String(Math.max(1, Math.ceil(decision.retryAfterSeconds ?? decision.resetSeconds)));
}

/** All rate-limit response headers for a decision; `Retry-After` only when refused. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Policy': rateLimitPolicyHeader(decision.limit, decision.windowSeconds),
    RateLimit: rateLimitHeader(decision),
  };
  if (!decision.allowed) headers['Retry-After'] = retryAfterHeader(decision);
  return headers;
}

/**
 * How many requests of a limit `limit` to grant a node, given the cluster's `total` so far
 * and the `nodes` sharing the bucket. Grants come in chunks of a hundredth of the limit (one
 * at a time under 200 a minute), so a busy key costs a database round trip per hundred
 * requests, not per request. A node can be left holding at most a chunk less one unused
 * when its clients stop coming; the cluster grants that much more per node (`slack`), so a
 * key sending no more than its limit is never refused. What it costs: at most
 * (nodes + 1) × (chunk − 1) requests over the limit, 4 % of the limit with 3 nodes, 0 for
 * limits under 200 a minute, which are exact.
 */
export function grantSize(limit: number, total: number, nodes: number): number {
  const chunk = Math.max(1, Math.floor(limit / 100));
  const slack = nodes * (chunk - 1);
  return total >= limit + slack ? 0 : chunk;
}
