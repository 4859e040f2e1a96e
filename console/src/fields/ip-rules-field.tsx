/**
 * IP rules: allow or deny rows, each an IPv4 or IPv6 address or CIDR block with a note.
 * No rows means every address may use the key. The service checks each address and says
 * which row is wrong; its message appears on that row.
 */

import { useId } from 'preact/hooks';
import { fieldError, type IpRule, type KeyplaneProblem } from '../api.js';

export interface IpRuleRow {
  action: IpRule['action'];
  cidr: string;
  note: string;
}

/** The rows as the contract takes them (an empty note is left out). */
export function ipRulesOf(rows: readonly IpRuleRow[]): IpRule[] {
  return rows.map((row) => (row.note.trim() ? { action: row.action, cidr: row.cidr.trim(), note: row.note.trim() } : { action: row.action, cidr: row.cidr.trim() }));
}

export function rowsOf(rules: readonly IpRule[]): IpRuleRow[] {
  return rules.map((rule) => ({ action: rule.action, cidr: rule.cidr, note: rule.note ?? '' }));
}

export function IpRulesField({ rows, onRows, problem }: { rows: IpRuleRow[]; onRows: (rows: IpRuleRow[]) => void; problem: KeyplaneProblem | null }) {
  const id = useId();
  const change = (index: number, patch: Partial<IpRuleRow>) => onRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const whole = fieldError(problem, 'ip_rules');
  return (
    <fieldset class={`field ip-rules${whole ? ' field-invalid' : ''}`} aria-describedby={`${id}-hint`}>
      <legend>IP rules</legend>
      <p class="field-hint" id={`${id}-hint`}>
        {rows.length === 0
          ? 'Allow all: with no rules, every address may use the key.'
          : 'A request is refused if its address matches a deny rule; with any allow rule, the address must match one. IPv4 and IPv6, a single address or a CIDR block (203.0.113.0/24, 2001:db8::/32).'}
      </p>
      {whole && <p class="field-error">{whole}</p>}
      {rows.map((row, index) => {
        const cidrError = fieldError(problem, `ip_rules[${index}].cidr`) ?? fieldError(problem, `ip_rules[${index}]`);
        const noteError = fieldError(problem, `ip_rules[${index}].note`);
        const n = index + 1;
        return (
          <div class="ip-rule" key={index}>
            <label class="ip-rule-action">
              <span class="small">Rule {n}</span>
              <select aria-label={`Rule ${n}: allow or deny`} value={row.action} onChange={(event) => change(index, { action: event.currentTarget.value as IpRule['action'] })}>
                <option value="allow">Allow</option>
                <option value="deny">Deny</option>
              </select>
            </label>
            <label class="ip-rule-cidr">
              <span class="small">Address or CIDR</span>
              <input
                value={row.cidr}
                aria-label={`Rule ${n}: address or CIDR block`}
                aria-invalid={Boolean(cidrError) || undefined}
                aria-describedby={cidrError ? `${id}-${index}-error` : undefined}
                placeholder="203.0.113.0/24"
                spellcheck={false}
                autoComplete="off"
                onInput={(event) => change(index, { cidr: event.currentTarget.value })}
              />
            </label>
            <label class="ip-rule-note">
              <span class="small">Note</span>
              <input value={row.note} aria-label={`Rule ${n}: note`} aria-invalid={Boolean(noteError) || undefined} onInput={(event) => change(index, { note: event.currentTarget.value })} />
            </label>
            <button type="button" class="button button-quiet" aria-label={`Remove rule ${n}`} onClick={() => onRows(rows.filter((_, i) => i !== index))}>
              Remove
            </button>
            {(cidrError || noteError) && (
              <p class="field-error ip-rule-error" id={`${id}-${index}-error`}>
                {cidrError ?? noteError}
              </p>
            )}
          </div>
        );
      })}
      <button type="button" class="button" onClick={() => onRows([...rows, { action: 'allow', cidr: '', note: '' }])}>
        Add rule
      </button>
    </fieldset>
  );
}
