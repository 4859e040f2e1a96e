import { BUILT_IN_SCOPE_NAMES, OPERATOR_SCOPE } from '../../core/scopes.js';
import type { RouteHandler } from '../context.js';
import { toBuiltInScope, toScope } from '../serialize.js';

/** GET /v1/scopes: built-in and own scopes, sorted by name. */
export const listScopes: RouteHandler<'listScopes'> = async ({ caller, store }) => {
  const org = caller.organization.org;
  const builtIns = BUILT_IN_SCOPE_NAMES.filter((name) => name !== OPERATOR_SCOPE || org.isOperator).map(toBuiltInScope);
  const own = (await store.scopes.list(org.id)).map(toScope);
  const data = [...builtIns, ...own].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { status: 200, body: { data } };
};
