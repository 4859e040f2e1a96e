/**
 * `resource "keyplane_member"`: a person of the organization, managed as code. Create invites
 * them (POST /v1/members) and keeps the one-time link, which the service shows only then;
 * display name, scopes and suspension change in place (PATCH); a new e-mail replaces the
 * member; destroy removes them (DELETE). A member removed outside Terraform reads as gone, so
 * the next plan invites them again.
 */
import type { components } from '../../api/schema.js';
import type { KeyplaneProblem } from '../../client/index.js';
import { isId } from '../../core/ids.js';
import { errorDiagnostic, warningDiagnostic, type Diagnostic, type Resource } from '../framework/index.js';
import type { KeyplaneProviderData } from '../provider-data.js';
import { callService, type ServiceError } from '../service-result.js';
import { apiErrorDiagnostics } from './api-errors.js';
import { memberSchema, type MemberState } from './member-schema.js';
import { modifyMemberPlan, validateMemberConfig } from './member-validation.js';

type Schemas = components['schemas'];

/** What the service shows only once and the state keeps. */
type CarriedFields = Pick<MemberState, 'invitation_url' | 'invitation_token'>;


/** The state of a member the service returned, with the link only Terraform keeps. */
export function memberToState(member: Schemas['Member'], carried: CarriedFields): MemberState {
  return {
    id: member.id,
    // Null only for a first owner who has not chosen one yet; read refuses to manage those.
    email: member.email ?? '',
    display_name: member.display_name,
    scopes: member.scopes,
    suspended: member.status === 'suspended',
    status: member.status,
    created_at: member.created_at,
    invitation_expires_at: member.invitation_expires_at,
    ...carried,
  };
}

/**
 * The update request with what the plan changes, or null when nothing does. The service names
 * the field `status` where the resource has `suspended`.
 */
export function memberUpdateBody(prior: MemberState, next: MemberState): Schemas['UpdateMemberRequest'] | null {
  const body: Schemas['UpdateMemberRequest'] = {};
  if (next.display_name !== prior.display_name) body.display_name = next.display_name;
  if (next.scopes.length !== prior.scopes.length || !next.scopes.every((s) => prior.scopes.includes(s))) body.scopes = next.scopes;
  if (next.suspended !== prior.suspended) body.status = next.suspended ? 'suspended' : 'active';
  return Object.keys(body).length > 0 ? body : null;
}

/** The service's diagnostics, pointed at `suspended` where it speaks of `status`. */
function memberApiDiagnostics(error: ServiceError, action: string): Diagnostic[] {
  return apiErrorDiagnostics(error, action).map((d) => {
    const step = d.path?.length === 1 ? d.path[0] : undefined;
    return step && 'attribute' in step && step.attribute === 'status' ? { ...d, path: [{ attribute: 'suspended' }] } : d;
  });
}

function emailTaken(problem: KeyplaneProblem, email: string): Diagnostic {
  return errorDiagnostic(
    'Member already exists',
    `${problem.detail} To manage that member here, import it by its id (\`terraform import <address> <id>\`, or an import block; ` +
      `\`keyplane members list\` shows the id of ${JSON.stringify(email)}); otherwise remove this resource or give another e-mail.`,
    [{ attribute: 'email' }],
  );
}

export const memberResource: Resource<typeof memberSchema, KeyplaneProviderData> = {
  typeName: 'keyplane_member',
  schema: memberSchema,

  validateConfig: ({ config }) => validateMemberConfig(config),

  modifyPlan: ({ prior, planned, config }) => modifyMemberPlan(prior, planned, config),

  async create({ plan, context }) {
    const { api } = context.provider.client;
    const planned = plan as MemberState; // every configured value is known at apply
    if (planned.suspended) {
      // Known only now (it came from an unknown value): checked at plan time otherwise.
      return {
        state: null,
        diagnostics: [errorDiagnostic('Invited member cannot be suspended', 'A new member starts as invited, and an invited member cannot be suspended. Set suspended once they have accepted.', [{ attribute: 'suspended' }])],
      };
    }
    const body: Schemas['InviteMemberRequest'] = { email: planned.email, scopes: planned.scopes };
    if (planned.display_name !== null) body.display_name = planned.display_name;
    const { data: invited, error } = await callService(api.POST('/v1/members', { body }));
    if (error?.problem?.code === 'MEMBER_EMAIL_TAKEN') return { state: null, diagnostics: [emailTaken(error.problem, planned.email)] };
    if (error) return { state: null, diagnostics: memberApiDiagnostics(error, `invite ${JSON.stringify(planned.email)}`) };
    const { member, invitation } = invited;
    return { state: memberToState(member, { invitation_url: invitation.url, invitation_token: invitation.token }) };
  },

  async read({ state, context }) {
    const { api } = context.provider.client;
    const id = state.id!;
    // Reading changes nothing, so a stop may cut it short.
    const { data: member, error } = await callService(api.GET('/v1/members/{member_id}', { params: { path: { member_id: id } }, signal: context.stopSignal }));
    if (error?.status === 404) {
      const who = state.email ? ` (${JSON.stringify(state.email)})` : '';
      return {
        state: null,
        diagnostics: [warningDiagnostic('Member no longer exists', `The member ${id}${who} was removed outside Terraform. The next apply invites them again, with a new link.`)],
      };
    }
    if (error) return { state, diagnostics: memberApiDiagnostics(error, `read the member ${id}`) };
    if (member.email === null) {
      return {
        state,
        diagnostics: [
          errorDiagnostic(
            'Member has no e-mail yet',
            `The member ${id} is the organization's first owner, who has not used their set-up link yet and so has no e-mail. Terraform can manage them once they have.`,
          ),
        ],
      };
    }
    return { state: memberToState(member, { invitation_url: state.invitation_url, invitation_token: state.invitation_token }) };
  },

  async update({ prior, plan, context }) {
    const { api } = context.provider.client;
    const id = prior.id!;
    const body = memberUpdateBody(prior, plan as MemberState); // every configured value is known at apply
    const path = { params: { path: { member_id: id } } };
    const { data: member, error } = await callService(body ? api.PATCH('/v1/members/{member_id}', { ...path, body }) : api.GET('/v1/members/{member_id}', path));
    if (error) return { state: prior, diagnostics: memberApiDiagnostics(error, `update the member ${id}`) };
    return { state: memberToState(member, { invitation_url: prior.invitation_url, invitation_token: prior.invitation_token }) };
  },

  async delete({ state, context }) {
    const { api } = context.provider.client;
    const id = state.id!;
    const { error } = await callService(api.DELETE('/v1/members/{member_id}', { params: { path: { member_id: id } } }));
    if (!error || error.status === 404) return {}; // removed, or already gone
    return { diagnostics: memberApiDiagnostics(error, `remove the member ${id}`) };
  },

  importState({ id }) {
    if (!isId('member', id)) {
      return {
        diagnostics: [errorDiagnostic('Invalid import id', `${JSON.stringify(id)} is not a member id; give the member's id, e.g. mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K (see keyplane members list).`)],
      };
    }
    // The rest comes from the read that follows. The link stays null: it is never shown again.
    return { state: { id } };
  },
};
