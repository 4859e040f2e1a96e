/**
 * IP rules of a key: `IpRule.allow('203.0.113.0/24', 'Office')`, `IpRule.deny('2001:db8::/32')`.
 * A request from an address matching any `deny` is refused; with at least one `allow`, the
 * address must match one of them; no rules allow every address. Order does not matter.
 */
import { z } from 'zod';
import type { components } from '../src/api/schema.js';
import { validateIpRules, type IpRuleInput } from '../src/core/ip-rules.js';
import type { Issue } from '../src/core/issues.js';
import { isToken } from './validation.js';

/** An IP rule as the contract writes it (`{ action, cidr, note? }`). */
export type IpRuleSpec = components['schemas']['IpRule'];
/** `allow` or `deny`. */
export type IpRuleAction = IpRuleSpec['action'];

/** One rule: an action, an IPv4 or IPv6 address or CIDR block, and why it exists. */
export class IpRule {
  /**
   * Allows `cidr` (an address or a CIDR block, IPv4 or IPv6): with at least one allow rule,
   * only matching addresses may use the key.
   * @param note why the rule exists, up to 200 characters, e.g. `'Office'`
   */
  static allow(cidr: string, note?: string): IpRule {
    return new IpRule('allow', cidr, note);
  }

  /**
   * Denies `cidr`: a matching address is refused even when an allow rule matches it too.
   * @param note why the rule exists, up to 200 characters
   */
  static deny(cidr: string, note?: string): IpRule {
    return new IpRule('deny', cidr, note);
  }

  /** A rule from its contract form, e.g. read from a file. */
  static fromSpec(spec: IpRuleSpec): IpRule {
    return new IpRule(spec.action, spec.cidr, spec.note ?? undefined);
  }

  private constructor(
    readonly action: IpRuleAction,
    readonly cidr: string,
    readonly note?: string,
  ) {}

  /** The rule in the contract's form. */
  toSpec(): IpRuleSpec {
    return this.note === undefined ? { action: this.action, cidr: this.cidr } : { action: this.action, cidr: this.cidr, note: this.note };
  }

  toString(): string {
    return `${this.action} ${this.cidr}${this.note === undefined ? '' : ` (${this.note})`}`;
  }
}

/** An {@link IpRule}, or a rule in the contract's form. */
export type IpRuleLike = IpRule | IpRuleSpec;

/** The shape of an {@link IpRuleLike}, for props schemas. */
export const ipRuleSchema = z.union([
  z.custom<IpRule>((v) => v instanceof IpRule),
  z.strictObject({ action: z.string(), cidr: z.string(), note: z.string().nullish() }),
]);

/** The rule as an {@link IpRule}. */
export function toIpRule(rule: IpRuleLike): IpRule {
  return rule instanceof IpRule ? rule : IpRule.fromSpec(rule);
}

/**
 * src/core's issues with `rules` (each rule, their number, duplicates), with paths that index
 * `rules` (`[1, 'cidr']`). Rules holding tokens are left to the service.
 */
export function validateIpRuleList(rules: readonly IpRule[]): Issue[] {
  const checked: { input: IpRuleInput; index: number }[] = [];
  rules.forEach((rule, index) => {
    if (isToken(rule.cidr) || isToken(rule.note) || isToken(rule.action)) return;
    checked.push({ input: { action: rule.action, cidr: rule.cidr, note: rule.note ?? null }, index });
  });
  const issues = validateIpRules(checked.map((c) => c.input));
  if (rules.length > checked.length) {
    // The count limit covers every rule, tokens included.
    const count = validateIpRules(rules.map(() => ({ action: 'allow', cidr: '0.0.0.0/0' }))).filter((i) => i.path.length === 0);
    const hasCountIssue = issues.some((i) => i.path.length === 0);
    if (!hasCountIssue) issues.push(...count);
  }
  return issues.map((issue) => {
    const [position, ...rest] = issue.path;
    if (typeof position !== 'number') return issue;
    return { path: [checked[position]!.index, ...rest], message: issue.message };
  });
}
