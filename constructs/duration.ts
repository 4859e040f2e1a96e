/**
 * Durations in construct props: `{ days: 90 }`, `{ hours: 24 }`, `{ hours: 1, minutes: 30 }`,
 * or the text the provider takes (`'90d'`, `'1h30m'`). Both become the provider's text form,
 * checked by src/core's parser, so a duration is refused with the same message as by the
 * provider.
 */
import { parseDuration } from '../src/core/duration.js';

/** A duration as parts; each a whole number, at least one of them given. */
export interface DurationParts {
  /** @default 0 */
  readonly days?: number;
  /** @default 0 */
  readonly hours?: number;
  /** @default 0 */
  readonly minutes?: number;
  /** @default 0 */
  readonly seconds?: number;
}

/** `{ days: 90 }`, or the provider's text form: whole numbers with `d`, `h`, `m`, `s`, largest first (`'90d'`, `'1h30m'`). */
export type DurationLike = DurationParts | string;

/** A duration that passed src/core's checks: its text for the provider and its length. */
export interface ResolvedDuration {
  /** The provider's text form, e.g. `90d`, `24h`, `1h30m`; `0s` for zero. */
  readonly text: string;
  readonly seconds: number;
}

/** Result of {@link resolveDuration}: the duration, or src/core's message. */
export type DurationResult = ({ ok: true } & ResolvedDuration) | { ok: false; message: string };

/**
 * The provider's text for `duration` with its length, or why it is not a duration. Parts keep
 * the units written (`{ hours: 24 }` → `24h`, not `1d`), so the plan shows what the code says.
 */
export function resolveDuration(duration: DurationLike): DurationResult {
  let text: string;
  if (typeof duration === 'string') {
    text = duration;
  } else {
    const units: [keyof DurationParts, string][] = [['days', 'd'], ['hours', 'h'], ['minutes', 'm'], ['seconds', 's']];
    for (const [name] of units) {
      const value = duration[name];
      if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
        return { ok: false, message: `${name} must be a whole number, 0 or more, got ${String(value)}` };
      }
    }
    const unknown = Object.keys(duration).filter((k) => !units.some(([name]) => name === k));
    if (unknown.length > 0) return { ok: false, message: `unknown duration part ${JSON.stringify(unknown[0])}; use days, hours, minutes or seconds` };
    text = units.map(([name, unit]) => (duration[name] ? `${duration[name]}${unit}` : '')).join('') || '0s';
  }
  const parsed = parseDuration(text);
  return parsed.ok ? { ok: true, text, seconds: parsed.seconds } : parsed;
}
