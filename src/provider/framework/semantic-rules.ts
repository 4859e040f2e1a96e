/**
 * Semantic equality: where a schema attribute or block says two different values mean the
 * same, keep the value Terraform already has (the practitioner's text) instead of the
 * service's canonical form. Applied to Read results (against the prior state), to Apply
 * results (against the plan) and to plans (against the prior state; see plan.ts).
 */
import type { CtyType, CtyValue } from '../protocol/index.js';
import type { Schema } from './schema.js';
import { containsUnknown, valuesEqual } from './values.js';

/** One attribute or block type's semantic equality, with its cty type. */
export interface SemanticRule {
  name: string;
  type: CtyType;
  equals: (a: never, b: never) => boolean;
}

/** The schema's semantic equality rules (top-level attributes and blocks). */
export function semanticRules(schema: Schema, types: Readonly<Record<string, CtyType>>): SemanticRule[] {
  const rules: SemanticRule[] = [];
  const all: Record<string, { semanticEquals?: unknown }> = { ...schema.attributes, ...(schema.blocks ?? {}) };
  for (const [name, item] of Object.entries(all)) {
    if (typeof item.semanticEquals === 'function') {
      rules.push({ name, type: types[name]!, equals: item.semanticEquals as SemanticRule['equals'] });
    }
  }
  return rules;
}

/** Whether `kept` may stand for `next`: both wholly known, different, and meaning the same. */
export function meansTheSame(rule: SemanticRule, kept: CtyValue, next: CtyValue): boolean {
  if (containsUnknown(kept) || containsUnknown(next) || valuesEqual(rule.type, kept, next)) return false;
  return (rule.equals as (a: CtyValue, b: CtyValue) => boolean)(kept, next);
}

/**
 * `next` with each attribute that means the same as in `previous` replaced by the value of
 * `previous`. Returns a new object; `previous` null leaves `next` as it is.
 */
export function keepSemanticallyEqual(
  rules: readonly SemanticRule[],
  previous: Record<string, CtyValue> | null,
  next: Record<string, CtyValue>,
): Record<string, CtyValue> {
  if (previous === null) return next;
  const out = { ...next };
  for (const rule of rules) {
    const kept = previous[rule.name] ?? null;
    if (meansTheSame(rule, kept, out[rule.name] ?? null)) out[rule.name] = kept;
  }
  return out;
}
