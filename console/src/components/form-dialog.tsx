/**
 * A dialog that is one form: the service's refusal at the top, the fields, then Cancel and
 * the submit button, which is disabled while the request runs.
 */

import type { ComponentChildren } from 'preact';
import type { FormAction } from '../form-action.js';
import { Dialog, type DialogProps } from './dialog.js';
import { ProblemAlert } from './problem-alert.js';
import { SubmitButton } from './submit-button.js';

export interface FormDialogProps extends Omit<DialogProps, 'children' | 'closable'> {
  /** The form's submit and what came of it (`useFormAction`). */
  action: Pick<FormAction, 'problem' | 'busy' | 'onSubmit'>;
  /** Fields that show the service's messages for them themselves (see `ProblemAlert`). */
  shown?: readonly string[];
  submitLabel: string;
  /** The submit button's label while the request runs; without one it keeps its label. */
  busyLabel?: string;
  /**
   * A submit that cannot be undone: a red button, and Cancel takes the first focus, so that
   * Enter on opening does not destroy anything.
   */
  danger?: boolean;
  children: ComponentChildren;
}

export function FormDialog({ action, shown, submitLabel, busyLabel, danger = false, children, ...dialog }: FormDialogProps) {
  return (
    <Dialog {...dialog}>
      <form onSubmit={action.onSubmit} noValidate>
        <div class="dialog-body">
          <ProblemAlert problem={action.problem} shown={shown} />
          {children}
        </div>
        <div class="dialog-footer">
          <button type="button" class="button" onClick={dialog.onClose} data-autofocus={danger || undefined}>
            Cancel
          </button>
          <SubmitButton busy={action.busy} label={submitLabel} busyLabel={busyLabel} tone={danger ? 'danger' : 'primary'} />
        </div>
      </form>
    </Dialog>
  );
}
