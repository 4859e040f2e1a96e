import type { RouteHandler } from '../context.js';
import { checkCatalogChange, checkIncludesHeld, checkScopeHeld, findCatalogScope, forgetCatalog } from '../scopes/scope-rules.js';
import { toScope } from '../serialize.js';
import { checkTextFields } from '../text-rules.js';

/** PATCH /v1/scopes/{scope_name}: description and includes. */
export const updateScope: RouteHandler<'updateScope'> = async (context) => {
  const { now, store } = context;
  const input = context.body!;
  checkTextFields(input);
  const current = await findCatalogScope(context, context.params.scope_name);
  const includes = input.includes ?? current.includes;
  if (input.includes !== undefined) {
    checkScopeHeld(context.caller, current);
    checkCatalogChange(await store.scopes.list(current.organizationId), current.name, includes);
    checkIncludesHeld(context.caller, includes);
  }
  const updated = {
    ...current,
    description: input.description !== undefined ? input.description : current.description,
    includes,
    updatedAt: now,
  };
  await store.scopes.update(updated);
  await context.audit({
    action: 'scope.updated',
    targetType: 'scope',
    targetId: current.name,
    details: {
      changes: {
        ...(input.includes !== undefined ? { includes: { from: current.includes, to: includes } } : {}),
        ...(input.description !== undefined ? { description: { from: current.description, to: updated.description } } : {}),
      },
    },
  });
  await forgetCatalog(context);
  return { status: 200, body: toScope(updated) };
};
