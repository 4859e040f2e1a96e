/**
 * When a key expires: a date and time (the organization's default lifetime filled in), or
 * never, which is offered only when the organization's policy sets no maximum lifetime.
 */

import { useId } from 'preact/hooks';
import type { Organization } from '../api.js';
import { FieldMessages } from '../components/field.js';
import { formatDuration, fromLocalInput } from '../format.js';

/** The field's state: `never`, or the `datetime-local` text. */
export interface ExpiryValue {
  never: boolean;
  local: string;
}

/** The `expires_at` to send: an RFC 3339 time, null for never, undefined when the date is unreadable. */
export function expiresAtOf(value: ExpiryValue): string | null | undefined {
  if (value.never) return null;
  return fromLocalInput(value.local) ?? undefined;
}

export function ExpiryField({ value, onValue, organization, error }: { value: ExpiryValue; onValue: (value: ExpiryValue) => void; organization: Organization; error?: string | undefined }) {
  const id = useId();
  const { default_ttl_seconds: defaultTtl, max_ttl_seconds: maxTtl } = organization.key_policy;
  const policy = [
    defaultTtl === null ? 'Keys never expire unless you say when.' : `Keys expire after ${formatDuration(defaultTtl)} unless you choose otherwise.`,
    maxTtl === null ? '' : `The organization allows at most ${formatDuration(maxTtl)}.`,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset class={`field${error ? ' field-invalid' : ''}`} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
      <legend>Expiry</legend>
      <div class="radio-row">
        <label class="checkbox">
          <input type="radio" name={`${id}-mode`} checked={!value.never} onChange={() => onValue({ ...value, never: false })} />
          On
        </label>
        <input
          type="datetime-local"
          aria-label="Expiry date and time"
          value={value.local}
          disabled={value.never}
          aria-invalid={Boolean(error) || undefined}
          onInput={(event) => onValue({ never: false, local: event.currentTarget.value })}
        />
      </div>
      <label class="checkbox">
        <input type="radio" name={`${id}-mode`} checked={value.never} disabled={maxTtl !== null} onChange={() => onValue({ ...value, never: true })} />
        Never{maxTtl !== null && <span class="muted"> (not allowed by the organization's policy)</span>}
      </label>
      <FieldMessages id={id} error={error} hint={`${policy} Times are in your time zone (${Intl.DateTimeFormat().resolvedOptions().timeZone}).`} />
    </fieldset>
  );
}
