/**
 * When a key's secret is replaced in place (same id, scopes and rules, new secret):
 * `Rotation.every({ days: 90, overlap: { hours: 24 } })`, `Rotation.beforeExpiry({ days: 7 })`,
 * `Rotation.onChange({ quarter: '2026-Q3' })`, or `Rotation.manual()` (the default). The
 * overlap is how long the replaced secret keeps working, so integrations can switch without
 * downtime. Scheduled rotations become the provider's `rotation` block; with
 * `Expiry.after(...)` each rotation also renews the key's expiry.
 */
import { formatDuration, validateGracePeriod } from '../src/core/expiry.js';
import { resolveDuration, type DurationLike, type DurationParts } from './duration.js';

/** Options shared by every rotation. */
export interface RotationOverlapOptions {
  /**
   * How long the replaced secret keeps working after a rotation (0 to 7 days), e.g.
   * `{ hours: 24 }` or `'24h'`.
   * @default - none: the old secret stops working at once
   */
  readonly overlap?: DurationLike;
}

/** Options of scheduled rotations ({@link Rotation.every}, {@link Rotation.beforeExpiry}) besides their duration. */
export interface RotationPeriodOptions extends RotationOverlapOptions {
  /**
   * Also rotate whenever one of these values changes, e.g. `{ generation: '2' }` to rotate now
   * without waiting for the schedule (see {@link Rotation.onChange}).
   * @default - none
   */
  readonly triggers?: Record<string, string>;
}

/** Options of {@link Rotation.every} besides the period. */
export interface RotationEveryPeriodOptions extends RotationPeriodOptions {
  /**
   * Also rotate when the key expires within this long, e.g. `{ days: 7 }` (see
   * {@link Rotation.beforeExpiry}).
   * @default - only by the period
   */
  readonly beforeExpiry?: DurationLike;
}

/** Options of {@link Rotation.every}: the period as parts, the overlap, and optional triggers and window before expiry. */
export interface RotationEveryOptions extends DurationParts, RotationEveryPeriodOptions {}

/** Options of {@link Rotation.beforeExpiry}: the window as parts, the overlap and optional triggers. */
export interface RotationBeforeExpiryOptions extends DurationParts, RotationPeriodOptions {}

/** The provider's `rotation` block, in the generated bindings' names. */
export interface RotationBlockConfig {
  readonly every?: string;
  readonly beforeExpiry?: string;
  readonly overlap?: string;
}

/** What a {@link Rotation} gives the key resource, and what is wrong with it. */
export interface RotationConfig {
  /** The `rotation` block; undefined for none. */
  readonly rotation?: RotationBlockConfig;
  readonly rotationTriggers?: Record<string, string>;
  /** The period in seconds, when there is one. */
  readonly periodSeconds?: number;
  /** The window before expiry in seconds, when there is one. */
  readonly beforeExpirySeconds?: number;
  /** Problems, as `[field relative to the key's props, message]`. */
  readonly issues: readonly (readonly [string, string])[];
}

type RotationSpec =
  | { kind: 'every'; period: DurationLike; beforeExpiry?: DurationLike; overlap?: DurationLike; triggers?: Record<string, string> }
  | { kind: 'beforeExpiry'; window: DurationLike; overlap?: DurationLike; triggers?: Record<string, string> }
  | { kind: 'onChange'; triggers: Record<string, string>; overlap?: DurationLike }
  | { kind: 'manual' };

/** When a key's secret is rotated. */
export class Rotation {
  /**
   * Rotates the secret when `period` has passed since the key was created or last rotated,
   * e.g. `Rotation.every({ days: 90, overlap: { hours: 24 } })`. The rotation happens at the
   * first apply after that moment (Terraform plans it); nothing runs between applies. With
   * `Expiry.after(...)` the rotation renews the expiry; a key that expired before an apply came
   * is rotated back into use (same id) by the next one.
   */
  static every(options: RotationEveryOptions): Rotation;
  /** The same with the period as text, e.g. `Rotation.every('90d', { overlap: '24h' })`. */
  static every(period: string, options?: RotationEveryPeriodOptions): Rotation;
  static every(period: RotationEveryOptions | string, options: RotationEveryPeriodOptions = {}): Rotation {
    if (typeof period === 'string') {
      return new Rotation({ kind: 'every', period, beforeExpiry: options.beforeExpiry, overlap: options.overlap, triggers: options.triggers });
    }
    const { overlap, triggers, beforeExpiry, ...parts } = period;
    return new Rotation({ kind: 'every', period: parts, beforeExpiry, overlap, triggers });
  }

  /**
   * Rotates the secret when the key expires within `window`, e.g.
   * `Rotation.beforeExpiry({ days: 7, overlap: { hours: 24 } })`: with `Expiry.after(...)`,
   * the key is renewed before it lapses as long as an apply runs within the window. The window
   * must be shorter than the key's lifetime.
   */
  static beforeExpiry(options: RotationBeforeExpiryOptions): Rotation;
  /** The same with the window as text, e.g. `Rotation.beforeExpiry('7d', { overlap: '24h' })`. */
  static beforeExpiry(window: string, options?: RotationPeriodOptions): Rotation;
  static beforeExpiry(window: RotationBeforeExpiryOptions | string, options: RotationPeriodOptions = {}): Rotation {
    if (typeof window === 'string') return new Rotation({ kind: 'beforeExpiry', window, overlap: options.overlap, triggers: options.triggers });
    const { overlap, triggers, ...parts } = window;
    return new Rotation({ kind: 'beforeExpiry', window: parts, overlap, triggers });
  }

  /**
   * Rotates the secret whenever one of `triggers` changes value (like the `keepers` of the
   * random provider), e.g. `Rotation.onChange({ quarter: '2026-Q3' })`. Adding triggers to a key
   * that has none records them without rotating.
   */
  static onChange(triggers: Record<string, string>, options: RotationOverlapOptions = {}): Rotation {
    return new Rotation({ kind: 'onChange', triggers, overlap: options.overlap });
  }

  /** No rotation from the configuration: rotate by hand (`keyplane keys rotate`) or by re-creating the key. */
  static manual(): Rotation {
    return new Rotation({ kind: 'manual' });
  }

  private constructor(private readonly spec: RotationSpec) {}

  /** `every`, `beforeExpiry`, `onChange` or `manual`. */
  get kind(): RotationSpec['kind'] {
    return this.spec.kind;
  }

  /** What this rotation gives a key, checked with src/core. Used by `ApiKey`. */
  bind(): RotationConfig {
    const spec = this.spec;
    if (spec.kind === 'manual') return { issues: [] };
    const issues: [string, string][] = [];
    let overlapText: string | undefined;
    if (spec.overlap !== undefined) {
      const overlap = resolveDuration(spec.overlap);
      if (!overlap.ok) issues.push(['rotation.overlap', overlap.message]);
      else {
        overlapText = overlap.text;
        for (const issue of validateGracePeriod(overlap.seconds)) {
          issues.push(['rotation.overlap', `${overlap.text} is ${formatDuration(overlap.seconds)}, too long: ${issue.message.replace(/^grace_period/, 'the overlap')}`]);
        }
      }
    }
    const triggers = spec.triggers;
    if (triggers !== undefined) {
      if (spec.kind === 'onChange' && Object.keys(triggers).length === 0) {
        issues.push(['rotation.triggers', 'Rotation.onChange() needs at least one trigger, e.g. { quarter: "2026-Q3" }']);
      }
      for (const [name, value] of Object.entries(triggers)) {
        if (typeof value !== 'string') issues.push([`rotation.triggers[${JSON.stringify(name)}]`, `must be a string, got ${typeof value}`]);
      }
    }
    const rotationTriggers = triggers !== undefined && Object.keys(triggers).length > 0 ? triggers : undefined;
    // Rotations by triggers alone carry their overlap in a block with nothing else.
    if (spec.kind === 'onChange') return { rotation: overlapText === undefined ? undefined : { overlap: overlapText }, rotationTriggers, issues };

    const positive = (duration: DurationLike, field: string, zero: string) => {
      const resolved = resolveDuration(duration);
      if (!resolved.ok) issues.push([field, resolved.message]);
      else if (resolved.seconds === 0) issues.push([field, zero]);
      else return resolved;
      return undefined;
    };
    const period = spec.kind === 'every' ? positive(spec.period, 'rotation.period', 'Rotation.every() needs a period longer than zero; use Rotation.manual() for no scheduled rotation') : undefined;
    const windowSpec = spec.kind === 'every' ? spec.beforeExpiry : spec.window;
    const window =
      windowSpec === undefined ? undefined : positive(windowSpec, 'rotation.beforeExpiry', 'the window before expiry must be longer than zero; leave it out to rotate only by the period');
    if (period === undefined && window === undefined) return { rotationTriggers, issues };
    const rotation: RotationBlockConfig = { every: period?.text, beforeExpiry: window?.text, overlap: overlapText };
    return { rotation, rotationTriggers, periodSeconds: period?.seconds, beforeExpirySeconds: window?.seconds, issues };
  }

  /** How the rotation reads in messages: `every 90 days`, `7 days before expiry`, `when its triggers change`, `manually`. */
  toString(): string {
    const spec = this.spec;
    if (spec.kind === 'manual') return 'manually';
    if (spec.kind === 'onChange') return 'when its triggers change';
    if (spec.kind === 'beforeExpiry') {
      const window = resolveDuration(spec.window);
      return window.ok ? `${formatDuration(window.seconds)} before expiry` : '(invalid window) before expiry';
    }
    const period = resolveDuration(spec.period);
    return period.ok ? `every ${formatDuration(period.seconds)}` : 'every (invalid period)';
  }
}
