import { escapeUnsafeText } from '../core/display-text.js';

/**
 * Text from the service as one line a terminal shows as it is: control characters (ESC of an
 * ANSI sequence, CR), line breaks, tabs, bidirectional and invisible characters and lone
 * surrogates become visible escapes such as `\u{1b}`. Rows stored before the service refused
 * them may hold any of these; `--json` keeps the exact text.
 */
export function displayText(value: string): string {
  return escapeUnsafeText(value, 'single_line');
}

/** Renders rows as an aligned plain-text table, for people; `--json` is for programs. */
export function renderTable(columns: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const cells = rows.map((row) => row.map((value) => (value === null || value === undefined ? '-' : displayText(String(value)))));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
}

/** `key: value` lines for one object, keys aligned. */
export function renderRecord(record: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(record).map((k) => k.length));
  return Object.entries(record)
    .map(([key, value]) => `${key.padEnd(width)}  ${displayText(format(value))}`)
    .join('\n');
}

function format(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) {
    if (value.length === 0) return '-';
    return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  }
  if (typeof value === 'object') return Object.keys(value).length === 0 ? '-' : JSON.stringify(value);
  return String(value);
}
