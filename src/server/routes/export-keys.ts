import type { components } from '../../api/schema.js';
import { escapeUnsafeText } from '../../core/display-text.js';
import type { ApiKeyRecord } from '../../core/types.js';
import type { RouteHandler } from '../context.js';
import { toApiKey } from '../serialize.js';

type ApiKey = components['schemas']['ApiKey'];

const PAGE = 1000;
const CSV_COLUMNS = [
  'id', 'name', 'description', 'status', 'scopes', 'expires_at', 'not_before', 'ip_rules', 'metadata', 'hint',
  'rate_limit_per_minute', 'created_at', 'created_by', 'created_by_type', 'created_by_id', 'updated_at', 'last_used_at', 'revoked_at', 'rotated_at',
] as const;

type CsvRow = Omit<ApiKey, 'created_by'> & { created_by: string; created_by_type: string; created_by_id: string };

/** A key as a CSV row: the creator as a person reads it (its display), then its type and id. */
function csvRow(key: ApiKey): CsvRow {
  const { created_by: actor, ...rest } = key;
  return { ...rest, created_by: actor.display, created_by_type: actor.type, created_by_id: actor.id };
}

/** GET /v1/keys/export: the whole inventory, never a secret or a hash. */
export const exportKeys: RouteHandler<'exportKeys'> = async (context) => {
  const { caller, now, query } = context;
  const orgId = caller.organization.org.id;
  const keys: ApiKey[] = [];
  let after: string | null = null;
  do {
    const page: { items: ApiKeyRecord[]; nextAfter: string | null } = await context.store.keys.list(
      orgId,
      { status: query.status },
      { limit: PAGE, after },
      now,
    );
    for (const key of page.items) keys.push(toApiKey(key, now));
    after = page.nextAfter;
  } while (after !== null);

  const format = query.format ?? 'json';
  const day = new Date(now).toISOString().slice(0, 10);
  const filename = `keyplane-keys-${caller.organization.org.slug}-${day}.${format}`;
  const headers = { 'Content-Disposition': `attachment; filename="${filename}"` };
  if (format === 'csv') {
    return { status: 200, headers, contentType: 'text/csv; charset=utf-8', body: toCsv(keys) };
  }
  return { status: 200, headers, body: { organization_id: orgId, exported_at: new Date(now).toISOString(), keys } };
};

function toCsv(keys: ApiKey[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of keys.map(csvRow)) lines.push(CSV_COLUMNS.map((column) => csvField(cell(column, row[column]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function cell(column: (typeof CSV_COLUMNS)[number], value: unknown): string {
  if (value === null || value === undefined) return '';
  // Only scopes are space-joined; ip_rules stay JSON even when empty (`[]`, not an empty cell).
  if (column === 'scopes' && Array.isArray(value)) return value.join(' ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * RFC 4180 quoting, plus a guard against spreadsheet formula injection: a key name such as
 * `=HYPERLINK(...)` is written with a leading apostrophe so that opening the export in a
 * spreadsheet never runs it. Characters that cannot be shown safely (control, bidirectional,
 * invisible, lone surrogates; rows stored before the service refused them may hold some) are
 * written as visible escapes such as `\u{1b}`; line feeds and tabs stay, as in descriptions.
 * The JSON export keeps the exact text.
 */
function csvField(value: string): string {
  const text = escapeUnsafeText(value, 'free_text');
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n']/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
