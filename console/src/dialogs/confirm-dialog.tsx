/** A confirmation of something that cannot be undone, showing the service's refusal if any. */

import { useId } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Result } from '../api.js';
import { Dialog } from '../components/dialog.js';
import { ProblemAlert } from '../components/problem-alert.js';
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
  const { problem, busy, onSubmit } = useFormAction(action, (data) => {
    onDone(data);
    onClose();
  });
  return (
    <Dialog title={title} onClose={onClose} role="alertdialog" describedBy={questionId}>
      <form onSubmit={onSubmit} noValidate>
        <div class="dialog-body">
          <ProblemAlert problem={problem} />
          <div id={questionId}>{children}</div>
        </div>
        <div class="dialog-footer">
          <button type="button" class="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button type="submit" class="button button-danger" disabled={busy}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
