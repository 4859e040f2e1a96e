/**
 * Modal dialogs after the WAI-ARIA Authoring Practices: focus moves into the dialog, Tab
 * and Shift+Tab stay inside it, Escape closes it (unless it must not close yet), the rest of
 * the page is `inert` while it is open, and focus returns to what opened it.
 *
 * Dialogs live in a layer beside the page (`DialogHost`), so that the page can be made inert;
 * a page opens one with `useDialogs()(close => <SomeDialog onClose={close} />)`.
 */

import { createContext, type ComponentChildren, type VNode } from 'preact';
import { useCallback, useContext, useEffect, useId, useRef, useState } from 'preact/hooks';

type Render = (close: () => void) => VNode;
interface Open {
  id: number;
  render: Render;
  opener: Element | null;
}

const OpenDialog = createContext<(render: Render) => void>(() => undefined);

/** Opens a dialog: `render` gets the function that closes it. */
export function useDialogs(): (render: Render) => void {
  return useContext(OpenDialog);
}

let sequence = 0;

/** Holds the page and the dialogs opened over it; `resetKey` changing (a new page) closes them all. */
export function DialogHost({ children, resetKey }: { children: ComponentChildren; resetKey: string }) {
  const [open, setOpen] = useState<Open[]>([]);
  const openDialog = useCallback((render: Render) => {
    setOpen((current) => [...current, { id: ++sequence, render, opener: document.activeElement }]);
  }, []);
  useEffect(() => setOpen([]), [resetKey]);
  const close = (entry: Open) => {
    setOpen((current) => current.filter((other) => other.id !== entry.id));
    // After the page stops being inert.
    requestAnimationFrame(() => {
      if (entry.opener instanceof HTMLElement && entry.opener.isConnected) entry.opener.focus();
    });
  };
  return (
    <OpenDialog.Provider value={openDialog}>
      <div class="page-layer" inert={open.length > 0}>
        {children}
      </div>
      {open.map((entry, index) => (
        <div key={entry.id} inert={index < open.length - 1}>
          {entry.render(() => close(entry))}
        </div>
      ))}
    </OpenDialog.Provider>
  );
}

/** The dialogs open now, the topmost last: only it takes keys. */
const openDialogs: HTMLElement[] = [];

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** False while the dialog must stay open (a secret not yet confirmed as stored). */
  closable?: boolean;
  /** `wide` for forms with many fields. */
  size?: 'narrow' | 'wide';
  /** The role: `alertdialog` for confirmations of something that cannot be undone. */
  role?: 'dialog' | 'alertdialog';
  /** Id of the element that describes the dialog (a confirmation's question). */
  describedBy?: string;
}

export function Dialog({ title, onClose, children, closable = true, size = 'narrow', role = 'dialog', describedBy }: DialogProps) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const first = element.querySelector<HTMLElement>('[data-autofocus]') ?? element.querySelector<HTMLElement>('input, select, textarea') ?? element;
    first.focus();
    openDialogs.push(element);
    return () => {
      openDialogs.splice(openDialogs.indexOf(element), 1);
    };
  }, []);
  // Keys are taken at the document: focus may have left the dialog (a button that was focused
  // became disabled while a request ran), and Escape and Tab must still work.
  const latest = useRef({ closable, onClose });
  latest.current = { closable, onClose };
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (openDialogs[openDialogs.length - 1] !== box.current) return;
      handleKey(event);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  const handleKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (latest.current.closable) latest.current.onClose();
      return;
    }
    if (event.key !== 'Tab' || !box.current) return;
    const focusable = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.offsetParent !== null);
    if (focusable.length === 0) {
      event.preventDefault();
      return;
    }
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    const inside = box.current.contains(document.activeElement);
    if (event.shiftKey && (!inside || document.activeElement === first || document.activeElement === box.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (!inside || document.activeElement === last)) {
      event.preventDefault();
      first.focus();
    }
  };
  return (
    <div class="dialog-backdrop">
      <div
        ref={box}
        class={`dialog dialog-${size}`}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        tabIndex={-1}
      >
        <div class="dialog-header">
          <h2 id={titleId}>{title}</h2>
          {closable && (
            <button type="button" class="icon-button" aria-label="Close" onClick={onClose}>
              ×
            </button>
          )}
        </div>
        {children}
      </div>
    </div>
  );
}
