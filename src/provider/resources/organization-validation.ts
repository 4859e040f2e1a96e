/**
 * Plan-time checks of `keyplane_organization`: the slug, name, plan, rate limit and policies
 * with src/core's rules and the contract's bounds, each problem at its attribute; and the
 * planning rules that need the prior state or the service (only an operator key may manage
 * organizations; a new slug makes a new organization and leaves the old one in place).
 * Unknown values are skipped: Terraform validates again once they are known.
 */
import type { components } from '../../api/schema.js';
import { validateDisplayText } from '../../core/display-text.js';
import { validateTag } from '../../core/key-format.js';
import { KEY_LIMITS, textLength } from '../../core/key-fields.js';
import { validateOrganizationRateLimit } from '../../core/rate-limit.js';
import { OPERATOR_SCOPE } from '../../core/scopes.js';
import type { Plan } from '../../core/types.js';
import { Diagnostics, errorDiagnostic, isKnown, isUnknown, Unknown, warningDiagnostic, type Diagnostic, type ModifyPlanRequest, type ModifyPlanResponse, type RequestContext } from '../framework/index.js';
import type { KeyplaneProviderData } from '../provider-data.js';
import { callService, type ServiceResult } from '../service-result.js';
import { apiErrorDiagnostics } from './api-errors.js';
import { capitalize } from './issue-text.js';
import { sentenceOf, validateKeyPolicyBlock, validateSessionPolicyBlock } from './organization-policies.js';
import type { organizationSchema, OrganizationPlan } from './organization-schema.js';

/** The plans of the contract (openapi.yaml `Plan`). */
export const PLANS = ['free', 'team', 'business', 'enterprise'] as const satisfies readonly Plan[];

/** Every check of an organization's configuration that needs no call to the service. */
export function validateOrganizationConfig(config: OrganizationPlan): Diagnostic[] {
  const diags = new Diagnostics();
  if (isKnown(config.slug)) {
    for (const issue of validateTag(config.slug)) {
      diags.error('Invalid slug', `${capitalize(issue.message.replace('is not a valid key tag', 'is not a valid slug'))}; the slug is the tag in the organization's secrets.`, [{ attribute: 'slug' }]);
    }
  }
  if (isKnown(config.name)) {
    const length = textLength(config.name);
    if (length === 0 || config.name.trim() === '') diags.error('Invalid name', 'The name must not be empty; say whose organization it is, e.g. "Acme Corporation".', [{ attribute: 'name' }]);
    else if (length > KEY_LIMITS.name) diags.error('Invalid name', `The name has ${length} characters; at most ${KEY_LIMITS.name} are allowed.`, [{ attribute: 'name' }]);
    for (const issue of validateDisplayText(['name'], 'name', config.name, 'single_line')) diags.error('Invalid name', `${capitalize(issue.message)}.`, [{ attribute: 'name' }]);
  }
  if (isKnown(config.plan) && !(PLANS as readonly string[]).includes(config.plan)) {
    diags.error('Invalid plan', `${JSON.stringify(config.plan)} is not a plan; use one of ${PLANS.map((p) => `"${p}"`).join(', ')}.`, [{ attribute: 'plan' }]);
  }
  if (!isUnknown(config.rate_limit_per_minute) && !isUnknown(config.plan)) {
    // Without a plan in the configuration the organization keeps its own (free on create): checked in modifyPlan.
    const plan = isKnown(config.plan) && (PLANS as readonly string[]).includes(config.plan) ? (config.plan as Plan) : null;
    if (plan !== null || config.rate_limit_per_minute !== null) diags.add(rateLimitDiagnostics(plan ?? 'free', config.rate_limit_per_minute));
  }
  if (isKnown(config.key_policy)) diags.add(validateKeyPolicyBlock(config.key_policy));
  if (isKnown(config.session_policy)) diags.add(validateSessionPolicyBlock(config.session_policy));
  return diags.list;
}

function rateLimitDiagnostics(plan: Plan, value: number | null): Diagnostic[] {
  return validateOrganizationRateLimit(plan, value).map((issue) => errorDiagnostic('Invalid rate_limit_per_minute', sentenceOf(issue.message), [{ attribute: 'rate_limit_per_minute' }]));
}

type Myself = components['schemas']['Myself'];
const myselfOf = new WeakMap<KeyplaneProviderData, Promise<ServiceResult<Myself>>>();

/** GET /v1/myself once per configured provider (Terraform plans each instance separately); a failure is not kept. */
function myself(context: RequestContext<KeyplaneProviderData>): Promise<ServiceResult<Myself>> {
  let pending = myselfOf.get(context.provider);
  if (!pending) {
    pending = callService(context.provider.client.api.GET('/v1/myself', { signal: context.stopSignal }));
    const forget = () => myselfOf.delete(context.provider);
    pending.then((result) => result.error && forget(), forget);
    myselfOf.set(context.provider, pending);
  }
  return pending;
}

/** The error for a provider key that cannot manage organizations, or null when it can. */
export function operatorKeyProblem(me: Pick<Myself, 'effective_scopes' | 'organization' | 'key'>): Diagnostic | null {
  if (me.organization.is_operator && me.effective_scopes.includes(OPERATOR_SCOPE)) return null;
  const which = me.key ? `The provider's key ${me.key.id} (${me.key.hint})` : "The provider's key";
  const why = me.organization.is_operator
    ? `belongs to the operator organization but does not hold the scope "${OPERATOR_SCOPE}"`
    : `belongs to the organization ${JSON.stringify(me.organization.slug)}, not to the operator organization`;
  return errorDiagnostic(
    'Operator key required',
    `Managing organizations takes a key of the operator organization that holds "${OPERATOR_SCOPE}" (such as the first key \`keyplane serve\` prints). ${which} ${why}. ` +
      'Configure a provider "keyplane" block with an operator key (an alias if other resources use this key) and set provider = keyplane.<alias> on this resource.',
  );
}

/** Null when the provider's key may manage organizations, else the diagnostics to report. */
export async function checkOperatorKey(context: RequestContext<KeyplaneProviderData>): Promise<Diagnostic[] | null> {
  const { data: me, error } = await myself(context);
  if (error) return apiErrorDiagnostics(error, "check the provider's key (GET /v1/myself)");
  const problem = operatorKeyProblem(me);
  return problem ? [problem] : null;
}

/**
 * The plan after the framework's rules: an operator key is required (checked when the
 * provider is configured); the rate limit against the plan the organization will have; the
 * effective limit known unless the plan or the rate limit changes; and a warning when a new
 * slug would leave the old organization behind.
 */
export async function modifyOrganizationPlan({ prior, planned, config, context }: ModifyPlanRequest<typeof organizationSchema, KeyplaneProviderData>): Promise<ModifyPlanResponse | void> {
  const diags = new Diagnostics();
  if (context) {
    const problem = await checkOperatorKey(context);
    if (problem) return { diagnostics: problem };
  }
  const plan = isKnown(planned.plan) ? (planned.plan as Plan) : prior === null ? 'free' : null;
  if (config.plan === null && plan !== null && !isUnknown(planned.rate_limit_per_minute)) diags.add(rateLimitDiagnostics(plan, planned.rate_limit_per_minute));
  if (prior === null) return { diagnostics: diags.list };
  if (planned.plan === prior.plan && planned.rate_limit_per_minute === prior.rate_limit_per_minute) planned.effective_rate_limit_per_minute = prior.effective_rate_limit_per_minute;
  else planned.effective_rate_limit_per_minute = Unknown;
  if (isKnown(planned.slug) && planned.slug !== prior.slug) {
    diags.add(
      warningDiagnostic(
        'A new slug makes a new organization',
        `Changing the slug from ${JSON.stringify(prior.slug)} to ${JSON.stringify(planned.slug)} replaces the organization: a new one is created with a new admin key, ` +
          `and ${prior.id} (${JSON.stringify(prior.slug)}) stays in the service with its keys and members, since organizations cannot be deleted.`,
        [{ attribute: 'slug' }],
      ),
    );
  }
  return { diagnostics: diags.list };
}
