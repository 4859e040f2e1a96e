/** Audit events as a table: when, what, who, about what, from where, and the details. */

import type { AuditEvent } from '../api.js';
import { href } from '../router.js';
import { DataTable } from './data-table.js';
import { Time } from './time.js';

export function AuditTable({ events, caption, onActor }: { events: AuditEvent[] | null; caption: string; onActor?: (id: string) => void }) {
  return (
    <DataTable caption={caption} columns={['Time', 'Action', 'Actor', 'Target', 'IP address', 'Details']} class="audit-table" busy={events === null} placeholderRows={events === null ? 5 : 0}>
      {(events ?? []).map((event) => (
        <tr key={event.id}>
          <td data-label="Time">
            <Time value={event.occurred_at} />
          </td>
          <td data-label="Action">
            <code>{event.action}</code>
          </td>
          <td data-label="Actor">
            {event.actor === null ? (
              <span class="muted">unknown</span>
            ) : onActor && event.actor.type !== 'system' ? (
              <button type="button" class="link-button" title={`Only events by ${event.actor.display}`} onClick={() => onActor(event.actor!.id)}>
                {event.actor.display}
              </button>
            ) : (
              event.actor.display
            )}
          </td>
          <td data-label="Target">{target(event)}</td>
          <td data-label="IP address">{event.ip ?? <span class="muted">—</span>}</td>
          <td data-label="Details" class="details">
            <Details details={event.details} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function target(event: AuditEvent) {
  if (!event.target_id) return <span class="muted">—</span>;
  if (event.target_type === 'api_key') return <a href={href(`/keys/${event.target_id}`)}>{event.target_id}</a>;
  return <span>{event.target_id}</span>;
}

/** What changed (`changes` with from and to) or why a request was refused, in words. */
function Details({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return <span class="muted">—</span>;
  const changes = details.changes;
  if (changes && typeof changes === 'object') {
    return (
      <ul class="plain">
        {Object.entries(changes as Record<string, { from?: unknown; to?: unknown }>).map(([field, change]) => (
          <li key={field}>
            {field}: {text(change?.from)} → {text(change?.to)}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <ul class="plain">
      {entries.map(([name, value]) => (
        <li key={name}>
          {name}: {text(value)}
        </li>
      ))}
    </ul>
  );
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
