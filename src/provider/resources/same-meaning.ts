/**
 * When two values of a key's attributes mean the same to the service, so that the
 * practitioner's notation stays in state (see framework/semantic-rules.ts). The service
 * answers in canonical forms: CIDR blocks with host bits cleared and IPv6 compressed, times in
 * UTC with milliseconds, empty collections rather than null.
 */
import { durationSeconds } from '../../core/duration.js';
import { sameIpRules } from '../../core/ip-rules.js';

/** RFC 3339 text → epoch ms, or NaN. */
export function instant(text: string): number {
  return Date.parse(text);
}

/** `2030-01-01T00:00:00Z` and `2030-01-01T01:00:00.000+01:00` are the same instant. */
export function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const x = instant(a);
  return !Number.isNaN(x) && x === instant(b);
}

/** IP rule blocks that mean the same once canonical (order never matters; `10.0.0.1/24` = `10.0.0.0/24`). */
export function sameIpRuleBlocks(
  a: readonly { action: string | null; cidr: string | null; note: string | null }[],
  b: readonly { action: string | null; cidr: string | null; note: string | null }[],
): boolean {
  const input = (rules: typeof a) => rules.map((r) => ({ action: r.action ?? '', cidr: r.cidr ?? '', note: r.note }));
  return a.length === b.length && sameIpRules(input(a), input(b));
}

/** A map left out and an empty map are the same (the service answers `{}`). */
export function sameMapOrEmpty(a: Record<string, string> | null, b: Record<string, string> | null): boolean {
  const empty = (m: Record<string, string> | null) => m === null || Object.keys(m).length === 0;
  return empty(a) && empty(b);
}

/** A set left out and an empty set are the same (the service answers `[]`). */
export function sameSetOrEmpty(a: readonly string[] | null, b: readonly string[] | null): boolean {
  return (a === null || a.length === 0) && (b === null || b.length === 0);
}

/** `90d` and `2160h` are the same duration (an invalid text is equal to nothing). */
export function sameDuration(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const x = durationSeconds(a);
  return x !== null && x === durationSeconds(b);
}

/** Two `rotation` blocks whose durations mean the same (`every = "90d"` and `every = "2160h"`). */
export function sameRotationBlock(
  a: { every: string | null; before_expiry: string | null; overlap: string | null } | null,
  b: { every: string | null; before_expiry: string | null; overlap: string | null } | null,
): boolean {
  if (a === null || b === null) return a === b;
  return sameDuration(a.every, b.every) && sameDuration(a.before_expiry, b.before_expiry) && sameDuration(a.overlap, b.overlap);
}
