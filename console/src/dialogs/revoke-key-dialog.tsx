/** Revoking a key, after a confirmation that names it: immediate, and for good. */

import { useId, useState } from 'preact/hooks';
import { api, fieldError, run, type ApiKey } from '../api.js';
import { Dialog } from '../components/dialog.js';
import { TextAreaField } from '../components/field.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { useFormAction } from '../form-action.js';

export function RevokeKeyDialog({ apiKey, onClose, onRevoked }: { apiKey: ApiKey; onClose: () => void; onRevoked: (key: ApiKey) => void }) {
  const questionId = useId();
  const [reason, setReason] = useState('');
  const { problem, busy, onSubmit } = useFormAction(
    () => run(api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: apiKey.id } }, body: reason.trim() ? { reason: reason.trim() } : {} })),
    (key) => {
      onRevoked(key);
      onClose();
    },
  );
  return (
    <Dialog title={`Revoke “${apiKey.name}”?`} onClose={onClose} role="alertdialog" describedBy={questionId}>
      <form onSubmit={onSubmit} noValidate>
        <div class="dialog-body">
          <ProblemAlert problem={problem} shown={['reason']} />
          <p id={questionId}>
            Every request made with <strong>{apiKey.name}</strong> (<code>{apiKey.hint}</code>) will be refused with 401 at once. A revoked key can never be restored: an integration that
            still needs access needs a new key.
          </p>
          <TextAreaField label="Reason (optional, kept in the audit trail)" value={reason} onValue={setReason} error={fieldError(problem, 'reason')} rows={2} />
        </div>
        <div class="dialog-footer">
          <button type="button" class="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button type="submit" class="button button-danger" disabled={busy}>
            {busy ? 'Revoking…' : `Revoke ${apiKey.name}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
