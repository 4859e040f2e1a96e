/**
 * "Create API key": the key's fields, then its secret, shown this once with a copy button.
 * The dialog closes only after the person confirms they stored it: Keyplane keeps a hash
 * and can never show it again.
 */

import { useState } from 'preact/hooks';
import { api, run, type ApiKeyWithSecret } from '../api.js';
import { useCatalog } from '../catalog.js';
import { Dialog } from '../components/dialog.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { SecretReveal } from '../components/secret-reveal.js';
import { createKeyBody, KEY_FORM_FIELDS, KeyFormFields, newKeyForm } from '../fields/key-form.js';
import { useSession } from '../session.js';
import { useFormAction } from '../form-action.js';

export function CreateKeyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (key: ApiKeyWithSecret) => void }) {
  const { signedIn } = useSession();
  const { scopes: catalog } = useCatalog();
  const [form, setForm] = useState(() => newKeyForm(signedIn.organization));
  const [created, setCreated] = useState<ApiKeyWithSecret | null>(null);
  const [stored, setStored] = useState(false);
  const { problem, busy, onSubmit } = useFormAction(
    () => run(api.POST('/v1/keys', { body: createKeyBody(form) })),
    (key) => {
      setCreated(key);
      onCreated(key);
    },
  );

  if (created) {
    return (
      <Dialog key="secret" title={`API key “${created.name}” created`} onClose={onClose} closable={stored}>
        <div class="dialog-body">
          <SecretReveal
            label="Your new API key"
            value={created.secret}
            confirmed={stored}
            onConfirmed={setStored}
            warning="This is the only time the key is shown. Copy it now and store it somewhere safe, such as a secret manager: Keyplane keeps only a hash and cannot show it again. If it is lost, create a new key."
            confirmText="I have copied the key and understand I will not see it again"
          />
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
    <Dialog key="form" title="Create API key" onClose={onClose} size="wide">
      <form onSubmit={onSubmit} noValidate>
        <div class="dialog-body">
          <ProblemAlert problem={problem} shown={KEY_FORM_FIELDS} />
          <KeyFormFields form={form} onForm={setForm} problem={problem} catalog={catalog} organization={signedIn.organization} />
        </div>
        <div class="dialog-footer">
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create key'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
