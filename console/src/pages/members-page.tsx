/** Settings → Users: the organization's members, inviting them and managing their access. */

import { useEffect, useState } from 'preact/hooks';
import { api, run, type KeyplaneProblem, type Member } from '../api.js';
import { useDialogs } from '../components/dialog.js';
import { PageHeader } from '../components/page-header.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { ScopeList } from '../components/scope-list.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';
import { InviteMemberDialog } from '../dialogs/invite-member-dialog.js';
import { MemberDialog } from '../dialogs/member-dialog.js';
import { useSession } from '../session.js';

export function MembersPage() {
  const { can, signedIn } = useSession();
  const openDialog = useDialogs();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<KeyplaneProblem | null>(null);
  const [reload, setReload] = useState(0);
  const load = async (cursor: string | null) => {
    const result = await run(api.GET('/v1/members', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }));
    setProblem(result.problem ?? null);
    setNext(result.data?.next_cursor ?? null);
    return result.data?.data ?? [];
  };
  useEffect(() => {
    let live = true;
    void load(null).then((page) => live && setMembers(page));
    return () => {
      live = false;
    };
  }, [reload]);
  const changed = () => setReload((n) => n + 1);
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
      <ProblemAlert problem={problem} />
      <div class="table-wrap">
        <table class="table" aria-busy={members === null}>
          <caption class="visually-hidden">Members</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scopes</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(members ?? []).map((member) => {
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
          </tbody>
        </table>
      </div>
      {next && (
        <button type="button" class="button" onClick={() => void load(next).then((page) => setMembers((current) => [...(current ?? []), ...page]))}>
          More members
        </button>
      )}
    </section>
  );
}
