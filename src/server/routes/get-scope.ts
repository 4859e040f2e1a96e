import { isBuiltInScope, OPERATOR_SCOPE } from '../../core/scopes.js';
import type { RouteHandler } from '../context.js';
import { ProblemError } from '../problem.js';
import { toBuiltInScope, toScope } from '../serialize.js';

/** GET /v1/scopes/{scope_name}: own or built-in. */
export const getScope: RouteHandler<'getScope'> = async ({ caller, store, params }) => {
  const name = params.scope_name;
  const org = caller.organization.org;
  if (isBuiltInScope(name) && (name !== OPERATOR_SCOPE || org.isOperator)) {
    return { status: 200, body: toBuiltInScope(name) };
  }
  const scope = await store.scopes.get(org.id, name);
  if (!scope) throw new ProblemError('SCOPE_NOT_FOUND', `There is no scope "${name}" in this organization's catalog.`);
  return { status: 200, body: toScope(scope) };
};
