/**
 * A secret shown once (a new key's secret, an invitation link): the text to copy, a copy
 * button, and the confirmation that it was stored, without which the dialog will not close.
 */

import { useId } from 'preact/hooks';
import { CopyButton } from './copy-button.js';

export interface SecretRevealProps {
  label: string;
  value: string;
  confirmed: boolean;
  onConfirmed: (confirmed: boolean) => void;
  /** What the person must confirm, e.g. "I have stored the key". */
  confirmText: string;
  warning: string;
}

export function SecretReveal({ label, value, confirmed, onConfirmed, confirmText, warning }: SecretRevealProps) {
  const id = useId();
  return (
    <div class="secret">
      <p class="warning" id={`${id}-warning`}>
        {warning}
      </p>
      <label for={id}>{label}</label>
      <div class="secret-row">
        <input id={id} class="secret-value" readOnly value={value} aria-describedby={`${id}-warning`} onFocus={(event) => event.currentTarget.select()} data-autofocus />
        <CopyButton text={value} inputId={id} />
      </div>
      <label class="checkbox">
        <input type="checkbox" checked={confirmed} onChange={(event) => onConfirmed(event.currentTarget.checked)} />
        {confirmText}
      </label>
    </div>
  );
}
