/**
 * A form's submit button: disabled while the request runs, so a second press sends nothing,
 * and saying what is happening meanwhile ("Saving…") where the form gives a word for it.
 */

export interface SubmitButtonProps {
  busy: boolean;
  label: string;
  /** The label while the request runs; without one the label stays. */
  busyLabel?: string | undefined;
  /** `danger` for a submit that cannot be undone. */
  tone?: 'primary' | 'danger';
  /** As wide as the form (the sign-in card's forms). */
  block?: boolean;
}

export function SubmitButton({ busy, label, busyLabel, tone = 'primary', block = false }: SubmitButtonProps) {
  return (
    <button type="submit" class={`button button-${tone}${block ? ' button-block' : ''}`} disabled={busy}>
      {busy && busyLabel ? busyLabel : label}
    </button>
  );
}
