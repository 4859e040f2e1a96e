/** Settings → Users: the organization's members, inviting them and managing their access. */

import { api, run, type Member } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { useDialogs } from '../components/dialog.js';
import { MoreButton } from '../components/more-button.js';
import { PageHeader } from '../components/page-header.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { ScopeList } from '../components/scope-list.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';
import { InviteMemberDialog } from '../dialogs/invite-member-dialog.js';
import { MemberDialog } from '../dialogs/member-dialog.js';
import { usePagedList } from '../paged-list.js';
import { useSession } from '../session.js';

export function MembersPage() {
  const { can, signedIn } = useSession();
  const openDialog = useDialogs();
  const members = usePagedList<Member>((cursor) => run(api.GET('/v1/members', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })));
  const changed = members.reload;
  const admin = can('admin');
  return (
    <section>
      <PageHeader title="Users" description="People who sign in to this console, and what they may do.">
        {admin && (
          <button type="button" class="button button-primary" onClick={() => openDialog((close) => <InviteMemberDialog onClose={close} onInvited={changed} />)}>
            Invite member
          </button>
        )}
      </PageHeader>
      <ProblemAlert problem={members.problem} />
      <DataTable caption="Members" columns={['Name', 'Scopes', 'Status', 'Last sign-in']} actions busy={members.items === null}>
        {(members.items ?? []).map((member) => {
          const name = member.display_name ?? member.email ?? member.id;
          return (
            <tr key={member.id}>
              <td data-label="Name">
                <span class="strong">{name}</span>
                {member.id === signedIn.member.id && <span class="muted"> (you)</span>}
                <br />
                <span class="muted small">{member.email ?? 'no e-mail yet'}</span>
              </td>
              <td data-label="Scopes">
                <ScopeList scopes={member.scopes} />
              </td>
              <td data-label="Status">
                <StatusBadge status={member.status} /> {member.locked && <StatusBadge status="locked" />}
              </td>
              <td data-label="Last sign-in">
                <Time value={member.last_sign_in_at} empty="Never" />
              </td>
              <td class="row-actions">
                {admin && member.id !== signedIn.member.id && (
                  <button type="button" class="button button-small" aria-label={`Manage ${name}`} onClick={() => openDialog((close) => <MemberDialog member={member} onClose={close} onChanged={changed} />)}>
                    Manage
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
      <MoreButton list={members} label="More members" />
    </section>
  );
}
