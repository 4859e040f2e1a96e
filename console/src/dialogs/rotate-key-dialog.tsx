/**
 * Rotating a key: a new secret, shown this once, while the old one keeps working for the
 * grace period chosen (so the integration can switch without downtime).
 */

import { useState } from 'preact/hooks';
import { api, fieldError, run, type ApiKey, type ApiKeyWithSecret } from '../api.js';
import { SelectField } from '../components/field.js';
import { FormDialog } from '../components/form-dialog.js';
import { SecretDialog } from '../components/secret-dialog.js';
import { Time } from '../components/time.js';
import { useFormAction } from '../form-action.js';

/** What the person is told about the new secret. */
const SECRET_WORDS = {
  label: "The key's new secret",
  warning: 'This is the only time the new secret is shown. Copy it now and switch your integration to it: Keyplane cannot show it again.',
  confirmText: 'I have copied the new secret and understand I will not see it again',
};

/** The grace periods offered, in seconds as the service takes them. */
const GRACE_PERIODS = [
  { value: '0', label: 'None: the old secret stops working at once' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days (the longest)' },
];

export function RotateKeyDialog({ apiKey, onClose, onRotated }: { apiKey: ApiKey; onClose: () => void; onRotated: (key: ApiKey) => void }) {
  const [grace, setGrace] = useState('86400');
  const [rotated, setRotated] = useState<ApiKeyWithSecret | null>(null);
  const action = useFormAction(
    () => run(api.POST('/v1/keys/{key_id}/rotate', { params: { path: { key_id: apiKey.id } }, body: { grace_period: Number(grace) } })),
    (key) => {
      setRotated(key);
      const { secret: _secret, ...withoutSecret } = key;
      onRotated(withoutSecret);
    },
  );

  if (rotated) {
    return (
      <SecretDialog title={`New secret for “${rotated.name}”`} onClose={onClose} value={rotated.secret} {...SECRET_WORDS}>
        <p>
          {rotated.previous_secret_expires_at ? (
            <>
              The old secret keeps working until <Time value={rotated.previous_secret_expires_at} />.
            </>
          ) : (
            'The old secret stopped working at once.'
          )}
        </p>
      </SecretDialog>
    );
  }
  return (
    <FormDialog title={`Rotate “${apiKey.name}”`} onClose={onClose} action={action} shown={['grace_period']} submitLabel="Rotate key" busyLabel="Rotating…">
      <p>The key keeps its id, name, scopes, rules and expiry, and gets a new secret.</p>
      <SelectField
        label="Keep the old secret working for"
        value={grace}
        options={GRACE_PERIODS}
        onValue={setGrace}
        error={fieldError(action.problem, 'grace_period')}
        hint="Time for your integration to switch to the new secret."
      />
    </FormDialog>
  );
}
