/**
 * A request a person starts (a form's submit, a button in a dialog): busy while it runs, the
 * service's problem kept for the fields to show, focus moved to the first field it names, and
 * the answer handed on when there is one.
 */

import { useState } from 'preact/hooks';
import type { KeyplaneProblem, Result } from './api.js';
import { focusFirstError } from './focus.js';

/** The state of the requests a person starts from one place (a form, a dialog's buttons). */
export interface Action {
  problem: KeyplaneProblem | null;
  busy: boolean;
  /**
   * Runs `request` unless one is running. A refusal is kept as `problem` and focus goes to the
   * first field of `form` it names (without a form, focus stays); an answer clears the problem
   * and goes to `onDone`. Resolves to whether the request ran and succeeded.
   */
  perform: <T>(request: () => Promise<Result<T>>, onDone: (data: T) => void, form?: HTMLElement | null) => Promise<boolean>;
}

/** An `Action` that is a form's submit. */
export interface FormAction extends Action {
  onSubmit: (event: Event) => void;
}

/** Requests started from one place, sharing one busy state and one problem (a dialog's several buttons). */
export function useAction(): Action {
  const [problem, setProblem] = useState<KeyplaneProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const perform = async <T>(request: () => Promise<Result<T>>, onDone: (data: T) => void, form?: HTMLElement | null) => {
    if (busy) return false;
    setBusy(true);
    const result = await request();
    setBusy(false);
    if (result.problem) {
      setProblem(result.problem);
      focusFirstError(form ?? null);
      return false;
    }
    setProblem(null);
    onDone(result.data);
    return true;
  };
  return { problem, busy, perform };
}

/** A form whose submit sends `action` and hands its answer to `onDone`. */
export function useFormAction<T>(action: () => Promise<Result<T>>, onDone: (data: T) => void): FormAction {
  const state = useAction();
  return {
    ...state,
    onSubmit: (event: Event) => {
      event.preventDefault();
      void state.perform(action, onDone, event.currentTarget as HTMLElement);
    },
  };
}
