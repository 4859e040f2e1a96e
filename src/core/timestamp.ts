/**
 * RFC 3339 times as the contract's `format: date-time` accepts them
 * (`2027-02-20T00:00:00Z`, `2027-02-20T01:00:00.000+01:00`), for checks made before a request
 * is sent (plan time, synth time).
 */

/** An RFC 3339 date-time with a time zone. */
export const RFC3339_PATTERN = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of an RFC 3339 time, or null when the text is not one (or not a real date). */
export function parseTimestamp(text: string): number | null {
  if (!RFC3339_PATTERN.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
