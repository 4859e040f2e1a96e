/** The audit trail, newest first, filtered by action, actor, target and time. */

import { useState } from 'preact/hooks';
import { api, fieldError, run, type AuditAction, type AuditEvent } from '../api.js';
import { AuditTable } from '../components/audit-table.js';
import { MoreButton } from '../components/more-button.js';
import { PageHeader } from '../components/page-header.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { fromLocalInput, toLocalInput } from '../format.js';
import { usePagedList } from '../paged-list.js';
import { navigate, type Route } from '../router.js';

/** The contract's actions; the type check below fails when openapi.yaml adds one. */
const ACTIONS = [
  'key.created', 'key.updated', 'key.rotated', 'key.revoked', 'auth.refused',
  'scope.created', 'scope.updated', 'scope.deleted',
  'member.invited', 'member.joined', 'member.updated', 'member.deleted', 'member.locked', 'member.unlocked', 'member.invitation_reissued', 'member.password_changed',
  'session.created', 'session.refused', 'session.ended', 'session.revoked',
  'organization.created', 'organization.updated', 'audit.dropped',
] as const satisfies readonly AuditAction[];
type Missing = Exclude<AuditAction, (typeof ACTIONS)[number]>;
const everyAction: [Missing] extends [never] ? true : Missing = true;
void everyAction;

const FILTERS = ['action', 'actor_id', 'target_id', 'since', 'until'] as const;

export function AuditPage({ route }: { route: Route }) {
  const query = Object.fromEntries(FILTERS.map((name) => [name, route.query.get(name) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const [form, setForm] = useState(() => ({ ...query, since: toLocalInput(query.since || null), until: toLocalInput(query.until || null) }));
  const list = usePagedList<AuditEvent>(
    (cursor) => {
      const params = {
        ...(query.action ? { action: query.action as AuditAction } : {}),
        ...(query.actor_id ? { actor_id: query.actor_id } : {}),
        ...(query.target_id ? { target_id: query.target_id } : {}),
        ...(query.since ? { since: query.since } : {}),
        ...(query.until ? { until: query.until } : {}),
        limit: 50,
        ...(cursor ? { cursor } : {}),
      };
      return run(api.GET('/v1/audit-events', { params: { query: params } }));
    },
    { list: FILTERS.map((name) => query[name]).join('|') },
  );
  const { items: events, problem } = list;

  const apply = (values: typeof form) =>
    navigate('/audit', {
      action: values.action,
      actor_id: values.actor_id.trim(),
      target_id: values.target_id.trim(),
      since: fromLocalInput(values.since) ?? undefined,
      until: fromLocalInput(values.until) ?? undefined,
    });
  const set = (name: keyof typeof form, value: string) => setForm({ ...form, [name]: value });

  return (
    <section>
      <PageHeader title="Audit trail" description="Every change and every refused sign-in or key, with who, when and from where." />
      <form
        class="filters filters-wide"
        role="search"
        aria-label="Filter the audit trail"
        onSubmit={(event) => {
          event.preventDefault();
          apply(form);
        }}
      >
        <label>
          <span>Action</span>
          <select value={form.action} onChange={(event) => set('action', event.currentTarget.value)}>
            <option value="">Any action</option>
            {ACTIONS.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Actor id</span>
          <input value={form.actor_id} placeholder="key_… or mem_…" spellcheck={false} aria-invalid={Boolean(fieldError(problem, 'actor_id')) || undefined} onInput={(event) => set('actor_id', event.currentTarget.value)} />
        </label>
        <label>
          <span>Target id</span>
          <input value={form.target_id} placeholder="key_…, a scope, mem_…" spellcheck={false} onInput={(event) => set('target_id', event.currentTarget.value)} />
        </label>
        <label>
          <span>From</span>
          <input type="datetime-local" value={form.since} onInput={(event) => set('since', event.currentTarget.value)} />
        </label>
        <label>
          <span>Until</span>
          <input type="datetime-local" value={form.until} onInput={(event) => set('until', event.currentTarget.value)} />
        </label>
        <div class="filter-buttons">
          <button type="submit" class="button button-primary">
            Apply
          </button>
          <button
            type="button"
            class="button"
            onClick={() => {
              const empty = { action: '', actor_id: '', target_id: '', since: '', until: '' };
              setForm(empty);
              apply(empty);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <ProblemAlert problem={problem} shown={[]} />
      {events?.length === 0 ? (
        <div class="empty">
          <p>No events match.</p>
        </div>
      ) : (
        <AuditTable
          events={events}
          caption="Audit events"
          onActor={(id) => {
            const values = { ...form, actor_id: id };
            setForm(values);
            apply(values);
          }}
        />
      )}
      <MoreButton list={list} label="Older events" />
    </section>
  );
}
