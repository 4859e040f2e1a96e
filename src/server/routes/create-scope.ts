import type { ScopeRecord } from '../../core/types.js';
import type { RouteHandler } from '../context.js';
import { ProblemError } from '../problem.js';
import { checkCatalogChange, checkIncludesHeld, forgetCatalog } from '../scopes/scope-rules.js';
import { toScope } from '../serialize.js';
import { checkTextFields } from '../text-rules.js';

/** POST /v1/scopes. */
export const createScope: RouteHandler<'createScope'> = async (context) => {
  const { now, store } = context;
  const input = context.body!;
  checkTextFields(input);
  const orgId = context.caller.organization.org.id;
  const catalog = await store.scopes.list(orgId);
  if (catalog.some((scope) => scope.name === input.name)) {
    throw new ProblemError('SCOPE_EXISTS', `The scope "${input.name}" already exists; change it with PATCH /v1/scopes/${input.name}.`);
  }
  const includes = input.includes ?? [];
  checkCatalogChange(catalog, input.name, includes);
  checkIncludesHeld(context.caller, includes);

  const scope: ScopeRecord = {
    organizationId: orgId,
    name: input.name,
    description: input.description ?? null,
    includes,
    createdAt: now,
    updatedAt: now,
  };
  await store.scopes.insert(scope);
  await context.audit({ action: 'scope.created', targetType: 'scope', targetId: scope.name, details: { includes, description: scope.description } });
  await forgetCatalog(context);
  return { status: 201, headers: { Location: `/v1/scopes/${scope.name}` }, body: toScope(scope) };
};
