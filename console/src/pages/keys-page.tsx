/**
 * Settings → API keys: the organization's keys a page at a time (cursor pagination, so the
 * 10,000th key is as fast as the first), filtered by status, scope and name, with "Create
 * API key" at the top right and the inventory's export.
 */

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, run, type ApiKey, type KeyplaneProblem, type KeyStatus } from '../api.js';
import { useCatalog } from '../catalog.js';
import { DataTable } from '../components/data-table.js';
import { useDialogs } from '../components/dialog.js';
import { PageHeader } from '../components/page-header.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { ScopeList } from '../components/scope-list.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';
import { CreateKeyDialog } from '../dialogs/create-key-dialog.js';
import { ExportButtons } from '../components/export-buttons.js';
import { keysQuery, KEYS_PAGE_SIZE, takePreloadedKeys } from '../preload.js';
import { currentRoute, href, navigate, type Route } from '../router.js';
import { useSession } from '../session.js';

const PAGE_SIZE = KEYS_PAGE_SIZE;
const STATUSES: { value: '' | KeyStatus; label: string }[] = [
  { value: '', label: 'Any status' },
  { value: 'active', label: 'Active' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
  { value: 'not_yet_valid', label: 'Not yet valid' },
];

export function KeysPage({ route }: { route: Route }) {
  const { can } = useSession();
  const openDialog = useDialogs();
  const { scopes: catalog } = useCatalog();
  const status = (route.query.get('status') ?? '') as '' | KeyStatus;
  const scope = route.query.get('scope') ?? '';
  const name = route.query.get('name') ?? '';
  const [search, setSearch] = useState(name);
  // Back and forward change the filter too; the box follows unless someone is typing in it.
  const searchBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (document.activeElement !== searchBox.current) setSearch(name);
  }, [name]);
  // The cursor of each page up to the current one (for "Previous"), for these filters only.
  const filterKey = `${status}|${scope}|${name}`;
  const [paging, setPaging] = useState<{ filterKey: string; cursors: (string | null)[] }>({ filterKey, cursors: [null] });
  const cursors = paging.filterKey === filterKey ? paging.cursors : [null];
  const setCursors = (change: (cursors: (string | null)[]) => (string | null)[]) => setPaging({ filterKey, cursors: change(cursors) });
  const [page, setPage] = useState<{ keys: ApiKey[]; next: string | null } | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<KeyplaneProblem | null>(null);
  const [reload, setReload] = useState(0);
  const cursor = cursors[cursors.length - 1] ?? null;

  const filters = { status: status || undefined, scope: scope || undefined, name: name || undefined };
  useEffect(() => {
    let live = true;
    // The rows shown stay until the new ones arrive: nothing jumps while a page loads.
    setLoading(true);
    const query = keysQuery(filters, PAGE_SIZE);
    const request = (cursor === null && takePreloadedKeys(query)) || run(api.GET('/v1/keys', { params: { query: { ...query, ...(cursor ? { cursor } : {}) } } }));
    void request.then((result) => {
      if (!live) return;
      setProblem(result.problem ?? null);
      setPage(result.data ? { keys: result.data.data, next: result.data.next_cursor } : { keys: [], next: null });
      setLoading(false);
    });
    return () => {
      live = false;
    };
  }, [status, scope, name, cursor, reload]);

  // For anyone measuring (the browser tests): when a list of keys is on screen.
  useEffect(() => {
    if (page && !loading) performance.mark('keyplane:keys-listed');
  }, [page, loading]);

  // The name filter follows the search box after a pause in typing. Filters are read from the
  // address when applied, so a status chosen during the pause is kept, and the other way round.
  const typing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const filter = (change: Record<string, string | undefined>) => {
    const query = currentRoute().query;
    navigate('/keys', { status: query.get('status') ?? undefined, scope: query.get('scope') ?? undefined, name: query.get('name') ?? undefined, ...change }, true);
  };
  const onSearch = (value: string) => {
    setSearch(value);
    clearTimeout(typing.current);
    typing.current = setTimeout(() => filter({ name: value.trim() || undefined }), 250);
  };
  const onSelect = (name: 'status' | 'scope', value: string) => {
    clearTimeout(typing.current);
    filter({ name: search.trim() || undefined, [name]: value || undefined });
  };

  const create = () =>
    openDialog((close) => <CreateKeyDialog onClose={close} onCreated={() => setReload((n) => n + 1)} />);
  const first = (cursors.length - 1) * PAGE_SIZE + 1;

  return (
    <section>
      <PageHeader title="API keys" description="Keys your organization's integrations use to call your API.">
        <ExportButtons />
        {can('keys:write') && (
          <button type="button" class="button button-primary" onClick={create}>
            Create API key
          </button>
        )}
      </PageHeader>
      <form class="filters" role="search" aria-label="Filter keys" onSubmit={(event) => event.preventDefault()}>
        <label>
          <span>Name</span>
          <input ref={searchBox} type="search" value={search} placeholder="Search by name" onInput={(event) => onSearch(event.currentTarget.value)} />
        </label>
        <label>
          <span>Status</span>
          <select value={status} onChange={(event) => onSelect('status', event.currentTarget.value)}>
            {STATUSES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Scope</span>
          <select value={scope} onChange={(event) => onSelect('scope', event.currentTarget.value)}>
            <option value="">Any scope</option>
            {scope && !catalog?.some((s) => s.name === scope) && <option value={scope}>{scope}</option>}
            {(catalog ?? []).map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ProblemAlert problem={problem} shown={[]} />
      {/* Above the table, so that rows arriving move nothing; repeated below a long page once it is there. */}
      <Pager label="Pages of keys" page={page} first={first} cursors={cursors} setCursors={setCursors} announce />
      <KeysTable page={page} loading={loading} filtered={Boolean(status || scope || name)} canCreate={can('keys:write')} onCreate={create} />
      {!loading && page && page.keys.length >= 20 && <Pager label="Pages of keys, at the end of the list" page={page} first={first} cursors={cursors} setCursors={setCursors} />}
    </section>
  );
}

interface PagerProps {
  label: string;
  page: { keys: ApiKey[]; next: string | null } | null;
  first: number;
  cursors: (string | null)[];
  setCursors: (change: (cursors: (string | null)[]) => (string | null)[]) => void;
  /** Announce the range shown (one pager does). */
  announce?: boolean;
}

function Pager({ label, page, first, cursors, setCursors, announce = false }: PagerProps) {
  return (
    <nav class="pager" aria-label={label}>
      <span class="muted" aria-live={announce ? 'polite' : undefined}>
        {announce && page && page.keys.length > 0 ? `Keys ${first.toLocaleString()}–${(first + page.keys.length - 1).toLocaleString()}` : ''}
      </span>
      <button type="button" class="button" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
        Previous
      </button>
      <button type="button" class="button" disabled={!page?.next} onClick={() => page?.next && setCursors((c) => [...c, page.next])}>
        Next
      </button>
    </nav>
  );
}

function KeysTable({ page, loading, filtered, canCreate, onCreate }: { page: { keys: ApiKey[] } | null; loading: boolean; filtered: boolean; canCreate: boolean; onCreate: () => void }) {
  if (page && page.keys.length === 0) {
    return (
      <div class="empty">
        {filtered ? (
          <p>No keys match these filters.</p>
        ) : (
          <>
            <p>
              <strong>No API keys yet.</strong>
            </p>
            <p class="muted">A key lets an integration call your API with the scopes you give it.</p>
            {canCreate && (
              <button type="button" class="button button-primary" onClick={onCreate}>
                Create your first API key
              </button>
            )}
          </>
        )}
      </div>
    );
  }
  return (
    <DataTable caption="API keys" columns={['Name', 'Key', 'Scopes', 'Status', 'Expires', 'Last used', 'Created by']} class={`keys-table${loading && page ? ' loading' : ''}`} busy={loading} placeholderRows={page === null ? 8 : 0}>
      {page?.keys.map((key) => (
        <tr key={key.id}>
          <td data-label="Name" title={key.name}>
            <a href={href(`/keys/${key.id}`)} class="strong">
              {key.name}
            </a>
          </td>
          <td data-label="Key">
            <code>{key.hint}</code>
          </td>
          <td data-label="Scopes" title={key.scopes.join(' ')}>
            <ScopeList scopes={key.scopes} />
          </td>
          <td data-label="Status">
            <StatusBadge status={key.status} />
          </td>
          <td data-label="Expires">
            <Time value={key.expires_at} empty="Never" />
          </td>
          <td data-label="Last used">
            <Time value={key.last_used_at} empty="Never used" />
          </td>
          <td data-label="Created by" class="truncate" title={key.created_by.display}>
            {key.created_by.display}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
