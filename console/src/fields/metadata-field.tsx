/** Metadata: free-form labels as name and value rows. */

import { useId } from 'preact/hooks';
import { fieldError, type KeyplaneProblem } from '../api.js';

export interface MetadataRow {
  name: string;
  value: string;
}

export function metadataOf(rows: readonly MetadataRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((row) => row.name.trim() !== '').map((row) => [row.name.trim(), row.value]));
}

export function metadataRows(metadata: Record<string, string>): MetadataRow[] {
  return Object.entries(metadata).map(([name, value]) => ({ name, value }));
}

export function MetadataField({ rows, onRows, problem }: { rows: MetadataRow[]; onRows: (rows: MetadataRow[]) => void; problem: KeyplaneProblem | null }) {
  const id = useId();
  const change = (index: number, patch: Partial<MetadataRow>) => onRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const messages = (problem?.errors ?? []).filter((error) => error.path === 'body.metadata' || error.path.startsWith('body.metadata.') || error.path.startsWith('body.metadata['));
  return (
    <fieldset class={`field metadata${messages.length ? ' field-invalid' : ''}`} aria-describedby={`${id}-hint`}>
      <legend>Metadata</legend>
      <p class="field-hint" id={`${id}-hint`}>
        Labels for your own use (team, ticket), passed to your gateway with the key. Names: letters, digits and <code>_ . : / -</code>.
      </p>
      {messages.map((error) => (
        <p class="field-error" key={error.path}>
          {error.path.replace(/^body\./, '')}: {error.message}
        </p>
      ))}
      {rows.map((row, index) => (
        <div class="pair" key={index}>
          <input aria-label={`Label ${index + 1}: name`} placeholder="name" value={row.name} onInput={(event) => change(index, { name: event.currentTarget.value })} />
          <input
            aria-label={`Label ${index + 1}: value`}
            placeholder="value"
            value={row.value}
            aria-invalid={Boolean(fieldError(problem, `metadata.${row.name}`)) || undefined}
            onInput={(event) => change(index, { value: event.currentTarget.value })}
          />
          <button type="button" class="button button-quiet" aria-label={`Remove label ${index + 1}`} onClick={() => onRows(rows.filter((_, i) => i !== index))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" class="button" onClick={() => onRows([...rows, { name: '', value: '' }])}>
        Add label
      </button>
    </fieldset>
  );
}
