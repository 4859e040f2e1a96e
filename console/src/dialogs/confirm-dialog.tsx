/** A confirmation of something that cannot be undone, showing the service's refusal if any. */

import { useId } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Result } from '../api.js';
import { FormDialog } from '../components/form-dialog.js';
import { useFormAction } from '../form-action.js';

export interface ConfirmDialogProps<T> {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  action: () => Promise<Result<T>>;
  onDone: (data: T) => void;
  onClose: () => void;
}

export function ConfirmDialog<T>({ title, children, confirmLabel, action, onDone, onClose }: ConfirmDialogProps<T>) {
  const questionId = useId();
  const submit = useFormAction(action, (data) => {
    onDone(data);
    onClose();
  });
  return (
    <FormDialog title={title} onClose={onClose} role="alertdialog" describedBy={questionId} action={submit} submitLabel={confirmLabel} danger>
      <div id={questionId}>{children}</div>
    </FormDialog>
  );
}
