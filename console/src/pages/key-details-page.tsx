/**
 * One key: everything the service knows of it (never its secret), its edit form, rotation,
 * revocation, and its audit history.
 */

import { useEffect, useState } from 'preact/hooks';
import { api, run, type ApiKey, type AuditEvent, type KeyplaneProblem } from '../api.js';
import { useCatalog } from '../catalog.js';
import { AuditTable } from '../components/audit-table.js';
import { useDialogs } from '../components/dialog.js';
import { PageHeader } from '../components/page-header.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { ScopeList } from '../components/scope-list.js';
import { StatusBadge } from '../components/status-badge.js';
import { SubmitButton } from '../components/submit-button.js';
import { Time } from '../components/time.js';
import { RevokeKeyDialog } from '../dialogs/revoke-key-dialog.js';
import { RotateKeyDialog } from '../dialogs/rotate-key-dialog.js';
import { KEY_FORM_FIELDS, keyForm, KeyFormFields, updateKeyBody, type KeyFormState } from '../fields/key-form.js';
import { useFormAction } from '../form-action.js';
import { usePagedList } from '../paged-list.js';
import { href } from '../router.js';
import { useSession } from '../session.js';

export function KeyDetailsPage({ keyId }: { keyId: string }) {
  const { can } = useSession();
  const openDialog = useDialogs();
  const [key, setKey] = useState<ApiKey | null>(null);
  const [problem, setProblem] = useState<KeyplaneProblem | null>(null);
  const [editing, setEditing] = useState(false);
  const [history, setHistory] = useState(0);

  useEffect(() => {
    let live = true;
    setKey(null);
    void run(api.GET('/v1/keys/{key_id}', { params: { path: { key_id: keyId } } })).then((result) => {
      if (!live) return;
      setKey(result.data ?? null);
      setProblem(result.problem ?? null);
    });
    return () => {
      live = false;
    };
  }, [keyId]);

  const changed = (updated: ApiKey) => {
    setKey(updated);
    setHistory((n) => n + 1);
  };

  if (problem) {
    return (
      <section>
        <PageHeader title="API key" />
        <ProblemAlert problem={problem} />
        <p>
          <a href={href('/keys')}>Back to API keys</a>
        </p>
      </section>
    );
  }
  const writable = key !== null && key.status !== 'revoked' && can('keys:write');
  return (
    <section>
      <p class="breadcrumb">
        <a href={href('/keys')}>API keys</a> / <span aria-current="page">{key?.name ?? keyId}</span>
      </p>
      <PageHeader title={key?.name ?? 'API key'}>
        {key && writable && !editing && (
          <>
            <button type="button" class="button" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" class="button" onClick={() => openDialog((close) => <RotateKeyDialog apiKey={key} onClose={close} onRotated={changed} />)}>
              Rotate
            </button>
            <button type="button" class="button button-danger" onClick={() => openDialog((close) => <RevokeKeyDialog apiKey={key} onClose={close} onRevoked={changed} />)}>
              Revoke
            </button>
          </>
        )}
      </PageHeader>
      {key === null ? <div class="panel skeleton-panel" aria-busy="true" /> : editing ? <EditKey apiKey={key} onDone={(updated) => (updated && changed(updated), setEditing(false))} /> : <KeySummary apiKey={key} />}
      {/* Once the key is there, so that its arrival moves nothing. */}
      {key && <h2>History</h2>}
      {key && (can('audit:read') ? <KeyHistory keyId={keyId} version={history} /> : <p class="muted">Reading the audit trail takes the audit:read scope.</p>)}
    </section>
  );
}

function KeySummary({ apiKey: key }: { apiKey: ApiKey }) {
  return (
    <dl class="panel summary">
      <div>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={key.status} />
        </dd>
      </div>
      <div>
        <dt>Key</dt>
        <dd>
          <code>{key.hint}</code> <span class="muted small">(the secret is never shown again)</span>
        </dd>
      </div>
      <div>
        <dt>ID</dt>
        <dd>
          <code>{key.id}</code>
        </dd>
      </div>
      <div>
        <dt>Description</dt>
        <dd>{key.description ?? <span class="muted">—</span>}</dd>
      </div>
      <div>
        <dt>Scopes</dt>
        <dd>
          <ScopeList scopes={key.scopes} />
        </dd>
      </div>
      <div>
        <dt>Expires</dt>
        <dd>
          <Time value={key.expires_at} empty="Never" />
        </dd>
      </div>
      <div>
        <dt>Not before</dt>
        <dd>
          <Time value={key.not_before} empty="Works at once" />
        </dd>
      </div>
      <div>
        <dt>IP rules</dt>
        <dd>
          {key.ip_rules.length === 0 ? (
            'Allow all'
          ) : (
            <ul class="plain">
              {key.ip_rules.map((rule) => (
                <li key={`${rule.action}${rule.cidr}`}>
                  {rule.action === 'allow' ? 'Allow' : 'Deny'} <code>{rule.cidr}</code>
                  {rule.note ? ` (${rule.note})` : ''}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt>Metadata</dt>
        <dd>
          {Object.keys(key.metadata).length === 0 ? (
            <span class="muted">—</span>
          ) : (
            <ul class="plain">
              {Object.entries(key.metadata).map(([name, value]) => (
                <li key={name}>
                  <code>{name}</code>: {value}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt>Rate limit</dt>
        <dd>{key.rate_limit_per_minute === null ? "The organization's plan" : `${key.rate_limit_per_minute.toLocaleString()} requests a minute`}</dd>
      </div>
      <div>
        <dt>Last used</dt>
        <dd>
          <Time value={key.last_used_at} empty="Never used" />
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <Time value={key.created_at} /> by {key.created_by.display}
        </dd>
      </div>
      <div>
        <dt>Updated</dt>
        <dd>
          <Time value={key.updated_at} />
        </dd>
      </div>
      {key.rotated_at && (
        <div>
          <dt>Rotated</dt>
          <dd>
            <Time value={key.rotated_at} />
            {key.previous_secret_expires_at && (
              <>
                ; the old secret works until <Time value={key.previous_secret_expires_at} />
              </>
            )}
          </dd>
        </div>
      )}
      {key.revoked_at && (
        <div>
          <dt>Revoked</dt>
          <dd>
            <Time value={key.revoked_at} />
          </dd>
        </div>
      )}
    </dl>
  );
}

function EditKey({ apiKey: key, onDone }: { apiKey: ApiKey; onDone: (updated: ApiKey | null) => void }) {
  const { signedIn } = useSession();
  const { scopes: catalog } = useCatalog();
  const [form, setForm] = useState<KeyFormState>(() => keyForm(key));
  const { problem, busy, onSubmit } = useFormAction(async () => {
    const body = updateKeyBody(key, form);
    if (Object.keys(body).length === 0) return { data: key };
    return run(api.PATCH('/v1/keys/{key_id}', { params: { path: { key_id: key.id } }, body }));
  }, onDone);
  return (
    <form class="panel" onSubmit={onSubmit} noValidate aria-label={`Edit ${key.name}`}>
      <ProblemAlert problem={problem} shown={KEY_FORM_FIELDS} />
      <KeyFormFields form={form} onForm={setForm} problem={problem} catalog={catalog} organization={signedIn.organization} />
      <div class="form-actions">
        <button type="button" class="button" onClick={() => onDone(null)}>
          Cancel
        </button>
        <SubmitButton busy={busy} label="Save changes" busyLabel="Saving…" />
      </div>
    </form>
  );
}

/** The key's latest events; `version` changes when the page changed the key, and the history follows. */
function KeyHistory({ keyId, version }: { keyId: string; version: number }) {
  const { items: events, problem } = usePagedList<AuditEvent>(() => run(api.GET('/v1/audit-events', { params: { query: { target_id: keyId, limit: 50 } } })), { list: keyId, version });
  if (problem) return <ProblemAlert problem={problem} />;
  if (events?.length === 0) return <p class="muted">No events yet.</p>;
  return <AuditTable events={events} caption="The key's history" />;
}
