/**
 * A form's submit: sends the request, keeps the service's problem for the fields to show,
 * moves focus to the first field it names, and hands the answer on when there is one.
 */

import { useState } from 'preact/hooks';
import type { KeyplaneProblem, Result } from './api.js';
import { focusFirstError } from './focus.js';

export interface FormAction {
  problem: KeyplaneProblem | null;
  busy: boolean;
  onSubmit: (event: Event) => void;
  /** Runs the action outside a form (a button), with the same handling. */
  perform: (form?: HTMLElement | null) => Promise<void>;
  setProblem: (problem: KeyplaneProblem | null) => void;
}

export function useFormAction<T>(action: () => Promise<Result<T>>, onDone: (data: T) => void): FormAction {
  const [problem, setProblem] = useState<KeyplaneProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const perform = async (form?: HTMLElement | null) => {
    if (busy) return;
    setBusy(true);
    const result = await action();
    setBusy(false);
    if (result.problem) {
      setProblem(result.problem);
      focusFirstError(form ?? null);
      return;
    }
    setProblem(null);
    onDone(result.data);
  };
  return {
    problem,
    busy,
    setProblem,
    perform,
    onSubmit: (event: Event) => {
      event.preventDefault();
      void perform(event.currentTarget as HTMLElement);
    },
  };
}
