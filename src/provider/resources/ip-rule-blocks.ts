/**
 * `ip_rule` blocks ⇄ the API's `ip_rules`.
 */
import type { components } from '../../api/schema.js';
import type { IpRuleInput } from '../../core/ip-rules.js';
import type { IpRuleBlock } from './api-key-schema.js';

type IpRule = components['schemas']['IpRule'];

/** Blocks (known at apply) as the API's rules. */
export function toApiIpRules(blocks: readonly IpRuleBlock[]): IpRule[] {
  return blocks.map((b) => ({ action: b.action as IpRule['action'], cidr: b.cidr, note: b.note }));
}

/** The API's rules as blocks (the service's canonical text; semantic equality keeps the user's). */
export function fromApiIpRules(rules: readonly IpRule[]): IpRuleBlock[] {
  return rules.map((r) => ({ action: r.action, cidr: r.cidr, note: r.note ?? null }));
}

/** A rule as it reads in HCL, to name it in a message: `{ action = "allow", cidr = "10.0.0.0/8" }`. */
export function describeRule(rule: IpRuleInput): string {
  const note = rule.note === null || rule.note === undefined ? '' : `, note = ${JSON.stringify(rule.note)}`;
  return `{ action = ${JSON.stringify(rule.action)}, cidr = ${JSON.stringify(rule.cidr)}${note} }`;
}
