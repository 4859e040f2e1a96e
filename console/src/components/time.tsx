/**
 * A time in the viewer's time zone; the absolute time, with the zone, on hover and for
 * assistive technology (`title`), and the machine-readable one in `datetime`.
 */

import { fullTime, shortTime } from '../format.js';

export function Time({ value, empty = '—' }: { value: string | null | undefined; empty?: string }) {
  if (!value) return <span class="muted">{empty}</span>;
  return (
    <time dateTime={value} title={`${fullTime(value)} (${value})`}>
      {shortTime(value)}
    </time>
  );
}
