/**
 * Rules for changing an organization's scope catalog: names, includes, cycles, deletion.
 * Checked against the catalog as it would be after the change, so the server, the provider
 * and the constructs refuse the same changes with the same messages.
 */

import { validateDisplayText } from './display-text.js';
import type { Issue } from './issues.js';
import { quoteInput } from './display-text.js';
import { textLength } from './key-fields.js';
import type { ProblemCode } from './problems.js';
import { BUILT_IN_SCOPE_NAMES, isBuiltInScope, OPERATOR_SCOPE, SCOPE_NAME_PATTERN } from './scopes.js';
import type { ScopeDefinition } from './scopes.js';

/** Most scopes one scope may include directly. */
export const MAX_SCOPE_INCLUDES = 100;

/** Longest description of a catalog scope (the contract's `maxLength`). */
export const MAX_SCOPE_DESCRIPTION_LENGTH = 1000;

/**
 * Checks the name of a catalog scope: the pattern, and no clash with a built-in name (also
 * refused when it differs only by case, as `Admin` next to `admin` invites mistakes).
 * Paths: `['name']`.
 */
export function validateScopeName(name: string): Issue[] {
  if (typeof name !== 'string' || !SCOPE_NAME_PATTERN.test(name)) {
    return [
      {
        path: ['name'],
        message: `${typeof name === 'string' ? quoteInput(name) : 'the name'} is not a valid scope name: start with a letter, then use up to 63 letters, digits, "_", ".", ":" or "-" (for example "read", "DEVICES_READ", "billing:write")`,
      },
    ];
  }
  if (isBuiltInScope(name)) {
    return [{ path: ['name'], message: `"${name}" is a built-in scope; choose another name` }];
  }
  const lower = name.toLowerCase();
  const clash = BUILT_IN_SCOPE_NAMES.find((builtIn) => builtIn === lower);
  if (clash !== undefined) {
    return [
      {
        path: ['name'],
        message: `${quoteInput(name)} differs from the built-in scope "${clash}" only by case; choose another name`,
      },
    ];
  }
  return [];
}

/**
 * The first include cycle in `catalog`, as the path that closes it (e.g.
 * `['write', 'agentic', 'write']`, or `['a', 'a']` for a scope including itself), or null
 * when there is none. Scopes are visited in catalog order and includes in the order listed,
 * so the answer is deterministic. Built-in scopes cannot be part of a cycle (they include
 * only each other), and `admin`'s "everything" is not an include edge.
 */
export function findIncludeCycle(catalog: readonly ScopeDefinition[]): string[] | null {
  const includes = new Map<string, readonly string[]>();
  for (const scope of catalog) includes.set(scope.name, scope.includes);
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();

  const visit = (name: string): string[] | null => {
    if (onPath.has(name)) return [...path.slice(path.indexOf(name)), name];
    if (done.has(name)) return null;
    const children = includes.get(name);
    if (children === undefined) return null;
    path.push(name);
    onPath.add(name);
    for (const child of children) {
      const cycle = visit(child);
      if (cycle !== null) return cycle;
    }
    path.pop();
    onPath.delete(name);
    done.add(name);
    return null;
  };

  for (const scope of catalog) {
    const cycle = visit(scope.name);
    if (cycle !== null) return cycle;
  }
  return null;
}

/** Result of {@link validateCatalogChange}: the problem code to answer with and the issues. */
export type CatalogChangeResult =
  | { ok: true }
  | {
      ok: false;
      code: Extract<ProblemCode, 'VALIDATION_FAILED' | 'SCOPE_BUILT_IN' | 'INVALID_SCOPE_INCLUDES' | 'SCOPE_CYCLE'>;
      detail: string;
      issues: Issue[];
    };

/**
 * Checks creating or replacing the catalog scope `change.name` with `change.includes`,
 * against `catalog` (the current catalog, which may already hold `change.name`).
 *
 * Refused, in this order of precedence: a malformed name (VALIDATION_FAILED), a built-in
 * name (SCOPE_BUILT_IN), includes naming no existing scope, the scope itself, `operator`,
 * or a scope twice (INVALID_SCOPE_INCLUDES), and includes that would close a cycle
 * (SCOPE_CYCLE). Whether the scope must or must not exist already (SCOPE_EXISTS,
 * SCOPE_NOT_FOUND) is for the caller, which knows whether it creates or updates.
 */
export function validateCatalogChange(
  catalog: readonly ScopeDefinition[],
  change: ScopeDefinition,
): CatalogChangeResult {
  const nameIssues = validateScopeName(change.name);
  if (nameIssues.length > 0) {
    const builtIn = isBuiltInScope(change.name);
    return {
      ok: false,
      code: builtIn ? 'SCOPE_BUILT_IN' : 'VALIDATION_FAILED',
      detail: builtIn
        ? `"${change.name}" is a built-in scope; built-in scopes cannot be created, changed or deleted.`
        : 'The scope name is not valid.',
      issues: nameIssues,
    };
  }

  const existing = new Set(catalog.map((scope) => scope.name));
  const issues: Issue[] = [];
  if (change.includes.length > MAX_SCOPE_INCLUDES) {
    issues.push({
      path: ['includes'],
      message: `a scope may include at most ${MAX_SCOPE_INCLUDES} scopes directly, got ${change.includes.length}; group some of them into an intermediate scope`,
    });
  }
  const seen = new Map<string, number>();
  change.includes.forEach((included, index) => {
    const path = ['includes', index];
    const first = seen.get(included);
    if (first !== undefined) {
      issues.push({ path, message: `"${included}" is already listed at includes[${first}]; list it once` });
      return;
    }
    seen.set(included, index);
    if (included === change.name) {
      issues.push({ path, message: `a scope cannot include itself; remove "${included}" from includes` });
    } else if (included === OPERATOR_SCOPE) {
      issues.push({
        path,
        message: '"operator" cannot be included by another scope; grant it directly to keys of the operator organization',
      });
    } else if (!isBuiltInScope(included) && !existing.has(included)) {
      issues.push({
        path,
        message: `${quoteInput(included)} is neither a scope of this organization nor a built-in scope; create it first or remove it from includes`,
      });
    }
  });
  if (issues.length > 0) {
    return {
      ok: false,
      code: 'INVALID_SCOPE_INCLUDES',
      detail: `The includes of scope "${change.name}" are not valid.`,
      issues,
    };
  }

  // Put the changed scope first so that a cycle it closes is reported starting from it.
  const next = [change, ...catalog.filter((scope) => scope.name !== change.name)];
  const cycle = findIncludeCycle(next);
  if (cycle !== null) {
    const shown = cycle.join(' → ');
    return {
      ok: false,
      code: 'SCOPE_CYCLE',
      detail: `These includes would form a cycle: ${shown}.`,
      issues: [{ path: ['includes'], message: `includes would form a cycle ${shown}; remove one of these includes` }],
    };
  }
  return { ok: true };
}

/**
 * Catalog scopes that include `name` directly, sorted. Deleting `name` while any remain
 * would leave a dangling include, so the caller answers SCOPE_IN_USE.
 */
export function findScopeDependents(catalog: readonly ScopeDefinition[], name: string): string[] {
  return catalog
    .filter((scope) => scope.name !== name && scope.includes.includes(name))
    .map((scope) => scope.name)
    .sort();
}

/** What {@link validateScopeDefinition} checks; leave out what is not known (yet). */
export interface ScopeDefinitionInput {
  name?: string;
  description?: string | null;
  /** Included scope names; leave unknown ones out. */
  includes?: readonly string[];
}

/**
 * Checks a catalog scope as far as that is possible without the catalog (at plan or synth
 * time): the name ({@link validateScopeName}), the description's length, and includes that
 * are malformed, name the scope itself or `operator`, repeat, or are too many. Whether the
 * included scopes exist and whether they would close a cycle needs the catalog: the service
 * checks that ({@link validateCatalogChange}). Paths: `['name']`, `['description']`,
 * `['includes', index]`, `['includes']`.
 */
export function validateScopeDefinition(input: ScopeDefinitionInput): Issue[] {
  const issues: Issue[] = [];
  const nameValid = input.name !== undefined && validateScopeName(input.name).length === 0;
  if (input.name !== undefined) issues.push(...validateScopeName(input.name));
  if (input.description !== undefined && input.description !== null && textLength(input.description) > MAX_SCOPE_DESCRIPTION_LENGTH) {
    issues.push({ path: ['description'], message: `description is longer than ${MAX_SCOPE_DESCRIPTION_LENGTH} characters; shorten it` });
  }
  if (typeof input.description === 'string') issues.push(...validateDisplayText(['description'], 'description', input.description, 'free_text'));
  if (input.includes === undefined) return issues;

  const includes = input.includes;
  includes.forEach((included, index) => {
    if (!SCOPE_NAME_PATTERN.test(included)) {
      issues.push({
        path: ['includes', index],
        message: `${quoteInput(included)} is not a scope name: a letter, then up to 63 letters, digits, "_", ".", ":" or "-"`,
      });
    }
  });
  // The catalog rules that need no catalog: every included scope is assumed to exist (with no
  // includes of its own, so no cycle can form), and what validateCatalogChange still refuses
  // is what any catalog would refuse. Without a usable name, a stand-in that no include uses.
  let name = input.name ?? '';
  if (!nameValid) {
    name = 'x';
    for (let n = 0; includes.includes(name); n++) name = `x${n}`;
  }
  const assumed = includes.filter((n) => n !== name && !isBuiltInScope(n)).map((n) => ({ name: n, includes: [] }));
  const result = validateCatalogChange(assumed, { name, includes: [...includes] });
  if (!result.ok) issues.push(...result.issues);
  return issues;
}
