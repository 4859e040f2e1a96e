/** The scope catalog: built-in scopes (read-only) and the organization's own, with includes. */

import { api, run, type Scope } from '../api.js';
import { forgetCatalog } from '../catalog.js';
import { DataTable } from '../components/data-table.js';
import { useDialogs } from '../components/dialog.js';
import { PageHeader } from '../components/page-header.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { ScopeList } from '../components/scope-list.js';
import { ConfirmDialog } from '../dialogs/confirm-dialog.js';
import { ScopeDialog } from '../dialogs/scope-dialog.js';
import { usePagedList } from '../paged-list.js';
import { useSession } from '../session.js';

export function ScopesPage() {
  const { can } = useSession();
  const openDialog = useDialogs();
  // The catalog comes in one answer.
  const { items: scopes, problem, reload } = usePagedList<Scope>(() => run(api.GET('/v1/scopes')));
  const saved = () => {
    forgetCatalog();
    reload();
  };
  const writable = can('scopes:write');
  const edit = (scope: Scope | null) => openDialog((close) => <ScopeDialog scope={scope} catalog={scopes ?? []} onClose={close} onSaved={saved} />);
  const remove = (scope: Scope) =>
    openDialog((close) => (
      <ConfirmDialog
        title={`Delete scope ${scope.name}?`}
        confirmLabel={`Delete ${scope.name}`}
        action={() => run(api.DELETE('/v1/scopes/{scope_name}', { params: { path: { scope_name: scope.name } } }))}
        onDone={saved}
        onClose={close}
      >
        <p>
          The scope <strong>{scope.name}</strong> leaves the catalog. The service refuses while a key that is not revoked holds it, or another scope includes it.
        </p>
      </ConfirmDialog>
    ));
  return (
    <section>
      <PageHeader title="Scopes" description="What keys and members may do. A scope may include others; built-in scopes guard Keyplane's own API.">
        {writable && (
          <button type="button" class="button button-primary" onClick={() => edit(null)}>
            New scope
          </button>
        )}
      </PageHeader>
      <ProblemAlert problem={problem} />
      <DataTable caption="Scope catalog" columns={['Name', 'Description', 'Includes', 'Kind']} actions busy={scopes === null}>
        {(scopes ?? []).map((scope) => (
          <tr key={scope.name}>
            <td data-label="Name">
              <code class="strong">{scope.name}</code>
            </td>
            <td data-label="Description">{scope.description ?? <span class="muted">—</span>}</td>
            <td data-label="Includes">
              <ScopeList scopes={scope.includes} />
            </td>
            <td data-label="Kind">{scope.built_in ? 'Built-in' : 'Custom'}</td>
            <td class="row-actions">
              {writable && !scope.built_in && (
                <>
                  <button type="button" class="button button-small" aria-label={`Edit ${scope.name}`} onClick={() => edit(scope)}>
                    Edit
                  </button>
                  <button type="button" class="button button-small button-danger" aria-label={`Delete ${scope.name}`} onClick={() => remove(scope)}>
                    Delete
                  </button>
                </>
              )}
              {scope.built_in && <span class="muted small">read-only</span>}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
