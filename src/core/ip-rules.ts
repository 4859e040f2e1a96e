/**
 * IP rules of a key: a set of `{action: allow|deny, cidr, note?}`. Semantics, independent of
 * the order the rules are written in:
 * - no rules: every address is allowed;
 * - an address matching any `deny` is refused (deny wins);
 * - otherwise, if there is at least one `allow`, the address must match one of them.
 * IPv4 rules match IPv4 clients (including IPv4-mapped IPv6 ones); IPv6 rules match IPv6
 * clients. So `::/0` does not cover IPv4: write `0.0.0.0/0` as well to mean "everyone".
 * See cidr.ts for how addresses and blocks are parsed and written.
 */

import { parseCidr, parseClientAddress, prefixMasks } from './cidr.js';
import { validateDisplayText } from './display-text.js';
import type { Cidr, ClientAddress } from './cidr.js';
import type { Issue } from './issues.js';
import { quoteInput } from './display-text.js';
import { prefixIssues } from './issues.js';
import { DomainError } from './problems.js';
import type { IpRule, IpRuleAction } from './types.js';

/** Most rules a key may carry; keeps the per-request check bounded. */
export const MAX_IP_RULES = 100;
/** Longest `note` of a rule, in characters. */
export const MAX_IP_RULE_NOTE_LENGTH = 200;

/** The allowed actions. */
export const IP_RULE_ACTIONS: readonly IpRuleAction[] = ['allow', 'deny'];

/** An IP rule as received from a client, before validation. */
export interface IpRuleInput {
  action: string;
  cidr: string;
  note?: string | null;
}

/** A rule that passed validation: canonical text plus the parsed block. */
interface ParsedRule {
  rule: IpRule;
  cidr: Cidr;
}

/** Result of {@link parseIpRule}: the canonical rule, or issues with paths relative to the rule. */
export type IpRuleParseResult = { ok: true; rule: IpRule } | { ok: false; issues: Issue[] };

function parseRuleInternal(input: IpRuleInput): { ok: true; parsed: ParsedRule } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  if (input.action !== 'allow' && input.action !== 'deny') {
    const got = typeof input.action === 'string' ? quoteInput(input.action) : String(input.action);
    issues.push({ path: ['action'], message: `action must be "allow" or "deny", got ${got}` });
  }
  const cidr = parseCidr(input.cidr);
  if (!cidr.ok) issues.push({ path: ['cidr'], message: cidr.message });
  const note = input.note;
  if (note !== undefined && note !== null) {
    if (typeof note !== 'string') {
      issues.push({ path: ['note'], message: 'note must be a string or null' });
    } else if (note.length > MAX_IP_RULE_NOTE_LENGTH) {
      issues.push({
        path: ['note'],
        message: `note is ${note.length} characters long; shorten it to at most ${MAX_IP_RULE_NOTE_LENGTH}`,
      });
    }
  }
  if (issues.length > 0 || !cidr.ok) return { ok: false, issues };
  return {
    ok: true,
    parsed: {
      rule: { action: input.action as IpRuleAction, cidr: cidr.cidr.text, note: note ?? null },
      cidr: cidr.cidr,
    },
  };
}

/**
 * Validates one rule and returns it in canonical form (canonical `cidr`, `note` null when
 * absent). Issue paths are relative to the rule: `['action']`, `['cidr']`, `['note']`.
 */
export function parseIpRule(input: IpRuleInput): IpRuleParseResult {
  const result = parseRuleInternal(input);
  return result.ok ? { ok: true, rule: result.parsed.rule } : result;
}

function parseAll(rules: readonly IpRuleInput[]): { parsed: ParsedRule[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const parsed: ParsedRule[] = [];
  if (rules.length > MAX_IP_RULES) {
    issues.push({
      path: [],
      message: `a key may have at most ${MAX_IP_RULES} IP rules, got ${rules.length}; merge neighbouring blocks into larger CIDR blocks`,
    });
  }
  // Rules that are the same once canonical, by `action cidr`: the inputs in order.
  const groups = new Map<string, IpRuleInput[]>();
  const results = rules.map((input) => {
    const result = parseRuleInternal(input);
    if (result.ok) {
      const key = `${result.parsed.rule.action} ${result.parsed.rule.cidr}`;
      groups.set(key, [...(groups.get(key) ?? []), input]);
    }
    return result;
  });
  const seen = new Set<string>();
  rules.forEach((input, index) => {
    const result = results[index]!;
    // Checked here, on input, and not in parseRuleInternal: stored rules are compiled with it
    // for every verification, and a note stored before this rule must not break its key.
    const noteIssues = typeof input.note === 'string' ? validateDisplayText(['note'], 'note', input.note, 'single_line') : [];
    if (!result.ok || noteIssues.length > 0) {
      issues.push(...prefixIssues([index], [...(result.ok ? [] : result.issues), ...noteIssues]));
      return;
    }
    const { rule } = result.parsed;
    const key = `${rule.action} ${rule.cidr}`;
    if (seen.has(key)) {
      // Rules are a set (Terraform's ip_rule blocks are one): the rule is named, not numbered.
      issues.push({ path: [index, 'cidr'], message: repeatedRuleMessage(key, groups.get(key)!) });
      return;
    }
    seen.add(key);
    parsed.push(result.parsed);
  });
  return { parsed, issues };
}

/** `the rule allow 10.0.0.0/24 appears twice (written "10.0.0.0/24" and "10.0.0.7/24"); keep one of them`. */
function repeatedRuleMessage(rule: string, inputs: readonly IpRuleInput[]): string {
  const times = inputs.length === 2 ? 'twice' : `${inputs.length} times`;
  const written = [...new Set(inputs.map((i) => JSON.stringify(i.cidr)))];
  const forms = written.length > 1 ? ` (written ${written.slice(0, -1).join(', ')} and ${written.at(-1)})` : '';
  return `the rule ${rule} appears ${times}${forms}; keep one of them`;
}

/**
 * Validates a list of rules: each action, CIDR and note, the number of rules, and
 * duplicates (same action and same block once canonical, so `10.0.0.1/24` repeats
 * `10.0.0.0/24`). Returns no issues when the list is valid. Paths look like `[1, 'cidr']`.
 */
export function validateIpRules(rules: readonly IpRuleInput[]): Issue[] {
  return parseAll(rules).issues;
}

function compareParsed(a: ParsedRule, b: ParsedRule): number {
  if (a.rule.action !== b.rule.action) return a.rule.action < b.rule.action ? -1 : 1;
  if (a.cidr.family !== b.cidr.family) return a.cidr.family - b.cidr.family;
  for (let i = 0; i < a.cidr.words.length; i++) {
    const diff = a.cidr.words[i]! - b.cidr.words[i]!;
    if (diff !== 0) return diff;
  }
  if (a.cidr.prefix !== b.cidr.prefix) return a.cidr.prefix - b.cidr.prefix;
  const noteA = a.rule.note ?? '';
  const noteB = b.rule.note ?? '';
  return noteA < noteB ? -1 : noteA > noteB ? 1 : 0;
}

function parseOrThrow(rules: readonly IpRuleInput[]): ParsedRule[] {
  const issues: Issue[] = [];
  const parsed: ParsedRule[] = [];
  rules.forEach((input, index) => {
    const result = parseRuleInternal(input);
    if (result.ok) parsed.push(result.parsed);
    else issues.push(...prefixIssues([index], result.issues));
  });
  if (issues.length > 0) throw new DomainError('INVALID_IP_RULE', 'One or more IP rules are not valid.', issues);
  return parsed;
}

/**
 * The rules in canonical form and a deterministic order: `allow` before `deny`, then IPv4
 * before IPv6, then by network address numerically, then by prefix length, then by note.
 * Two lists that mean the same come out identical, so a declarative tool sees no diff.
 * Expects rules that validate; throws DomainError `INVALID_IP_RULE` otherwise.
 */
export function canonicalIpRules(rules: readonly IpRuleInput[]): IpRule[] {
  return parseOrThrow(rules)
    .sort(compareParsed)
    .map((p) => p.rule);
}

/** Result of {@link normalizeIpRules}. */
export type IpRulesResult = { ok: true; rules: IpRule[] } | { ok: false; issues: Issue[] };

/**
 * Validation and canonicalisation in one step, for request handlers: the issues of
 * {@link validateIpRules}, or the rules as {@link canonicalIpRules} writes them.
 */
export function normalizeIpRules(rules: readonly IpRuleInput[]): IpRulesResult {
  const { parsed, issues } = parseAll(rules);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, rules: parsed.sort(compareParsed).map((p) => p.rule) };
}

/** True when two rule lists mean the same (same rules once canonical, in any order). */
export function sameIpRules(a: readonly IpRuleInput[], b: readonly IpRuleInput[]): boolean {
  const left = normalizeIpRules(a);
  const right = normalizeIpRules(b);
  if (!left.ok || !right.ok) return false;
  return JSON.stringify(left.rules) === JSON.stringify(right.rules);
}

/**
 * Rules compiled for matching: per family and action, flat arrays of network words followed
 * by mask words (IPv4: [network, mask] per rule; IPv6: 4 network words then 4 mask words).
 * Build once per key (cache it with the key), match on every request.
 */
export interface CompiledIpRules {
  readonly ruleCount: number;
  readonly hasAllow: boolean;
  readonly v4Allow: Uint32Array;
  readonly v4Deny: Uint32Array;
  readonly v6Allow: Uint32Array;
  readonly v6Deny: Uint32Array;
}

function pack(rules: ParsedRule[], family: 4 | 6, action: IpRuleAction): Uint32Array {
  const selected = rules.filter((r) => r.cidr.family === family && r.rule.action === action);
  const width = family === 4 ? 1 : 4;
  const out = new Uint32Array(selected.length * width * 2);
  selected.forEach((r, i) => {
    const masks = prefixMasks(family, r.cidr.prefix);
    const base = i * width * 2;
    for (let w = 0; w < width; w++) {
      out[base + w] = r.cidr.words[w]!;
      out[base + width + w] = masks[w]!;
    }
  });
  return out;
}

/**
 * Compiles rules for {@link isIpAllowed}. Expects stored, validated rules; throws DomainError
 * `INVALID_IP_RULE` otherwise.
 */
export function compileIpRules(rules: readonly IpRuleInput[]): CompiledIpRules {
  const parsed = parseOrThrow(rules);
  return {
    ruleCount: parsed.length,
    hasAllow: parsed.some((r) => r.rule.action === 'allow'),
    v4Allow: pack(parsed, 4, 'allow'),
    v4Deny: pack(parsed, 4, 'deny'),
    v6Allow: pack(parsed, 6, 'allow'),
    v6Deny: pack(parsed, 6, 'deny'),
  };
}

/** The compiled form of "no rules": allows every address. */
export const ALLOW_ALL_IP_RULES: CompiledIpRules = compileIpRules([]);

function matchesV4(table: Uint32Array, address: number): boolean {
  for (let i = 0; i < table.length; i += 2) {
    if ((address & table[i + 1]!) >>> 0 === table[i]) return true;
  }
  return false;
}

function matchesV6(table: Uint32Array, words: readonly number[]): boolean {
  for (let i = 0; i < table.length; i += 8) {
    if (
      (words[0]! & table[i + 4]!) >>> 0 === table[i] &&
      (words[1]! & table[i + 5]!) >>> 0 === table[i + 1] &&
      (words[2]! & table[i + 6]!) >>> 0 === table[i + 2] &&
      (words[3]! & table[i + 7]!) >>> 0 === table[i + 3]
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Decides whether `address` may use a key with these rules. With no rules every request is
 * allowed and the address is not even looked at (it may be absent). With rules, an address
 * that is absent or does not parse is refused: it cannot be shown to be allowed.
 */
export function isIpAllowed(
  compiled: CompiledIpRules,
  address: string | ClientAddress | null | undefined,
): boolean {
  if (compiled.ruleCount === 0) return true;
  if (address === null || address === undefined) return false;
  const client = typeof address === 'string' ? parseClientAddress(address) : address;
  if (client === null) return false;
  if (client.family === 4) {
    const word = client.words[0];
    if (matchesV4(compiled.v4Deny, word)) return false;
    return !compiled.hasAllow || matchesV4(compiled.v4Allow, word);
  }
  if (matchesV6(compiled.v6Deny, client.words)) return false;
  return !compiled.hasAllow || matchesV6(compiled.v6Allow, client.words);
}
