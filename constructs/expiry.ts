/**
 * When a key stops working: `Expiry.after({ days: 90 })` (renewed at each rotation),
 * `Expiry.at('2027-02-20T00:00:00Z')`, `Expiry.organizationDefault()` (the default), or
 * `Expiry.never()`.
 */
import { formatDuration, resolveExpiry } from '../src/core/expiry.js';
import { parseTimestamp } from '../src/core/timestamp.js';
import type { KeyPolicy } from '../src/core/types.js';
import { resolveDuration, type DurationLike } from './duration.js';
import { isToken } from './validation.js';

// The organization's policy is not known at synth time, so expiry is checked against a policy
// without limits, as the provider's validation does: what remains is "in the past",
// "not before after expiry" and unreadable times. The provider checks `never` and the length
// of `after` against the policy at plan time; the service checks the rest on apply.
const NO_LIMITS_POLICY: KeyPolicy = { defaultTtlSeconds: null, maxTtlSeconds: null, issuerPrefix: 'nm', tagStyle: 'organization', environmentTag: null };

/**
 * What an {@link Expiry} gives the key resource, and what is wrong with it. At most one of
 * `expiresAt`, `expiresAfter` and `neverExpires` is set; none: the organization's default.
 */
export interface ExpiryConfig {
  /** The `expires_at` argument (`at`). */
  readonly expiresAt?: string;
  /** The `expires_after` argument (`after`): the provider's duration text, e.g. `90d`. */
  readonly expiresAfter?: string;
  /** The `never_expires` argument (`never`). */
  readonly neverExpires?: boolean;
  /** The key's lifetime, when it is a fixed length (`after`). */
  readonly lifetimeSeconds?: number;
  /** The expiry as epoch milliseconds, when it is a known instant (`at`). */
  readonly expiresAtMs?: number;
  /** Problems, as `[field relative to the key's props, message]`. */
  readonly issues: readonly (readonly [string, string])[];
}

type ExpirySpec =
  | { kind: 'after'; duration: DurationLike }
  | { kind: 'at'; time: Date | string }
  | { kind: 'never' }
  | { kind: 'organizationDefault' };

/** When a key stops working. */
export class Expiry {
  /**
   * The key expires `duration` after it is created, and again `duration` after each rotation
   * (the provider's `expires_after`), e.g. `Expiry.after({ days: 90 })`: a key rotated by its
   * {@link Rotation} never runs out. Plans show no change between rotations; changing the
   * duration sets the expiry to the time of the apply plus the new duration. At most the
   * organization's maximum lifetime (`terraform plan` fails naming the policy otherwise).
   */
  static after(duration: DurationLike): Expiry {
    return new Expiry({ kind: 'after', duration });
  }

  /**
   * The key expires at `time`: a `Date`, or an RFC 3339 time such as `'2027-02-20T00:00:00Z'`
   * (written to the configuration as given). Must be in the future when synthesized.
   */
  static at(time: Date | string): Expiry {
    return new Expiry({ kind: 'at', time });
  }

  /**
   * The key never expires (the provider's `never_expires = true`). Allowed only by
   * organizations whose key policy has no maximum lifetime: elsewhere `terraform plan` fails
   * naming the policy.
   */
  static never(): Expiry {
    return new Expiry({ kind: 'never' });
  }

  /** The organization's default lifetime (its policy's `default_ttl`), chosen by the service at creation. */
  static organizationDefault(): Expiry {
    return new Expiry({ kind: 'organizationDefault' });
  }

  private constructor(private readonly spec: ExpirySpec) {}

  /** `after`, `at`, `never` or `organizationDefault`. */
  get kind(): ExpirySpec['kind'] {
    return this.spec.kind;
  }

  /**
   * What this expiry gives a key whose `notBefore` (epoch ms) is as given, checked with src/core
   * at `now`. Used by `ApiKey`.
   */
  bind(now: number, notBefore?: number): ExpiryConfig {
    const spec = this.spec;
    switch (spec.kind) {
      case 'organizationDefault': {
        const result = resolveExpiry(NO_LIMITS_POLICY, now, { notBefore });
        return { issues: result.ok ? [] : result.issues.map((i) => ['notBefore', i.message] as const) };
      }
      case 'never':
        return { neverExpires: true, issues: [] };
      case 'after': {
        const duration = resolveDuration(spec.duration);
        if (!duration.ok) return { issues: [['expiry', duration.message]] };
        if (duration.seconds === 0) return { issues: [['expiry', 'Expiry.after() needs a duration longer than zero']] };
        // Whether not_before falls before the first expiry depends on the time of the apply: the service checks it.
        return { expiresAfter: duration.text, lifetimeSeconds: duration.seconds, issues: [] };
      }
      case 'at':
        return bindAt(spec.time, now, notBefore);
    }
  }

  /** How the expiry reads in messages: `90 days after creation`, `at 2027-02-20T00:00:00.000Z`. */
  toString(): string {
    const spec = this.spec;
    switch (spec.kind) {
      case 'after': {
        const duration = resolveDuration(spec.duration);
        return duration.ok ? `${formatDuration(duration.seconds)} after creation or rotation` : 'after an invalid duration';
      }
      case 'at':
        return `at ${spec.time instanceof Date ? (Number.isNaN(spec.time.getTime()) ? 'an invalid date' : spec.time.toISOString()) : spec.time}`;
      case 'never':
        return 'never';
      case 'organizationDefault':
        return "the organization's default";
    }
  }
}

function bindAt(time: Date | string, now: number, notBefore: number | undefined): ExpiryConfig {
  if (typeof time === 'string' && isToken(time)) return { expiresAt: time, issues: [] };
  let text: string;
  let ms: number | null;
  if (time instanceof Date) {
    ms = Number.isNaN(time.getTime()) ? null : time.getTime();
    if (ms === null) return { issues: [['expiry', 'Expiry.at() was given an invalid Date']] };
    text = time.toISOString();
  } else {
    text = time;
    ms = parseTimestamp(time);
    if (ms === null) {
      return { issues: [['expiry', `${JSON.stringify(time)} is not an RFC 3339 time; write it like "2027-02-20T00:00:00Z"`]] };
    }
  }
  const result = resolveExpiry(NO_LIMITS_POLICY, now, { expiresAt: ms, notBefore });
  const issues = result.ok ? [] : result.issues.map((i) => [i.path[0] === 'not_before' ? 'notBefore' : 'expiry', i.message] as const);
  return { expiresAt: text, expiresAtMs: ms, issues };
}
