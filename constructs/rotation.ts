/**
 * When a key's secret is replaced in place (same id, scopes and rules, new secret):
 * `Rotation.every({ days: 90, overlap: { hours: 24 } })`, `Rotation.onChange({ quarter: '2026-Q3' })`,
 * or `Rotation.manual()` (the default). The overlap is how long the replaced secret keeps
 * working, so integrations can switch without downtime.
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

/** Options of {@link Rotation.every} besides the period. */
export interface RotationPeriodOptions extends RotationOverlapOptions {
  /**
   * Also rotate whenever one of these values changes, e.g. `{ generation: '2' }` to rotate now
   * without waiting for the period (see {@link Rotation.onChange}).
   * @default - none
   */
  readonly triggers?: Record<string, string>;
}

/** Options of {@link Rotation.every}: the period as parts, the overlap and optional triggers. */
export interface RotationEveryOptions extends DurationParts, RotationPeriodOptions {}

/** What a {@link Rotation} gives the key resource, and what is wrong with it. */
export interface RotationConfig {
  readonly rotationPeriod?: string;
  readonly rotationGracePeriod?: string;
  readonly rotationTriggers?: Record<string, string>;
  /** The period in seconds, when there is one. */
  readonly periodSeconds?: number;
  /** Problems, as `[field relative to the key's props, message]`. */
  readonly issues: readonly (readonly [string, string])[];
}

type RotationSpec =
  | { kind: 'every'; period: DurationLike; overlap?: DurationLike; triggers?: Record<string, string> }
  | { kind: 'onChange'; triggers: Record<string, string>; overlap?: DurationLike }
  | { kind: 'manual' };

/** When a key's secret is rotated. */
export class Rotation {
  /**
   * Rotates the secret when `period` has passed since the key was created or last rotated,
   * e.g. `Rotation.every({ days: 90, overlap: { hours: 24 } })`. The rotation happens at the
   * first apply after that moment (Terraform plans it); nothing runs between applies.
   */
  static every(options: RotationEveryOptions): Rotation;
  /** The same with the period as text, e.g. `Rotation.every('90d', { overlap: '24h' })`. */
  static every(period: string, options?: RotationPeriodOptions): Rotation;
  static every(period: RotationEveryOptions | string, options: RotationPeriodOptions = {}): Rotation {
    if (typeof period === 'string') return new Rotation({ kind: 'every', period, overlap: options.overlap, triggers: options.triggers });
    const { overlap, triggers, ...parts } = period;
    return new Rotation({ kind: 'every', period: parts, overlap, triggers });
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

  /** `every`, `onChange` or `manual`. */
  get kind(): RotationSpec['kind'] {
    return this.spec.kind;
  }

  /** What this rotation gives a key, checked with src/core. Used by `ApiKey`. */
  bind(): RotationConfig {
    const spec = this.spec;
    if (spec.kind === 'manual') return { issues: [] };
    const issues: [string, string][] = [];
    let rotationGracePeriod: string | undefined;
    if (spec.overlap !== undefined) {
      const overlap = resolveDuration(spec.overlap);
      if (!overlap.ok) issues.push(['rotation.overlap', overlap.message]);
      else {
        rotationGracePeriod = overlap.text;
        for (const issue of validateGracePeriod(overlap.seconds)) {
          issues.push(['rotation.overlap', `${overlap.text} is ${formatDuration(overlap.seconds)}, too long: ${issue.message}`]);
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
    if (spec.kind === 'onChange') return { rotationTriggers, rotationGracePeriod, issues };
    const period = resolveDuration(spec.period);
    if (!period.ok) return { rotationTriggers, rotationGracePeriod, issues: [...issues, ['rotation.period', period.message]] };
    if (period.seconds === 0) issues.push(['rotation.period', 'Rotation.every() needs a period longer than zero; use Rotation.manual() for no scheduled rotation']);
    return { rotationPeriod: period.text, rotationGracePeriod, rotationTriggers, periodSeconds: period.seconds, issues };
  }

  /** How the rotation reads in messages: `every 90 days`, `when its triggers change`, `manually`. */
  toString(): string {
    const spec = this.spec;
    if (spec.kind === 'manual') return 'manually';
    if (spec.kind === 'onChange') return 'when its triggers change';
    const period = resolveDuration(spec.period);
    return period.ok ? `every ${formatDuration(period.seconds)}` : 'every (invalid period)';
  }
}
