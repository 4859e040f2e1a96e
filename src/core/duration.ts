/**
 * Durations as people write them in configuration: `90d`, `2160h`, `30m`, `45s`, and
 * combinations such as `1h30m` or `1d12h`. Whole numbers followed by a unit (`d`, `h`, `m`,
 * `s`), largest unit first, each unit at most once. Used by the Terraform provider (rotation
 * periods, grace periods, the TTL of ephemeral keys) and the constructs, so that both accept
 * and refuse the same text with the same message.
 */

import { quoteInput } from './display-text.js';

/** Seconds per unit. */
export const DURATION_UNITS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;

/** Longer than any key lives: 100 years. Longer durations are refused. */
export const MAX_DURATION_SECONDS = 100 * 366 * 86_400;

const PART = /(\d+)([dhms])/y;

/** Result of {@link parseDuration}: whole seconds, or why the text is not a duration. */
export type DurationResult = { ok: true; seconds: number } | { ok: false; message: string };

/**
 * Parses a duration into whole seconds, or explains what is wrong with it (a message without
 * a final period, quoting the input). `0s` is a valid duration of zero; callers that need a
 * positive one say so themselves.
 */
export function parseDuration(text: string): DurationResult {
  const invalid = (): DurationResult => ({
    ok: false,
    message: `${quoteInput(text)} is not a duration; write a whole number and a unit, e.g. "90d", "2160h", "1h30m" or "45s"`,
  });
  if (typeof text !== 'string' || text === '') return invalid();
  const part = new RegExp(PART.source, PART.flags); // sticky regexps carry state: one per call
  let seconds = 0;
  let lastUnit = Infinity;
  let consumed = 0;
  for (let match = part.exec(text); match !== null; match = part.exec(text)) {
    const unit = DURATION_UNITS[match[2] as keyof typeof DURATION_UNITS];
    if (unit >= lastUnit) return invalid(); // "1m1h", "1h1h"
    lastUnit = unit;
    seconds += Number(match[1]) * unit;
    consumed = part.lastIndex;
  }
  if (consumed !== text.length) return invalid();
  if (seconds > MAX_DURATION_SECONDS) return { ok: false, message: `${quoteInput(text)} is longer than 100 years` };
  return { ok: true, seconds };
}

/** Seconds of a duration, or null when `text` is null or not a valid duration. */
export function durationSeconds(text: string | null): number | null {
  if (text === null) return null;
  const result = parseDuration(text);
  return result.ok ? result.seconds : null;
}
