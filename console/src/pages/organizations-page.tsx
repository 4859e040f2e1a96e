/** Operator: every organization of the service, creating tenants and changing their plans. */

import { api, run, type Organization } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { useDialogs } from '../components/dialog.js';
import { MoreButton } from '../components/more-button.js';
import { PageHeader } from '../components/page-header.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { Time } from '../components/time.js';
import { ChangePlanDialog } from '../dialogs/change-plan-dialog.js';
import { CreateOrganizationDialog } from '../dialogs/create-organization-dialog.js';
import { usePagedList } from '../paged-list.js';

export function OrganizationsPage() {
  const openDialog = useDialogs();
  const organizations = usePagedList<Organization>((cursor) => run(api.GET('/v1/organizations', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })));
  const changed = organizations.reload;
  return (
    <section>
      <PageHeader title="Organizations" description="The tenants of this Keyplane service.">
        <button type="button" class="button button-primary" onClick={() => openDialog((close) => <CreateOrganizationDialog onClose={close} onCreated={changed} />)}>
          Create organization
        </button>
      </PageHeader>
      <ProblemAlert problem={organizations.problem} />
      <DataTable caption="Organizations" columns={['Name', 'Slug', 'Plan', 'Rate limit', 'Created']} actions busy={organizations.items === null}>
        {(organizations.items ?? []).map((organization) => (
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
      </DataTable>
      <MoreButton list={organizations} label="More organizations" />
    </section>
  );
}
