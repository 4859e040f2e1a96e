/**
 * The foot of a form on a page: what the last submit did, said to screen readers too, then
 * the submit button.
 */

import { SubmitButton, type SubmitButtonProps } from './submit-button.js';

export interface FormActionsProps extends Pick<SubmitButtonProps, 'busy' | 'label' | 'busyLabel'> {
  /** What the last submit did ("Saved."); empty before one. */
  status: string;
}

export function FormActions({ status, ...submit }: FormActionsProps) {
  return (
    <div class="form-actions">
      <span role="status" class="success">
        {status}
      </span>
      <SubmitButton {...submit} />
    </div>
  );
}
