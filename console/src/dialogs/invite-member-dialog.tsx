/** Inviting a person: their e-mail and scopes, then the one-time link, shown this once. */

import { useState } from 'preact/hooks';
import { api, fieldError, run, type InvitedMember } from '../api.js';
import { useCatalog } from '../catalog.js';
import { TextField } from '../components/field.js';
import { FormDialog } from '../components/form-dialog.js';
import { ScopesField } from '../fields/scopes-field.js';
import { useFormAction } from '../form-action.js';
import { InvitationLinkDialog } from './invitation-link-dialog.js';

export function InviteMemberDialog({ onClose, onInvited }: { onClose: () => void; onInvited: () => void }) {
  const { scopes: catalog } = useCatalog();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['keys:read']);
  const [invited, setInvited] = useState<InvitedMember | null>(null);
  const action = useFormAction(
    () => run(api.POST('/v1/members', { body: { email, scopes, ...(displayName.trim() ? { display_name: displayName.trim() } : {}) } })),
    (answer) => {
      setInvited(answer);
      onInvited();
    },
  );
  if (invited) {
    return <InvitationLinkDialog title={`${invited.member.display_name ?? invited.member.email} is invited`} invitation={invited.invitation} onClose={onClose} />;
  }
  return (
    <FormDialog title="Invite a member" onClose={onClose} size="wide" action={action} shown={['email', 'display_name', 'scopes']} submitLabel="Invite" busyLabel="Inviting…">
      <TextField label="E-mail" type="email" required value={email} onValue={setEmail} error={fieldError(action.problem, 'email')} autoComplete="off" hint="They sign in with it. Keyplane sends no e-mail: you pass the link on." />
      <TextField label="Name (optional)" value={displayName} onValue={setDisplayName} error={fieldError(action.problem, 'display_name')} autoComplete="off" />
      <ScopesField legend="Scopes" catalog={catalog} value={scopes} onValue={setScopes} error={fieldError(action.problem, 'scopes')} hint="keys:write lets them create and manage keys; admin lets them manage members too." />
    </FormDialog>
  );
}
