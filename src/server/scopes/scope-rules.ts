import { validateCatalogChange } from '../../core/scope-catalog.js';
import { findScopeEscalation, isBuiltInScope } from '../../core/scopes.js';
import type { ScopeRecord } from '../../core/types.js';
import type { Caller, OperationId, RouteContext } from '../context.js';
import { issuesProblem, ProblemError } from '../problem.js';

/** Refuses a catalog change that breaks a rule (bad name, bad includes, a cycle). */
export function checkCatalogChange(catalog: readonly ScopeRecord[], name: string, includes: string[]): void {
  const result = validateCatalogChange(catalog, { name, includes });
  if (result.ok) return;
  if (result.code === 'SCOPE_BUILT_IN') throw new ProblemError('SCOPE_BUILT_IN', result.detail);
  throw issuesProblem(result.code, result.issues);
}

/**
 * A scope may include only scopes the calling key holds itself, as a key may be granted only
 * those: otherwise a `scopes:write` key could make a scope it holds include `admin`.
 */
export function checkIncludesHeld(caller: Caller, includes: readonly string[]): void {
  const beyond = findScopeEscalation(caller.scopes, includes, caller.organization.resolver);
  if (beyond.length === 0) return;
  throw new ProblemError(
    'SCOPE_ESCALATION',
    `The calling key cannot make a scope include scopes it does not hold itself: ${beyond.join(', ')}. Use a key that holds them (an admin key holds every scope).`,
    { errors: [{ path: 'body.includes', message: `grants ${beyond.join(', ')}, which the calling key does not hold` }] },
  );
}

/**
 * Changing what a scope includes changes what every key holding it may do, so only a caller
 * that holds the scope as it stands (with all it includes) may redefine it: a `scopes:write`
 * key that does not hold `write` can neither widen nor hollow out the keys that do. A
 * description changes no one's power, and a scope in use cannot be deleted, so those two
 * need only `scopes:write`.
 */
export function checkScopeHeld(caller: Caller, scope: ScopeRecord): void {
  const beyond = findScopeEscalation(caller.scopes, [scope.name], caller.organization.resolver);
  if (beyond.length === 0) return;
  throw new ProblemError(
    'SCOPE_ESCALATION',
    `The calling key cannot change what "${scope.name}" includes: the scope grants ${beyond.join(', ')}, which the calling key does not hold. Use a key that holds "${scope.name}" (an admin key holds every scope).`,
    { errors: [{ path: 'path.scope_name', message: `"${scope.name}" grants ${beyond.join(', ')}, which the calling key does not hold` }] },
  );
}

/** The organization's catalog scope `name`, or 409 for a built-in and 404 for none. */
export async function findCatalogScope<O extends OperationId>(context: RouteContext<O>, name: string): Promise<ScopeRecord> {
  if (isBuiltInScope(name)) {
    throw new ProblemError('SCOPE_BUILT_IN', `"${name}" is a built-in scope; built-in scopes cannot be changed or deleted.`);
  }
  const scope = await context.store.scopes.get(context.caller.organization.org.id, name);
  if (!scope) throw new ProblemError('SCOPE_NOT_FOUND', `There is no scope "${name}" in this organization's catalog.`);
  return scope;
}

/** After a catalog change commits, keys of the organization see it on their next request, on every node. */
export function forgetCatalog<O extends OperationId>(context: RouteContext<O>): Promise<void> {
  return context.invalidate({ kind: 'organization', id: context.caller.organization.org.id });
}
