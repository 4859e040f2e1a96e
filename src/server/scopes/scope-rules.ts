import { validateCatalogChange } from '../../core/scope-catalog.js';
import { isBuiltInScope } from '../../core/scopes.js';
import type { ScopeRecord } from '../../core/types.js';
import type { OperationId, RouteContext } from '../context.js';
import { issuesProblem, ProblemError } from '../problem.js';

/** Refuses a catalog change that breaks a rule (bad name, bad includes, a cycle). */
export function checkCatalogChange(catalog: readonly ScopeRecord[], name: string, includes: string[]): void {
  const result = validateCatalogChange(catalog, { name, includes });
  if (result.ok) return;
  if (result.code === 'SCOPE_BUILT_IN') throw new ProblemError('SCOPE_BUILT_IN', result.detail);
  throw issuesProblem(result.code, result.issues);
}

/** The organization's catalog scope `name`, or 409 for a built-in and 404 for none. */
export async function findCatalogScope<O extends OperationId>(context: RouteContext<O>, name: string): Promise<ScopeRecord> {
  if (isBuiltInScope(name)) {
    throw new ProblemError('SCOPE_BUILT_IN', `"${name}" is a built-in scope; built-in scopes cannot be changed or deleted.`);
  }
  const scope = await context.store.scopes.get(context.caller.key.organizationId, name);
  if (!scope) throw new ProblemError('SCOPE_NOT_FOUND', `There is no scope "${name}" in this organization's catalog.`);
  return scope;
}

/** After a catalog change commits, keys of the organization see it on their next request. */
export function forgetCatalog<O extends OperationId>(context: RouteContext<O>): void {
  const id = context.caller.key.organizationId;
  context.afterCommit(() => context.services.directory.forgetOrganization(id));
}
