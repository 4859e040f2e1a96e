/**
 * `resource "keyplane_organization"`: a tenant of the service, managed with an operator key.
 * Create (POST /v1/organizations) keeps the first admin key's secret and the owner's set-up
 * link, which the service shows only then; name, plan, rate limit and policies change in place
 * (PATCH); a new slug replaces the organization. The API cannot delete an organization, so
 * destroy removes it from the state only and says so in a warning.
 */
import type { components } from '../../api/schema.js';
import { isId } from '../../core/ids.js';
import { errorDiagnostic, isUnknown, warningDiagnostic, type Diagnostic, type RequestContext, type Resource } from '../framework/index.js';
import type { KeyplaneProviderData } from '../provider-data.js';
import { callService, type ServiceError } from '../service-result.js';
import { apiErrorDiagnostics } from './api-errors.js';
import {
  keyPolicyBlockOf,
  keyPolicyInput,
  sameKeyPolicy,
  sameSessionPolicy,
  sessionPolicyBlockOf,
  sessionPolicyInput,
  type KeyPolicyBlock,
  type SessionPolicyBlock,
} from './organization-policies.js';
import { organizationSchema, type OrganizationPlan, type OrganizationState } from './organization-schema.js';
import { checkOperatorKey, modifyOrganizationPlan, validateOrganizationConfig } from './organization-validation.js';

type Schemas = components['schemas'];

/** What the service shows only once and the state keeps. */
type CarriedFields = Pick<OrganizationState, 'admin_key_id' | 'admin_key_secret' | 'owner_invitation_url' | 'owner_invitation_expires_at'>;
/**
 * How each policy block is worded in the plan or prior state, or null when it is not managed
 * here (left out of the configuration: not read back into state). `'import'`: managed, as the
 * service holds it.
 */
type BlockShapes = { key_policy: KeyPolicyBlock | 'import' | null; session_policy: SessionPolicyBlock | 'import' | null };

const NOTHING_CARRIED: CarriedFields = { admin_key_id: null, admin_key_secret: null, owner_invitation_url: null, owner_invitation_expires_at: null };

/** The state of an organization the service returned, its policy blocks worded like `shapes`. */
export function organizationToState(org: Schemas['Organization'], carried: CarriedFields, shapes: BlockShapes): OrganizationState {
  const shape = <T>(s: T | 'import') => (s === 'import' ? null : s);
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    plan: org.plan,
    rate_limit_per_minute: org.rate_limit_per_minute,
    effective_rate_limit_per_minute: org.effective_rate_limit_per_minute,
    is_operator: org.is_operator,
    created_at: org.created_at,
    updated_at: org.updated_at,
    ...carried,
    key_policy: imported(shapes.key_policy, keyPolicyBlockOf(org.key_policy, shape(shapes.key_policy))) as OrganizationState['key_policy'],
    session_policy: imported(shapes.session_policy, sessionPolicyBlockOf(org.session_policy, shape(shapes.session_policy))) as OrganizationState['session_policy'],
  };
}

/**
 * The block for the state: none when not managed; on import, none when the service holds a new
 * organization's policy (a configuration without the block then plans no change), else the
 * block with what differs.
 */
function imported<B extends object>(shape: B | 'import' | null, block: B): B | null {
  if (shape === null) return null;
  if (shape === 'import' && Object.values(block).every((v) => v === null)) return null;
  return block;
}

const shapesOf = (value: Pick<OrganizationPlan, 'key_policy' | 'session_policy'>): BlockShapes => ({
  key_policy: value.key_policy as KeyPolicyBlock | null,
  session_policy: value.session_policy as SessionPolicyBlock | null,
});

/** The create request of a (wholly known) plan: what the configuration gives; the service defaults the rest. */
export function organizationCreateBody(plan: OrganizationState): Schemas['CreateOrganizationRequest'] {
  const body: Schemas['CreateOrganizationRequest'] = { slug: plan.slug, name: plan.name };
  if (plan.plan !== null) body.plan = plan.plan as Schemas['Plan'];
  if (plan.rate_limit_per_minute !== null) body.rate_limit_per_minute = plan.rate_limit_per_minute;
  if (plan.key_policy !== null) body.key_policy = keyPolicyInput(plan.key_policy as KeyPolicyBlock);
  if (plan.session_policy !== null) body.session_policy = sessionPolicyInput(plan.session_policy as SessionPolicyBlock);
  return body;
}

/** The update request with what the plan changes in meaning, or null when nothing does. A removed block changes nothing. */
export function organizationUpdateBody(prior: OrganizationState, next: OrganizationState): Schemas['UpdateOrganizationRequest'] | null {
  const body: Schemas['UpdateOrganizationRequest'] = {};
  if (next.name !== prior.name) body.name = next.name;
  if (next.plan !== null && next.plan !== prior.plan) body.plan = next.plan as Schemas['Plan'];
  if (next.rate_limit_per_minute !== prior.rate_limit_per_minute) body.rate_limit_per_minute = next.rate_limit_per_minute;
  if (next.key_policy !== null && !sameKeyPolicy(prior.key_policy as KeyPolicyBlock | null, next.key_policy as KeyPolicyBlock)) {
    body.key_policy = keyPolicyInput(next.key_policy as KeyPolicyBlock);
  }
  if (next.session_policy !== null && !sameSessionPolicy(prior.session_policy as SessionPolicyBlock | null, next.session_policy as SessionPolicyBlock)) {
    body.session_policy = sessionPolicyInput(next.session_policy as SessionPolicyBlock);
  }
  return Object.keys(body).length > 0 ? body : null;
}

/** Refusals worded for this resource: a taken slug says how to adopt it; an operator-only refusal says which key is needed. */
function organizationApiDiagnostics(error: ServiceError, action: string, slug?: string): Diagnostic[] {
  const { problem } = error;
  if (problem?.code === 'ORGANIZATION_SLUG_TAKEN') {
    return [
      errorDiagnostic(
        'Organization slug taken',
        `${problem.detail} To manage the organization that has it here, import it by its id (\`terraform import <address> <id>\`, or an import block); otherwise choose another slug.`,
        [{ attribute: 'slug' }],
      ),
    ];
  }
  if (problem && error.status === 403) {
    return [errorDiagnostic(`Could not ${action}`, `${problem.detail} Managing organizations takes a key of the operator organization holding "operator". (${problem.code}, HTTP 403)`)];
  }
  return apiErrorDiagnostics(error, slug ? `${action} ${JSON.stringify(slug)}` : action);
}

/** GET /v1/organizations/{id}: reading changes nothing, so a stop may cut it short. */
function readOrganization(id: string, context: RequestContext<KeyplaneProviderData>) {
  return callService(context.provider.client.api.GET('/v1/organizations/{organization_id}', { params: { path: { organization_id: id } }, signal: context.stopSignal }));
}

export const organizationResource: Resource<typeof organizationSchema, KeyplaneProviderData> = {
  typeName: 'keyplane_organization',
  schema: organizationSchema,

  validateConfig: ({ config }) => validateOrganizationConfig(config),

  modifyPlan: (request) => modifyOrganizationPlan(request),

  async create({ plan, context }) {
    const planned = plan as OrganizationState; // every configured value is known at apply
    const body = organizationCreateBody({ ...planned, plan: isUnknown(plan.plan) ? null : planned.plan });
    const { data: created, error } = await callService(context.provider.client.api.POST('/v1/organizations', { body }));
    if (error) return { state: null, diagnostics: organizationApiDiagnostics(error, 'create the organization', planned.slug) };
    const carried: CarriedFields = {
      admin_key_id: created.admin_key.id,
      admin_key_secret: created.admin_key.secret,
      owner_invitation_url: created.owner_invitation.url,
      owner_invitation_expires_at: created.owner_invitation.expires_at,
    };
    return { state: organizationToState(created.organization, carried, shapesOf(planned)) };
  },

  async read({ state, context }) {
    const id = state.id!;
    const carried: CarriedFields = {
      admin_key_id: state.admin_key_id,
      admin_key_secret: state.admin_key_secret,
      owner_invitation_url: state.owner_invitation_url,
      owner_invitation_expires_at: state.owner_invitation_expires_at,
    };
    const { data: org, error } = await readOrganization(id, context);
    if (error?.status === 404) {
      // A key that is not an operator's sees only its own organization: that is no reason to forget this one.
      const notOperator = await checkOperatorKey(context);
      if (notOperator) return { state, diagnostics: notOperator };
      return {
        state: null,
        diagnostics: [warningDiagnostic('Organization no longer exists', `The organization ${id} (${JSON.stringify(state.slug)}) is not in the service any more. The next apply creates it again, with a new admin key.`)],
      };
    }
    if (error) return { state, diagnostics: organizationApiDiagnostics(error, `read the organization ${id}`) };
    return { state: organizationToState(org, carried, shapesOf(state)) };
  },

  async update({ prior, plan, context }) {
    const id = prior.id!;
    const next = plan as OrganizationState; // configured values are known at apply; `plan` keeps the prior value when not configured
    const body = organizationUpdateBody(prior, next);
    const path = { params: { path: { organization_id: id } } };
    const { api } = context.provider.client;
    const { data: org, error } = await callService(body ? api.PATCH('/v1/organizations/{organization_id}', { ...path, body }) : api.GET('/v1/organizations/{organization_id}', path));
    if (error) return { state: prior, diagnostics: organizationApiDiagnostics(error, `update the organization ${id}`) };
    const carried: CarriedFields = {
      admin_key_id: prior.admin_key_id,
      admin_key_secret: prior.admin_key_secret,
      owner_invitation_url: prior.owner_invitation_url,
      owner_invitation_expires_at: prior.owner_invitation_expires_at,
    };
    return { state: organizationToState(org, carried, shapesOf(next)) };
  },

  async delete({ state }) {
    // The contract has no DELETE /v1/organizations/{id}: forgetting it is all that can be done, and the user must know.
    return {
      diagnostics: [
        warningDiagnostic(
          'Organization left in place',
          `Keyplane cannot delete organizations: ${state.id} (${JSON.stringify(state.slug)}) was removed from the Terraform state only. ` +
            'It, its keys and its members keep working. To stop its keys, revoke them with its admin key (keyplane keys revoke); to manage it again, import it by its id.',
        ),
      ],
    };
  },

  async importState({ id, context }) {
    if (!isId('organization', id)) {
      return {
        diagnostics: [errorDiagnostic('Invalid import id', `${JSON.stringify(id)} is not an organization id; give the organization's id, e.g. org_01JD3Q4C2B7N9M5K3H1G8F6D4S (GET /v1/organizations lists them).`)],
      };
    }
    const problem = await checkOperatorKey(context);
    if (problem) return { diagnostics: problem };
    const { data: org, error } = await readOrganization(id, context);
    if (error?.status === 404) return { diagnostics: [errorDiagnostic('Organization not found', `There is no organization ${id} in the service.`)] };
    if (error) return { diagnostics: organizationApiDiagnostics(error, `import the organization ${id}`) };
    // A policy that differs from a new organization's is read in, worded with only what differs (as a
    // configuration usually states it); the admin key and the link stay null: shown only once.
    return { state: organizationToState(org, NOTHING_CARRIED, { key_policy: 'import', session_policy: 'import' }) };
  },
};
