/**
 * Times in the viewer's own time zone and language, durations as people say them.
 */

import { formatDuration } from '../../src/core/expiry.js';

export { formatDuration };

const short = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

/** `22 Nov 2026, 11:00`, in the viewer's time zone. */
export function shortTime(iso: string): string {
  return short.format(new Date(iso));
}

/** `Sunday, 22 November 2026 at 11:00:00 CET`: the absolute time, shown on hover. */
export function fullTime(iso: string): string {
  return full.format(new Date(iso));
}

/** A `datetime-local` input's value (local time, minutes) for an RFC 3339 time. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The RFC 3339 time of a `datetime-local` value (read in the viewer's time zone), or null when empty or unreadable. */
export function fromLocalInput(value: string): string | null {
  if (value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
