/**
 * When a key stops working: `Expiry.after({ days: 90 })`, `Expiry.at('2027-02-20T00:00:00Z')`,
 * `Expiry.organizationDefault()` (the default), or `Expiry.never()`.
 */
import { Fn } from 'cdktf';
import { formatDuration, resolveExpiry } from '../src/core/expiry.js';
import { parseTimestamp } from '../src/core/timestamp.js';
import type { KeyPolicy } from '../src/core/types.js';
import { goDuration, resolveDuration, type DurationLike } from './duration.js';
import { isToken } from './validation.js';

// The organization's policy is not known at synth time, so expiry is checked against a policy
// without limits, as the provider does at plan time: what remains is "in the past",
// "not before after expiry" and unreadable times. The service checks its limits on apply.
const NO_LIMITS_POLICY: KeyPolicy = { defaultTtlSeconds: null, maxTtlSeconds: null, issuerPrefix: 'nm', tagStyle: 'organization', environmentTag: null };

/** What an {@link Expiry} gives the key resource, and what is wrong with it. */
export interface ExpiryConfig {
  /** The `expires_at` argument; undefined leaves it out (the organization's default applies). */
  readonly expiresAt?: string;
  /**
   * True when `expires_at` is computed at apply time from the clock and must be kept as first
   * applied (Terraform `ignore_changes`), or every plan would move it.
   */
  readonly fixedAtCreation: boolean;
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
   * The key expires `duration` after it is created, e.g. `Expiry.after({ days: 90 })`.
   *
   * The time is taken when Terraform creates the key (`timeadd(timestamp(), ...)`) and kept
   * from then on: later plans show no change, and changing the duration does not move the
   * expiry of a key that exists (use {@link Expiry.at} for that). A key that has expired is
   * created again by the next apply, with a new expiry `duration` from then. Rotation keeps
   * the expiry: it gives the key a new secret, not a longer life.
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
   * The key never expires (allowed only by organizations whose policy has no maximum lifetime).
   *
   * Not expressible yet: `keyplane_api_key` has no way to ask for "never" (leaving `expires_at`
   * out means the organization's default lifetime), so synthesis fails with an explanation
   * rather than quietly giving the key the default lifetime.
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
        return { fixedAtCreation: false, issues: result.ok ? [] : result.issues.map((i) => ['notBefore', i.message] as const) };
      }
      case 'never':
        return {
          fixedAtCreation: false,
          issues: [
            [
              'expiry',
              'Expiry.never() cannot be expressed yet: keyplane_api_key has no argument for "never" (leaving expires_at out gives the organization\'s default lifetime); use Expiry.at() with a distant time, or Expiry.organizationDefault() if the policy has no default lifetime',
            ],
          ],
        };
      case 'after': {
        const duration = resolveDuration(spec.duration);
        if (!duration.ok) return { fixedAtCreation: true, issues: [['expiry', duration.message]] };
        if (duration.seconds === 0) return { fixedAtCreation: true, issues: [['expiry', 'Expiry.after() needs a duration longer than zero']] };
        return {
          expiresAt: Fn.timeadd(Fn.timestamp(), goDuration(duration.seconds)),
          fixedAtCreation: true,
          lifetimeSeconds: duration.seconds,
          issues: [],
        };
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
        return duration.ok ? `${formatDuration(duration.seconds)} after creation` : 'after an invalid duration';
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
  if (typeof time === 'string' && isToken(time)) return { expiresAt: time, fixedAtCreation: false, issues: [] };
  let text: string;
  let ms: number | null;
  if (time instanceof Date) {
    ms = Number.isNaN(time.getTime()) ? null : time.getTime();
    if (ms === null) return { fixedAtCreation: false, issues: [['expiry', 'Expiry.at() was given an invalid Date']] };
    text = time.toISOString();
  } else {
    text = time;
    ms = parseTimestamp(time);
    if (ms === null) {
      return { fixedAtCreation: false, issues: [['expiry', `${JSON.stringify(time)} is not an RFC 3339 time; write it like "2027-02-20T00:00:00Z"`]] };
    }
  }
  const result = resolveExpiry(NO_LIMITS_POLICY, now, { expiresAt: ms, notBefore });
  const issues = result.ok ? [] : result.issues.map((i) => [i.path[0] === 'not_before' ? 'notBefore' : 'expiry', i.message] as const);
  return { expiresAt: text, fixedAtCreation: false, expiresAtMs: ms, issues };
}
