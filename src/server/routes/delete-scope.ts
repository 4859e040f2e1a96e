import { findScopeDependents } from '../../core/scope-catalog.js';
import type { RouteHandler } from '../context.js';
import { ProblemError } from '../problem.js';
import { findCatalogScope, forgetCatalog } from '../scopes/scope-rules.js';

/** DELETE /v1/scopes/{scope_name}: only when nothing uses it any more. */
export const deleteScope: RouteHandler<'deleteScope'> = async (context) => {
  const { store } = context;
  const scope = await findCatalogScope(context, context.params.scope_name);
  const dependents = findScopeDependents(await store.scopes.list(scope.organizationId), scope.name);
  if (dependents.length > 0) {
    throw new ProblemError(
      'SCOPE_IN_USE',
      `The scope "${scope.name}" is included by ${dependents.map((d) => `"${d}"`).join(', ')}; remove it from their includes first.`,
    );
  }
  const holders = await store.keys.countUsingScope(scope.organizationId, scope.name);
  if (holders > 0) {
    throw new ProblemError(
      'SCOPE_IN_USE',
      `${holders === 1 ? '1 key that is not revoked still holds' : `${holders} keys that are not revoked still hold`} the scope "${scope.name}"; take it from them (GET /v1/keys?scope=${scope.name}) first.`,
    );
  }
  await store.scopes.delete(scope.organizationId, scope.name);
  await context.audit({ action: 'scope.deleted', targetType: 'scope', targetId: scope.name, details: { includes: scope.includes } });
  await forgetCatalog(context);
  return { status: 204 };
};
