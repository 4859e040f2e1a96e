import type { Organization } from '../../core/types.js';
import type { RouteHandler } from '../context.js';
import { applyKeyPolicy, applySessionPolicy, checkOrganizationRateLimit, isOperator, visibleOrganization } from '../organizations/organization-rules.js';
import { ProblemError } from '../problem.js';
import { toOrganization } from '../serialize.js';
import { checkTextFields } from '../text-rules.js';

/** PATCH /v1/organizations/{organization_id}: admins name and policy, operators everything. */
export const updateOrganization: RouteHandler<'updateOrganization'> = async (context) => {
  const { caller, store, now, params } = context;
  const input = context.body!;
  checkTextFields(input);
  const current = visibleOrganization(caller, params.organization_id, await store.organizations.get(params.organization_id));
  const operatorOnly = (['plan', 'rate_limit_per_minute'] as const).filter((field) => input[field] !== undefined);
  if (operatorOnly.length > 0 && !isOperator(caller)) {
    throw new ProblemError('OPERATOR_ONLY', `Only an operator key may change ${operatorOnly.join(' and ')}; ask the service's operator.`, {
      errors: operatorOnly.map((field) => ({ path: `body.${field}`, message: 'takes an operator key to change' })),
    });
  }
  const plan = input.plan ?? current.plan;
  const updated: Organization = {
    ...current,
    name: input.name ?? current.name,
    plan,
    rateLimitPerMinute: checkOrganizationRateLimit(
      plan,
      input.rate_limit_per_minute !== undefined ? input.rate_limit_per_minute : current.rateLimitPerMinute,
    ),
    keyPolicy: applyKeyPolicy(current.keyPolicy, input.key_policy),
    sessionPolicy: applySessionPolicy(current.sessionPolicy, input.session_policy),
    updatedAt: now,
  };
  await store.organizations.update(updated);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of ['name', 'plan', 'rateLimitPerMinute', 'keyPolicy', 'sessionPolicy'] as const) {
    if (JSON.stringify(current[field]) !== JSON.stringify(updated[field])) changes[field] = { from: current[field], to: updated[field] };
  }
  await context.audit({
    organizationId: current.id,
    action: 'organization.updated',
    targetType: 'organization',
    targetId: current.id,
    details: { changes: toOrganizationNames(changes) },
  });
  await context.invalidate({ kind: 'organization', id: current.id });
  return { status: 200, body: toOrganization(updated) };
};

function toOrganizationNames(changes: Record<string, unknown>): Record<string, unknown> {
  const names: Record<string, string> = { rateLimitPerMinute: 'rate_limit_per_minute', keyPolicy: 'key_policy', sessionPolicy: 'session_policy' };
  return Object.fromEntries(Object.entries(changes).map(([k, v]) => [names[k] ?? k, v]));
}
