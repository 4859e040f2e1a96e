/**
 * A labelled form control with its hint and the service's message for it: the message is
 * tied to the control (`aria-describedby`, `aria-invalid`) and shown right under it.
 */

import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';

export interface FieldProps {
  label: string;
  hint?: ComponentChildren;
  error?: string | undefined;
  /** Renders the control with the ids to wire up. */
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
  class?: string;
  /** The control's id, when something else needs to find it. */
  id?: string | undefined;
}

export function Field({ label, hint, error, children, class: className, id: givenId }: FieldProps) {
  const generatedId = useId();
  const id = givenId ?? generatedId;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

/**
 * A field's message from the service, then its hint, with the ids `<id>-error` and `<id>-hint`
 * for the control or fieldset to name in `aria-describedby`.
 */
export function FieldMessages({ id, error, hint }: { id: string; error?: string | undefined; hint?: ComponentChildren }) {
  return (
    <>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </>
  );
}

/** The input attributes the console's forms use. */
interface InputProps {
  id?: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'search' | 'datetime-local';
  required?: boolean;
  disabled?: boolean;
  maxLength?: number;
  min?: number;
  inputMode?: 'numeric' | 'text' | 'email';
  autoComplete?: string;
  autoCapitalize?: 'none' | 'off';
  spellcheck?: boolean;
  placeholder?: string;
  class?: string;
}

export interface TextFieldProps extends InputProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: ComponentChildren;
  error?: string | undefined;
}

/** A text (or e-mail, password, number, datetime-local) input with its label. */
export function TextField({ label, value, onValue, hint, error, class: className, id: givenId, ...input }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} class={className} id={givenId}>
      {({ id, describedBy, invalid }) => (
        <input
          // Preact types each input `type` separately; these attributes fit every one used here.
          {...(input as InputHTMLAttributes<HTMLInputElement>)}
          id={id}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(event) => onValue(event.currentTarget.value)}
        />
      )}
    </Field>
  );
}

export interface TextAreaFieldProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: ComponentChildren;
  error?: string | undefined;
  rows?: number;
}

export function TextAreaField({ label, value, onValue, hint, error, rows = 3 }: TextAreaFieldProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {({ id, describedBy, invalid }) => (
        <textarea id={id} rows={rows} value={value} aria-describedby={describedBy} aria-invalid={invalid || undefined} onInput={(event) => onValue(event.currentTarget.value)} />
      )}
    </Field>
  );
}

export interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onValue: (value: T) => void;
  hint?: ComponentChildren;
  error?: string | undefined;
}

export function SelectField<T extends string>({ label, value, options, onValue, hint, error }: SelectFieldProps<T>) {
  return (
    <Field label={label} hint={hint} error={error}>
      {({ id, describedBy, invalid }) => (
        <select id={id} value={value} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => onValue(event.currentTarget.value as T)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
