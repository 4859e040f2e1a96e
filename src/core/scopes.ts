/**
 * Scopes: what a key may do. Built-in scopes guard Keyplane's own management API; each
 * organization adds its own catalog, whose scopes may include other scopes (`write`
 * includes `agentic`). A key's effective scopes are the transitive closure of what it was
 * granted; `admin` stands for everything of the organization except `operator`.
 */

import type { Issue } from './issues.js';
import { quoteInput } from './display-text.js';

/** A scope as the resolver needs it: a name and the scopes it includes directly. */
export interface ScopeDefinition {
  name: string;
  includes: readonly string[];
}

/** A built-in scope's entry in {@link BUILT_IN_SCOPES}. */
export interface BuiltInScopeDefinition {
  description: string;
  /** Built-in scopes included directly. */
  includes: readonly string[];
  /** True only for `admin`: also includes every scope of the organization's catalog. */
  includesCatalog: boolean;
}

/** The built-in scopes with their descriptions and includes. Names are reserved. */
export const BUILT_IN_SCOPES = {
  admin: {
    description:
      "Everything in the organization: every built-in scope except operator, and every scope of the organization's catalog.",
    includes: ['keys:read', 'keys:write', 'keys:verify', 'scopes:read', 'scopes:write', 'audit:read', 'members:read'],
    includesCatalog: true,
  },
  'keys:read': {
    description: 'List, read and export API keys (never their secrets).',
    includes: [],
    includesCatalog: false,
  },
  'keys:write': {
    description: 'Create, update, rotate and revoke API keys. Includes keys:read.',
    includes: ['keys:read'],
    includesCatalog: false,
  },
  'keys:verify': {
    description: 'Verify presented API keys (POST /v1/keys/verify); for gateways and backends.',
    includes: [],
    includesCatalog: false,
  },
  'scopes:read': {
    description: "Read the organization's scope catalog.",
    includes: [],
    includesCatalog: false,
  },
  'scopes:write': {
    description: "Create, change and delete scopes of the organization's catalog. Includes scopes:read.",
    includes: ['scopes:read'],
    includesCatalog: false,
  },
  'audit:read': {
    description: "Read and filter the organization's audit trail.",
    includes: [],
    includesCatalog: false,
  },
  'members:read': {
    description: "List and read the organization's members (never a password or a token). Managing members takes admin.",
    includes: [],
    includesCatalog: false,
  },
  operator: {
    description:
      'Create, read and update organizations. Only keys of the operator organization may hold it; admin does not include it.',
    includes: [],
    includesCatalog: false,
  },
} as const satisfies Record<string, BuiltInScopeDefinition>;

/** The name of a built-in scope. */
export type BuiltInScope = keyof typeof BUILT_IN_SCOPES;

/** Every built-in scope name. */
export const BUILT_IN_SCOPE_NAMES = Object.keys(BUILT_IN_SCOPES) as BuiltInScope[];

/** The scope that manages organizations; only for keys of the operator organization. */
export const OPERATOR_SCOPE = 'operator' satisfies BuiltInScope;
/** The scope that stands for everything of the organization. */
export const ADMIN_SCOPE = 'admin' satisfies BuiltInScope;

/** True when `name` is a built-in scope. */
export function isBuiltInScope(name: string): name is BuiltInScope {
  return Object.prototype.hasOwnProperty.call(BUILT_IN_SCOPES, name);
}

/** Scope name rule: a letter, then up to 63 letters, digits, `_`, `.`, `:` or `-`. */
export const SCOPE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/** Options of a {@link ScopeResolver}. */
export interface ScopeResolverOptions {
  /**
   * True for the operator organization. Elsewhere `operator` does not exist: granting it is
   * refused by {@link normalizeGrantedScopes}, and should one be stored anyway it grants
   * nothing.
   */
  operatorOrganization?: boolean;
}

// Distinct granted lists are few (keys share scope sets), but bound the cache anyway.
const MAX_CACHED_GRANTS = 1024;

/**
 * Resolves scopes against one organization's catalog. Build it once per catalog version
 * and reuse it: the expansion of each scope is computed once, so a check on the request
 * path is a few Map and Set lookups. Catalog entries named like a built-in are ignored
 * (validation refuses them). Cycles in stored data cannot loop: each expansion visits a
 * scope once.
 */
export class ScopeResolver {
  readonly operatorOrganization: boolean;
  private readonly catalog = new Map<string, readonly string[]>();
  private readonly expansions = new Map<string, ReadonlySet<string>>();
  private readonly grants = new Map<string, ReadonlySet<string>>();
  private readonly sortedGrants = new Map<string, readonly string[]>();

  constructor(catalog: readonly ScopeDefinition[], options: ScopeResolverOptions = {}) {
    this.operatorOrganization = options.operatorOrganization ?? false;
    for (const scope of catalog) {
      if (!isBuiltInScope(scope.name)) this.catalog.set(scope.name, scope.includes);
    }
  }

  /** True when `name` is a scope of this organization: a catalog scope or an available built-in. */
  exists(name: string): boolean {
    if (name === OPERATOR_SCOPE) return this.operatorOrganization;
    return isBuiltInScope(name) || this.catalog.has(name);
  }

  /** Names of the catalog's scopes, in catalog order. */
  catalogNames(): string[] {
    return [...this.catalog.keys()];
  }

  private directIncludes(name: string): readonly string[] {
    if (name === ADMIN_SCOPE) return [...BUILT_IN_SCOPES.admin.includes, ...this.catalog.keys()];
    if (isBuiltInScope(name)) return BUILT_IN_SCOPES[name].includes;
    return this.catalog.get(name) ?? [];
  }

  /**
   * Everything `name` grants, itself included. An unknown name grants just itself (it
   * expands to nothing more), except `operator` outside the operator organization, which
   * grants nothing.
   */
  expand(name: string): ReadonlySet<string> {
    const cached = this.expansions.get(name);
    if (cached !== undefined) return cached;
    const out = new Set<string>();
    const stack = [name];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (out.has(current)) continue;
      if (current === OPERATOR_SCOPE && !this.operatorOrganization) continue;
      out.add(current);
      for (const included of this.directIncludes(current)) {
        if (!out.has(included)) stack.push(included);
      }
    }
    this.expansions.set(name, out);
    return out;
  }

  /** The effective scopes of a key granted `granted` (the union of their expansions). */
  resolve(granted: readonly string[]): ReadonlySet<string> {
    const cacheKey = granted.join('\n');
    const cached = this.grants.get(cacheKey);
    if (cached !== undefined) return cached;
    const out = new Set<string>();
    for (const name of granted) for (const scope of this.expand(name)) out.add(scope);
    if (this.grants.size >= MAX_CACHED_GRANTS) this.grants.clear();
    this.grants.set(cacheKey, out);
    return out;
  }

  /**
   * {@link resolve} as a sorted list, memoized like it: what a verification answers as a key's
   * effective scopes, computed once per distinct grant instead of once per request. Callers
   * must not change the list.
   */
  resolveSorted(granted: readonly string[]): string[] {
    const cacheKey = granted.join('\n');
    const cached = this.sortedGrants.get(cacheKey);
    if (cached !== undefined) return cached as string[];
    const sorted = [...this.resolve(granted)].sort();
    if (this.sortedGrants.size >= MAX_CACHED_GRANTS) this.sortedGrants.clear();
    this.sortedGrants.set(cacheKey, sorted);
    return sorted;
  }

  /**
   * The required scopes that `granted` does not cover, without duplicates, in the order
   * required. Empty means allowed. No set is built: each required scope is looked up in the
   * memoized expansion of each granted one.
   */
  missing(granted: readonly string[], required: readonly string[]): string[] {
    const missing: string[] = [];
    for (const scope of required) {
      if (missing.includes(scope)) continue;
      if (!granted.some((name) => this.expand(name).has(scope))) missing.push(scope);
    }
    return missing;
  }
}

/**
 * The effective scopes of `granted` under `catalog`: the transitive closure of includes,
 * with `admin` standing for every built-in except `operator` and every catalog scope.
 * For repeated checks build a {@link ScopeResolver} once instead.
 */
export function resolveScopes(
  granted: readonly string[],
  catalog: readonly ScopeDefinition[],
  options: ScopeResolverOptions = {},
): Set<string> {
  return new Set(new ScopeResolver(catalog, options).resolve(granted));
}

/** The required scopes not in `effective`, without duplicates, in the order required. Empty means allowed. */
export function hasScopes(effective: ReadonlySet<string>, required: readonly string[]): string[] {
  const missing: string[] = [];
  for (const scope of required) if (!effective.has(scope) && !missing.includes(scope)) missing.push(scope);
  return missing;
}

/** Result of {@link normalizeGrantedScopes}. */
export type GrantedScopesResult = { ok: true; scopes: string[] } | { ok: false; issues: Issue[] };

/**
 * Checks the scopes requested for a key: each must exist in the organization (`operator`
 * only in the operator organization). On success returns them without duplicates and
 * sorted, so that the stored list is canonical. Issue paths are indexes into `granted`;
 * the server reports them as UNKNOWN_SCOPE under the field `scopes`.
 */
export function normalizeGrantedScopes(granted: readonly string[], resolver: ScopeResolver): GrantedScopesResult {
  const issues: Issue[] = [];
  granted.forEach((name, index) => {
    if (resolver.exists(name)) return;
    const message =
      name === OPERATOR_SCOPE
        ? '"operator" can only be granted to keys of the operator organization'
        : `scope ${quoteInput(name)} does not exist in this organization; create it in the scope catalog first, or use an existing scope`;
    issues.push({ path: [index], message });
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, scopes: [...new Set(granted)].sort() };
}

/**
 * Scopes that a key granted `requested` would have and the acting key does not: granting
 * them would be an escalation (SCOPE_ESCALATION). Empty means the grant is allowed.
 * Sorted, for a stable message.
 */
export function findScopeEscalation(
  actorGranted: readonly string[],
  requested: readonly string[],
  resolver: ScopeResolver,
): string[] {
  const actor = resolver.resolve(actorGranted);
  const beyond: string[] = [];
  for (const scope of resolver.resolve(requested)) if (!actor.has(scope)) beyond.push(scope);
  return beyond.sort();
}
