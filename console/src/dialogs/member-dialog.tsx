/**
 * Managing one member: their scopes, suspending or reactivating them, signing them out
 * everywhere, a new invitation or password reset link, lifting a lock-out, removing them.
 */

import { useState } from 'preact/hooks';
import { api, fieldError, run, type InvitedMember, type Member, type Result } from '../api.js';
import { useCatalog } from '../catalog.js';
import { Dialog } from '../components/dialog.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { StatusBadge } from '../components/status-badge.js';
import { ScopesField } from '../fields/scopes-field.js';
import { useAction } from '../form-action.js';
import { InvitationLinkDialog } from './invitation-link-dialog.js';

export function MemberDialog({ member: initial, onClose, onChanged }: { member: Member; onClose: () => void; onChanged: () => void }) {
  const { scopes: catalog } = useCatalog();
  const [member, setMember] = useState(initial);
  const [scopes, setScopes] = useState<string[]>([...initial.scopes]);
  const { problem, busy, perform } = useAction();
  const [message, setMessage] = useState('');
  const [link, setLink] = useState<InvitedMember['invitation'] | null>(null);
  const path = { params: { path: { member_id: member.id } } };

  /** Sends `request`; `done` says what it did, for the status line. */
  const act = async <T,>(request: () => Promise<Result<T>>, done: (data: T) => string) => {
    const succeeded = await perform(request, (data) => {
      setMessage(done(data));
      onChanged();
    });
    // The refusal above says what happened; an earlier success must not seem to be its answer.
    if (!succeeded) setMessage('');
  };
  const update = (body: { scopes?: string[]; status?: 'active' | 'suspended' }, said: string) =>
    act(() => run(api.PATCH('/v1/members/{member_id}', { ...path, body })), (updated) => {
      setMember(updated);
      return said;
    });

  const name = member.display_name ?? member.email ?? member.id;
  if (link) return <InvitationLinkDialog title={`A new link for ${name}`} invitation={link} onClose={onClose} />;
  return (
    <Dialog title={`Manage ${name}`} onClose={onClose} size="wide">
      <div class="dialog-body">
        <p>
          {member.email ?? <span class="muted">no e-mail yet</span>} · <StatusBadge status={member.status} /> {member.locked && <StatusBadge status="locked" />}
        </p>
        <ProblemAlert problem={problem} shown={['scopes']} />
        <p role="status" class="success">
          {message}
        </p>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void update({ scopes }, 'Scopes saved.');
          }}
          noValidate
        >
          <ScopesField legend="Scopes" catalog={catalog} value={scopes} onValue={setScopes} error={fieldError(problem, 'scopes')} />
          <button type="submit" class="button button-primary" disabled={busy}>
            Save scopes
          </button>
        </form>
        <h3>Access</h3>
        <div class="button-row">
          {member.status === 'active' && (
            <button type="button" class="button" disabled={busy} onClick={() => void update({ status: 'suspended' }, `${name} is suspended and signed out.`)}>
              Suspend
            </button>
          )}
          {member.status === 'suspended' && (
            <button type="button" class="button" disabled={busy} onClick={() => void update({ status: 'active' }, `${name} may sign in again.`)}>
              Reactivate
            </button>
          )}
          <button
            type="button"
            class="button"
            disabled={busy}
            onClick={() => void act(() => run(api.DELETE('/v1/members/{member_id}/sessions', path)), (ended) => `Signed out everywhere: ${ended.ended} session${ended.ended === 1 ? '' : 's'} ended.`)}
          >
            Sign out everywhere
          </button>
          {member.status !== 'suspended' && (
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() =>
                void act(() => run(api.POST('/v1/members/{member_id}/invitation', path)), (answer) => {
                  setLink(answer.invitation);
                  return '';
                })
              }
            >
              {member.status === 'invited' ? 'New invitation link' : 'Password reset link'}
            </button>
          )}
          {member.locked && (
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() =>
                void act(() => run(api.POST('/v1/members/{member_id}/unlock', path)), (updated) => {
                  setMember(updated);
                  return `${name} may sign in again.`;
                })
              }
            >
              Unlock
            </button>
          )}
          <RemoveMember name={name} busy={busy} onRemove={() => void act(() => run(api.DELETE('/v1/members/{member_id}', path)), () => (onClose(), ''))} />
        </div>
      </div>
      <div class="dialog-footer">
        <button type="button" class="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

/** Removing takes a second click on the same spot: "Remove" becomes "Remove <name> for good". */
function RemoveMember({ name, busy, onRemove }: { name: string; busy: boolean; onRemove: () => void }) {
  const [armed, setArmed] = useState(false);
  return armed ? (
    <>
      <button type="button" class="button button-danger" disabled={busy} onClick={onRemove}>
        Remove {name} for good
      </button>
      <button type="button" class="button" onClick={() => setArmed(false)}>
        Keep
      </button>
    </>
  ) : (
    <button type="button" class="button button-danger" disabled={busy} onClick={() => setArmed(true)}>
      Remove
    </button>
  );
}
