/** My account: the browsers I am signed in on (ending any of them) and my password. */

import { useState } from 'preact/hooks';
import { api, fieldError, run, type KeyplaneProblem, type Session } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { TextField } from '../components/field.js';
import { FormActions } from '../components/form-actions.js';
import { PageHeader } from '../components/page-header.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { Time } from '../components/time.js';
import { useFormAction } from '../form-action.js';
import { usePagedList } from '../paged-list.js';
import { useSession } from '../session.js';

export function AccountPage() {
  const { signedIn } = useSession();
  // A member has a handful of sessions: they come in one answer.
  const sessions = usePagedList<Session>(() => run(api.GET('/v1/sessions')));
  // A refused ending stays on screen after the list reloads.
  const [ending, setEnding] = useState<KeyplaneProblem | null>(null);
  const end = async (session: Session) => {
    const result = await run(api.DELETE('/v1/sessions/{session_id}', { params: { path: { session_id: session.id } } }));
    setEnding(result.problem ?? null);
    sessions.reload();
  };
  const member = signedIn.member;
  return (
    <section>
      <PageHeader title="My account" description={`${member.display_name ?? member.email} · ${member.email} · ${signedIn.organization.name}`} />
      {/* The sessions come last: when they arrive, nothing below them moves. */}
      <h2>Change password</h2>
      <ChangePassword />
      <h2>My sessions</h2>
      <ProblemAlert problem={ending ?? sessions.problem} />
      <DataTable caption="My sessions" columns={['Browser', 'IP address', 'Signed in', 'Last seen', 'Ends']} actions busy={sessions.items === null}>
        {(sessions.items ?? []).map((session) => (
          <tr key={session.id}>
            <td data-label="Browser" class="truncate" title={session.user_agent ?? ''}>
              {session.current && <span class="badge badge-active">This browser</span>} {browserName(session.user_agent)}
            </td>
            <td data-label="IP address">{session.ip ?? '—'}</td>
            <td data-label="Signed in">
              <Time value={session.created_at} />
            </td>
            <td data-label="Last seen">
              <Time value={session.last_seen_at} />
            </td>
            <td data-label="Ends">
              <Time value={session.idle_expires_at < session.expires_at ? session.idle_expires_at : session.expires_at} />
            </td>
            <td class="row-actions">
              {!session.current && (
                <button type="button" class="button button-small" aria-label={`End the session signed in ${new Date(session.created_at).toLocaleString()}`} onClick={() => void end(session)}>
                  End
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function browserName(agent: string | null): string {
  if (!agent) return 'Unknown browser';
  const match = /(Firefox|Edg|Chrome|Safari)\/[\d.]+/.exec(agent);
  const os = /(Windows|Mac OS X|Linux|Android|iPhone)/.exec(agent)?.[1];
  return [match ? match[1]!.replace('Edg', 'Edge') : agent.slice(0, 40), os ? `on ${os.replace('Mac OS X', 'macOS')}` : ''].filter(Boolean).join(' ');
}

function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const { problem, busy, onSubmit } = useFormAction(
    () => run(api.POST('/v1/sessions/current/password', { body: { current_password: current, new_password: next } })),
    () => {
      setCurrent('');
      setNext('');
      setDone(true);
    },
  );
  return (
    <form class="panel narrow-form" onSubmit={(event) => (setDone(false), onSubmit(event))} noValidate aria-label="Change password">
      <ProblemAlert problem={problem} shown={['current_password', 'new_password']} />
      <TextField label="Current password" type="password" autoComplete="current-password" value={current} onValue={setCurrent} error={fieldError(problem, 'current_password')} />
      <TextField label="New password" type="password" autoComplete="new-password" value={next} onValue={setNext} error={fieldError(problem, 'new_password')} hint="At least 15 characters; spaces welcome. Your other sessions end." />
      <FormActions status={done ? 'Password changed; your other sessions were ended.' : ''} busy={busy} label="Change password" busyLabel="Changing…" />
    </form>
  );
}
