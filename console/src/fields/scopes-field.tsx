/**
 * Scopes picked from the organization's catalog, each with its description and what it
 * includes, so a person sees what a key or a member will be able to do.
 */

import { useId, useState } from 'preact/hooks';
import type { Scope } from '../api.js';
import { FieldMessages } from '../components/field.js';

export interface ScopesFieldProps {
  legend: string;
  catalog: Scope[] | null;
  value: readonly string[];
  onValue: (scopes: string[]) => void;
  error?: string | undefined;
  hint?: string;
}

export function ScopesField({ legend, catalog, value, onValue, error, hint }: ScopesFieldProps) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const toggle = (name: string, on: boolean) => onValue(on ? [...value, name].sort() : value.filter((scope) => scope !== name));
  const shown = (catalog ?? []).filter((scope) => scope.name.toLowerCase().includes(filter.trim().toLowerCase()));
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={`field scopes-field${error ? ' field-invalid' : ''}`} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      <FieldMessages id={id} error={error} hint={hint} />
      {catalog && catalog.length > 8 && (
        <input type="search" class="scopes-filter" aria-label={`Find a scope (${legend.toLowerCase()})`} placeholder="Find a scope" value={filter} onInput={(event) => setFilter(event.currentTarget.value)} />
      )}
      <div class="scopes-options">
        {catalog === null && <p class="muted">Loading the scope catalog…</p>}
        {catalog?.length === 0 && <p class="muted">The catalog has no scopes yet.</p>}
        {shown.map((scope) => (
          <label key={scope.name} class="scope-option">
            <input type="checkbox" checked={value.includes(scope.name)} onChange={(event) => toggle(scope.name, event.currentTarget.checked)} />
            <span>
              <span class="scope-name">{scope.name}</span>
              {scope.built_in && <span class="muted small"> built-in</span>}
              {scope.description && <span class="scope-description">{scope.description}</span>}
              {scope.includes.length > 0 && <span class="scope-includes">Includes {scope.includes.join(', ')}</span>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
