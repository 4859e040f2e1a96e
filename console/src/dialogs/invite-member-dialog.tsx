/** Inviting a person: their e-mail and scopes, then the one-time link, shown this once. */

import { useState } from 'preact/hooks';
import { api, fieldError, run, type InvitedMember } from '../api.js';
import { useCatalog } from '../catalog.js';
import { Dialog } from '../components/dialog.js';
import { TextField } from '../components/field.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { ScopesField } from '../fields/scopes-field.js';
import { useFormAction } from '../form-action.js';
import { InvitationLink } from './invitation-link.js';

export function InviteMemberDialog({ onClose, onInvited }: { onClose: () => void; onInvited: () => void }) {
  const { scopes: catalog } = useCatalog();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['keys:read']);
  const [invited, setInvited] = useState<InvitedMember | null>(null);
  const [stored, setStored] = useState(false);
  const { problem, busy, onSubmit } = useFormAction(
    () => run(api.POST('/v1/members', { body: { email, scopes, ...(displayName.trim() ? { display_name: displayName.trim() } : {}) } })),
    (answer) => {
      setInvited(answer);
      onInvited();
    },
  );
  if (invited) {
    return (
      <Dialog key="link" title={`${invited.member.display_name ?? invited.member.email} is invited`} onClose={onClose} closable={stored}>
        <div class="dialog-body">
          <InvitationLink invitation={invited.invitation} stored={stored} onStored={setStored} />
        </div>
        <div class="dialog-footer">
          <button type="button" class="button button-primary" disabled={!stored} onClick={onClose}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog key="form" title="Invite a member" onClose={onClose} size="wide">
      <form onSubmit={onSubmit} noValidate>
        <div class="dialog-body">
          <ProblemAlert problem={problem} shown={['email', 'display_name', 'scopes']} />
          <TextField label="E-mail" type="email" required value={email} onValue={setEmail} error={fieldError(problem, 'email')} autoComplete="off" hint="They sign in with it. Keyplane sends no e-mail: you pass the link on." />
          <TextField label="Name (optional)" value={displayName} onValue={setDisplayName} error={fieldError(problem, 'display_name')} autoComplete="off" />
          <ScopesField legend="Scopes" catalog={catalog} value={scopes} onValue={setScopes} error={fieldError(problem, 'scopes')} hint="keys:write lets them create and manage keys; admin lets them manage members too." />
        </div>
        <div class="dialog-footer">
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? 'Inviting…' : 'Invite'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
