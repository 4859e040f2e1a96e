/** Revoking a key, after a confirmation that names it: immediate, and for good. */

import { useId, useState } from 'preact/hooks';
import { api, fieldError, run, type ApiKey } from '../api.js';
import { TextAreaField } from '../components/field.js';
import { FormDialog } from '../components/form-dialog.js';
import { useFormAction } from '../form-action.js';

export function RevokeKeyDialog({ apiKey, onClose, onRevoked }: { apiKey: ApiKey; onClose: () => void; onRevoked: (key: ApiKey) => void }) {
  const questionId = useId();
  const [reason, setReason] = useState('');
  const action = useFormAction(
    () => run(api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: apiKey.id } }, body: reason.trim() ? { reason: reason.trim() } : {} })),
    (key) => {
      onRevoked(key);
      onClose();
    },
  );
  return (
    <FormDialog
      title={`Revoke “${apiKey.name}”?`}
      onClose={onClose}
      role="alertdialog"
      describedBy={questionId}
      action={action}
      shown={['reason']}
      submitLabel={`Revoke ${apiKey.name}`}
      busyLabel="Revoking…"
      danger
    >
      <p id={questionId}>
        Every request made with <strong>{apiKey.name}</strong> (<code>{apiKey.hint}</code>) will be refused with 401 at once. A revoked key can never be restored: an integration that still
        needs access needs a new key.
      </p>
      <TextAreaField label="Reason (optional, kept in the audit trail)" value={reason} onValue={setReason} error={fieldError(action.problem, 'reason')} rows={2} />
    </FormDialog>
  );
}
