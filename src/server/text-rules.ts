import { validateDisplayText } from '../core/display-text.js';
import type { Issue } from '../core/issues.js';
import { metadataValueLabel } from '../core/key-fields.js';
import { issuesProblem } from './problem.js';

/**
 * The person-facing text fields a request body may carry, by their contract names. Every
 * route that stores one passes its body here; what the body lacks is not checked.
 */
export interface TextFields {
  /** A key's or an organization's name: one line. */
  name?: string;
  /** A member's name: one line. */
  display_name?: string | null;
  /** A key's or a scope's description: free text. */
  description?: string | null;
  /** A revoke reason, kept in the audit trail: free text. */
  reason?: string;
  /** Metadata values are labels: one line (see metadataValueLabel). */
  metadata?: Readonly<Record<string, string>>;
  ip_rules?: ReadonlyArray<{ note?: string | null }>;
}

/**
 * Refuses text that cannot be shown safely (src/core/display-text.ts) with 422
 * `INVALID_TEXT`, one error per field (`body.name`, `body.metadata.team`). Called before any
 * other rule, so that nothing is looked up or stored for such a request.
 */
export function checkTextFields(body: TextFields | undefined): void {
  if (!body) return;
  const issues: Issue[] = [];
  if (typeof body.name === 'string') issues.push(...validateDisplayText(['name'], 'name', body.name, 'single_line'));
  if (typeof body.display_name === 'string') issues.push(...validateDisplayText(['display_name'], 'display name', body.display_name, 'single_line'));
  if (typeof body.description === 'string') issues.push(...validateDisplayText(['description'], 'description', body.description, 'free_text'));
  if (typeof body.reason === 'string') issues.push(...validateDisplayText(['reason'], 'reason', body.reason, 'free_text'));
  for (const [key, value] of Object.entries(body.metadata ?? {})) {
    issues.push(...validateDisplayText(['metadata', key], metadataValueLabel(key), value, 'single_line'));
  }
  body.ip_rules?.forEach((rule, index) => {
    if (typeof rule.note === 'string') issues.push(...validateDisplayText(['ip_rules', index, 'note'], 'note', rule.note, 'single_line'));
  });
  if (issues.length > 0) throw issuesProblem('INVALID_TEXT', issues);
}
