/**
 * Durations as practitioners write them in Terraform: `90d`, `2160h`, `1h30m`, `45s`. Whole
 * numbers followed by a unit (`d`, `h`, `m`, `s`), largest first, each unit at most once.
 */
import { quoteInput } from '../../core/issues.js';

const UNITS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const PART = /(\d+)([dhms])/gy;
/** Longer than any key lives: 100 years. */
const MAX_SECONDS = 100 * 366 * 86_400;

/** Result of {@link parseDuration}. */
export type DurationResult = { ok: true; seconds: number } | { ok: false; message: string };

/** Parses a duration into whole seconds, or explains what is wrong with it. */
export function parseDuration(text: string): DurationResult {
  const invalid = (): DurationResult => ({
    ok: false,
    message: `${quoteInput(text)} is not a duration; write a whole number and a unit, e.g. "90d", "2160h", "1h30m" or "45s"`,
  });
  if (text === '') return invalid();
  let seconds = 0;
  let lastUnit = Infinity;
  PART.lastIndex = 0;
  let consumed = 0;
  for (let match = PART.exec(text); match !== null; match = PART.exec(text)) {
    const unit = UNITS[match[2] as keyof typeof UNITS];
    if (unit >= lastUnit) return invalid(); // "1m1h", "1h1h"
    lastUnit = unit;
    seconds += Number(match[1]) * unit;
    consumed = PART.lastIndex;
  }
  if (consumed !== text.length) return invalid();
  if (seconds > MAX_SECONDS) return { ok: false, message: `${quoteInput(text)} is longer than 100 years` };
  return { ok: true, seconds };
}

/** Seconds of a duration known to be valid (validation ran first); null when absent or invalid. */
export function durationSeconds(text: string | null): number | null {
  if (text === null) return null;
  const result = parseDuration(text);
  return result.ok ? result.seconds : null;
}

/** Semantic equality: `90d` and `2160h` are the same duration. */
export function sameDuration(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const x = durationSeconds(a);
  return x !== null && x === durationSeconds(b);
}
