/**
 * A dialog that shows a secret this once (a new key's secret, a one-time link). It closes, by
 * Done, Escape or ×, only after the person confirms they stored it: Keyplane keeps a hash and
 * can never show it again.
 */

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Dialog, type DialogProps } from './dialog.js';
import { SecretReveal, type SecretRevealProps } from './secret-reveal.js';

export interface SecretDialogProps extends Pick<DialogProps, 'title' | 'onClose' | 'size'>, Omit<SecretRevealProps, 'confirmed' | 'onConfirmed'> {
  /** What follows the secret (until when it works, a second secret). */
  children?: ComponentChildren;
}

export function SecretDialog({ title, onClose, size, children, ...secret }: SecretDialogProps) {
  const [stored, setStored] = useState(false);
  return (
    <Dialog title={title} onClose={onClose} closable={stored} size={size}>
      <div class="dialog-body">
        <SecretReveal {...secret} confirmed={stored} onConfirmed={setStored} />
        {children}
      </div>
      <div class="dialog-footer">
        <button type="button" class="button button-primary" disabled={!stored} onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
