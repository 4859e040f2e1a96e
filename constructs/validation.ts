/**
 * Synth-time validation shared by the constructs: problems are collected as `field: message`
 * lines and reported through `node.addValidation`, so `app.synth()` (and `Testing.synth(stack,
 * true)`) fails with every problem of every construct at once, each line prefixed by cdktf with
 * the construct's path: `[stack/CrmSync] ipRules[1].cidr: "10.0.0.300/24" is not ...`.
 *
 * Fields are named as the props are written (`ipRules[1].cidr`, `metadata["team"]`), messages
 * are src/core's own, so a bad CIDR reads the same from `cdktf synth`, `terraform validate`
 * and the API. Values that are tokens (known only at apply) are skipped: Terraform and the
 * service check them then.
 */
import { Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { z } from 'zod';
import type { Issue, IssuePath } from '../src/core/issues.js';

/** A prop path as written in TypeScript: `['ipRules', 1, 'cidr']` → `ipRules[1].cidr`. */
export function formatField(path: readonly PropertyKey[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (typeof step === 'string' && /^[A-Za-z_$][\w$]*$/.test(step)) out += out === '' ? step : `.${step}`;
    else out += `[${JSON.stringify(String(step))}]`;
  }
  return out;
}

/** True when `value` is (or contains) a token that only Terraform can resolve. */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** A list of problems of one construct, each with the field it is about. */
export class ValidationIssues {
  private readonly lines: string[] = [];

  /** Adds a problem with `field` (a prop path, or '' for the construct as a whole). */
  add(field: readonly PropertyKey[] | string, message: string): this {
    const name = typeof field === 'string' ? field : formatField(field);
    this.lines.push(name === '' ? message : `${name}: ${message}`);
    return this;
  }

  /**
   * Adds src/core issues. `mapPath` turns a core path (API names, relative to what was
   * checked) into the prop path; by default the path is `prefix` followed by the core path.
   */
  addCore(prefix: readonly PropertyKey[], issues: readonly Issue[], mapPath?: (path: IssuePath) => readonly PropertyKey[]): this {
    for (const issue of issues) this.add(mapPath ? mapPath(issue.path) : [...prefix, ...issue.path], issue.message);
    return this;
  }

  /** Adds the issues of a failed zod parse, below `prefix`. */
  addZod(prefix: readonly PropertyKey[], error: z.ZodError): this {
    for (const issue of error.issues) this.add([...prefix, ...issue.path], zodMessage(issue));
    return this;
  }

  /** Adds every line of `other`. */
  merge(other: ValidationIssues): this {
    this.lines.push(...other.lines);
    return this;
  }

  get messages(): readonly string[] {
    return this.lines;
  }
}

/** zod's message, worded like src/core's (lower case, no final period). */
function zodMessage(issue: z.ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown ${issue.keys.length === 1 ? 'property' : 'properties'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; check the spelling`;
  }
  const text = issue.message.replace(/\.$/, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Registers `check` as a validation of `construct`: it runs when the app is synthesized, after
 * every construct exists (so it may look at siblings), and reports its issues.
 */
export function addValidation(construct: IConstruct, check: () => ValidationIssues): void {
  construct.node.addValidation({ validate: () => [...check().messages] });
}

/** The top-level props that have a shape problem, so the constructor can leave them out. */
export function invalidProps(error: z.ZodError | undefined): Set<string> {
  const out = new Set<string>();
  for (const issue of error?.issues ?? []) {
    const first = issue.path[0];
    if (first !== undefined) out.add(String(first));
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) out.add(key);
  }
  return out;
}
