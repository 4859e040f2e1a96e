/**
 * Copies a text to the clipboard, and says so. Falls back to selecting the text's input and
 * `execCommand('copy')` where the Clipboard API is not available (a page not served over
 * HTTPS or from localhost).
 */

import { useState } from 'preact/hooks';

export function CopyButton({ text, label = 'Copy', inputId }: { text: string; label?: string; inputId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      const input = inputId ? (document.getElementById(inputId) as HTMLInputElement | null) : null;
      input?.select();
      setState(input && document.execCommand('copy') ? 'copied' : 'failed');
    }
  };
  return (
    <>
      <button type="button" class="button" onClick={() => void copy()}>
        {label}
      </button>
      <span class="copy-status" role="status">
        {state === 'copied' ? 'Copied.' : state === 'failed' ? 'Could not copy: select the text and copy it yourself.' : ''}
      </span>
    </>
  );
}
