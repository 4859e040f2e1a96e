/**
 * "Create API key": the key's fields, then its secret, shown this once with a copy button.
 * The dialog closes only after the person confirms they stored it: Keyplane keeps a hash
 * and can never show it again.
 */

import { useState } from 'preact/hooks';
import { api, run, type ApiKeyWithSecret } from '../api.js';
import { useCatalog } from '../catalog.js';
import { FormDialog } from '../components/form-dialog.js';
import { SecretDialog } from '../components/secret-dialog.js';
import { createKeyBody, KEY_FORM_FIELDS, KeyFormFields, newKeyForm } from '../fields/key-form.js';
import { useSession } from '../session.js';
import { useFormAction } from '../form-action.js';

/** What the person is told about the new key's secret. */
const SECRET_WORDS = {
  label: 'Your new API key',
  warning: 'This is the only time the key is shown. Copy it now and store it somewhere safe, such as a secret manager: Keyplane keeps only a hash and cannot show it again. If it is lost, create a new key.',
  confirmText: 'I have copied the key and understand I will not see it again',
};

export function CreateKeyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (key: ApiKeyWithSecret) => void }) {
  const { signedIn } = useSession();
  const { scopes: catalog } = useCatalog();
  const [form, setForm] = useState(() => newKeyForm(signedIn.organization));
  const [created, setCreated] = useState<ApiKeyWithSecret | null>(null);
  const action = useFormAction(
    () => run(api.POST('/v1/keys', { body: createKeyBody(form) })),
    (key) => {
      setCreated(key);
      onCreated(key);
    },
  );

  if (created) return <SecretDialog title={`API key “${created.name}” created`} onClose={onClose} value={created.secret} {...SECRET_WORDS} />;

  return (
    <FormDialog title="Create API key" onClose={onClose} size="wide" action={action} shown={KEY_FORM_FIELDS} submitLabel="Create key" busyLabel="Creating…">
      <KeyFormFields form={form} onForm={setForm} problem={action.problem} catalog={catalog} organization={signedIn.organization} />
    </FormDialog>
  );
}
