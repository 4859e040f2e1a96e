/** A lifetime in days, or none ("never" / "no limit"), as a policy holds it in seconds. */

import { useId } from 'preact/hooks';
import { FieldMessages } from '../components/field.js';

export interface LifetimeValue {
  none: boolean;
  days: string;
}

export function lifetimeOf(seconds: number | null): LifetimeValue {
  return seconds === null ? { none: true, days: '' } : { none: false, days: String(Math.round((seconds / 86_400) * 1000) / 1000) };
}

/** Seconds to send: null for none; NaN when the days are not a number (the service says so). */
export function secondsOf(value: LifetimeValue): number | null {
  return value.none ? null : Math.round(Number(value.days) * 86_400);
}

export function LifetimeField({ legend, noneLabel, value, onValue, error, hint }: { legend: string; noneLabel: string; value: LifetimeValue; onValue: (value: LifetimeValue) => void; error?: string | undefined; hint: string }) {
  const id = useId();
  return (
    <fieldset class={`field${error ? ' field-invalid' : ''}`} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
      <legend>{legend}</legend>
      <div class="radio-row">
        <label class="checkbox">
          <input type="radio" name={id} checked={!value.none} onChange={() => onValue({ none: false, days: value.days || '90' })} />
          Days
        </label>
        <input type="number" min={0} step="any" aria-label={`${legend} in days`} value={value.days} disabled={value.none} aria-invalid={Boolean(error) || undefined} onInput={(event) => onValue({ none: false, days: event.currentTarget.value })} />
      </div>
      <label class="checkbox">
        <input type="radio" name={id} checked={value.none} onChange={() => onValue({ none: true, days: value.days })} />
        {noneLabel}
      </label>
      <FieldMessages id={id} error={error} hint={`${hint} The service counts in seconds: a day is 86,400.`} />
    </fieldset>
  );
}
