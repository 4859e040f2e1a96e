/**
 * Rotating a key: a new secret, shown this once, while the old one keeps working for the
 * grace period chosen (so the integration can switch without downtime).
 */

import { useState } from 'preact/hooks';
import { api, fieldError, run, type ApiKey, type ApiKeyWithSecret } from '../api.js';
import { Dialog } from '../components/dialog.js';
import { Field } from '../components/field.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { SecretReveal } from '../components/secret-reveal.js';
import { Time } from '../components/time.js';
import { useFormAction } from '../form-action.js';

const GRACE_PERIODS = [
  { seconds: '0', label: 'None: the old secret stops working at once' },
  { seconds: '3600', label: '1 hour' },
  { seconds: '86400', label: '1 day' },
  { seconds: '604800', label: '7 days (the longest)' },
];

export function RotateKeyDialog({ apiKey, onClose, onRotated }: { apiKey: ApiKey; onClose: () => void; onRotated: (key: ApiKey) => void }) {
  const [grace, setGrace] = useState('86400');
  const [rotated, setRotated] = useState<ApiKeyWithSecret | null>(null);
  const [stored, setStored] = useState(false);
  const { problem, busy, onSubmit } = useFormAction(
    () => run(api.POST('/v1/keys/{key_id}/rotate', { params: { path: { key_id: apiKey.id } }, body: { grace_period: Number(grace) } })),
    (key) => {
      setRotated(key);
      const { secret: _secret, ...withoutSecret } = key;
      onRotated(withoutSecret);
    },
  );

  if (rotated) {
    return (
      <Dialog key="secret" title={`New secret for “${rotated.name}”`} onClose={onClose} closable={stored}>
        <div class="dialog-body">
          <SecretReveal
            label="The key's new secret"
            value={rotated.secret}
            confirmed={stored}
            onConfirmed={setStored}
            warning="This is the only time the new secret is shown. Copy it now and switch your integration to it: Keyplane cannot show it again."
            confirmText="I have copied the new secret and understand I will not see it again"
          />
          <p>
            {rotated.previous_secret_expires_at ? (
              <>
                The old secret keeps working until <Time value={rotated.previous_secret_expires_at} />.
              </>
            ) : (
              'The old secret stopped working at once.'
            )}
          </p>
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
    <Dialog key="form" title={`Rotate “${apiKey.name}”`} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <div class="dialog-body">
          <ProblemAlert problem={problem} shown={['grace_period']} />
          <p>The key keeps its id, name, scopes, rules and expiry, and gets a new secret.</p>
          <Field label="Keep the old secret working for" error={fieldError(problem, 'grace_period')} hint="Time for your integration to switch to the new secret.">
            {({ id, describedBy, invalid }) => (
              <select id={id} value={grace} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => setGrace(event.currentTarget.value)}>
                {GRACE_PERIODS.map((option) => (
                  <option key={option.seconds} value={option.seconds}>
                    {option.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div class="dialog-footer">
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? 'Rotating…' : 'Rotate key'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
