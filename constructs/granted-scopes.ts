/**
 * Synth-time check that the scopes a construct grants by name exist: built in, or declared in
 * a `ScopeCatalog` of the stack for the same organization (src/core's resolver decides, with
 * its own message). With no catalog declared nothing is known about the organization's
 * scopes, and the service checks at apply. `ApiKey` and `Member` both use it.
 */
import type { TerraformProvider } from 'cdktf';
import type { IConstruct } from 'constructs';
import { isBuiltInScope, normalizeGrantedScopes, SCOPE_NAME_PATTERN, ScopeResolver } from '../src/core/scopes.js';
import { declaredScopeDefinitions, ScopeCatalog, type ScopeLike } from './scope-catalog.js';
import { isToken, type ValidationIssues } from './validation.js';

/** Where the scopes are granted and what they are checked against. */
export interface GrantedScopesContext {
  /** The construct granting them (its stack is searched for catalogs). */
  construct: IConstruct;
  /** The catalog given in the props, if any: then only that one counts. */
  catalog?: ScopeCatalog;
  /** The construct's provider (its organization). */
  provider?: TerraformProvider;
}

/** Adds an issue at `[field, index]` for every scope name that does not exist. Malformed names are left to the form check. */
export function validateScopesExist(scopes: readonly ScopeLike[], context: GrantedScopesContext, issues: ValidationIssues, field = 'scopes'): void {
  const { construct, catalog, provider } = context;
  const catalogs = catalog ? [catalog] : ScopeCatalog.forProvider(construct, provider);
  if (catalogs.length === 0) return; // nothing declared: the service checks
  const definitions = catalog
    ? [...catalog.scopes.map((s) => s.toDefinition()), ...catalog.existing.map((name) => ({ name, includes: [] }))]
    : declaredScopeDefinitions(construct, provider);
  // Whether the organization is the operator organization is not known here: let `operator` pass.
  const resolver = new ScopeResolver(definitions, { operatorOrganization: true });
  scopes.forEach((scope, index) => {
    if (typeof scope !== 'string' || isToken(scope) || isBuiltInScope(scope) || !SCOPE_NAME_PATTERN.test(scope)) return;
    const result = normalizeGrantedScopes([scope], resolver);
    if (result.ok) return;
    const declared = resolver.catalogNames();
    const shown = declared.length > 10 ? [...declared.slice(0, 10), '…'] : declared;
    const known = declared.length > 0 ? ` (declared: ${shown.join(', ')})` : '';
    for (const issue of result.issues) issues.add([field, index], `${issue.message}${known}`);
  });
}
