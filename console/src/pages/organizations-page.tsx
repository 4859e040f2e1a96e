/** Operator: every organization of the service, creating tenants and changing their plans. */

import { useEffect, useState } from 'preact/hooks';
import { api, run, type KeyplaneProblem, type Organization } from '../api.js';
import { useDialogs } from '../components/dialog.js';
import { PageHeader } from '../components/page-header.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { Time } from '../components/time.js';
import { ChangePlanDialog } from '../dialogs/change-plan-dialog.js';
import { CreateOrganizationDialog } from '../dialogs/create-organization-dialog.js';

export function OrganizationsPage() {
  const openDialog = useDialogs();
  const [organizations, setOrganizations] = useState<Organization[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<KeyplaneProblem | null>(null);
  const [reload, setReload] = useState(0);
  const load = async (cursor: string | null) => {
    const result = await run(api.GET('/v1/organizations', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }));
    setProblem(result.problem ?? null);
    setNext(result.data?.next_cursor ?? null);
    return result.data?.data ?? [];
  };
  useEffect(() => {
    let live = true;
    void load(null).then((page) => live && setOrganizations(page));
    return () => {
      live = false;
    };
  }, [reload]);
  const changed = () => setReload((n) => n + 1);
  return (
    <section>
      <PageHeader title="Organizations" description="The tenants of this Keyplane service.">
        <button type="button" class="button button-primary" onClick={() => openDialog((close) => <CreateOrganizationDialog onClose={close} onCreated={changed} />)}>
          Create organization
        </button>
      </PageHeader>
      <ProblemAlert problem={problem} />
      <div class="table-wrap">
        <table class="table" aria-busy={organizations === null}>
          <caption class="visually-hidden">Organizations</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Plan</th>
              <th scope="col">Rate limit</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(organizations ?? []).map((organization) => (
              <tr key={organization.id}>
                <td data-label="Name">
                  <span class="strong">{organization.name}</span>
                  {organization.is_operator && <span class="muted small"> (operator)</span>}
                </td>
                <td data-label="Slug">
                  <code>{organization.slug}</code>
                </td>
                <td data-label="Plan">{organization.plan}</td>
                <td data-label="Rate limit">{organization.effective_rate_limit_per_minute.toLocaleString()} / min</td>
                <td data-label="Created">
                  <Time value={organization.created_at} />
                </td>
                <td class="row-actions">
                  <button type="button" class="button button-small" aria-label={`Change plan of ${organization.name}`} onClick={() => openDialog((close) => <ChangePlanDialog organization={organization} onClose={close} onChanged={changed} />)}>
                    Change plan
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next && (
        <button type="button" class="button" onClick={() => void load(next).then((page) => setOrganizations((current) => [...(current ?? []), ...page]))}>
          More organizations
        </button>
      )}
    </section>
  );
}
