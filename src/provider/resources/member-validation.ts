/**
 * Plan-time checks of `keyplane_member`: ValidateResourceConfig with the rules of
 * member-fields.ts (the service's own e-mail format, src/core's scope names), each problem at
 * its attribute; and the planning rules that need the prior state (the default of
 * `suspended`, what an invited member cannot be, what may change when the person accepts).
 * Unknown values are skipped: Terraform validates again once they are known.
 */
import { Diagnostics, errorDiagnostic, isKnown, isUnknown, Unknown, type Diagnostic, type ModifyPlanResponse, type Val } from '../framework/index.js';
import { capitalize } from './issue-text.js';
import { validateMemberFields, type MemberFieldsInput } from '../../core/member-fields.js';
import type { MemberPlan, MemberState } from './member-schema.js';

/** The attribute an issue of member-fields.ts is about, and the title of its diagnostic. */
function placeOf(path: readonly (string | number)[]): { attribute: string; summary: string } {
  switch (path[0]) {
    case 'email':
      return { attribute: 'email', summary: 'Invalid email' };
    case 'display_name':
      return { attribute: 'display_name', summary: 'Invalid display_name' };
    default:
      // `scopes` is a set: no element can be pointed at, so the message quotes the name.
      return { attribute: 'scopes', summary: path.length > 1 ? 'Invalid scope' : 'Too many scopes' };
  }
}

/** Every check of a member's configuration that needs no call to the service. */
export function validateMemberConfig(config: MemberPlan): Diagnostic[] {
  const input: MemberFieldsInput = {};
  if (isKnown(config.email)) input.email = config.email;
  if (isKnown(config.display_name)) input.displayName = config.display_name;
  if (isKnown(config.scopes)) input.scopes = config.scopes.filter((s): s is string => isKnown(s));
  const diags = new Diagnostics();
  for (const issue of validateMemberFields(input)) {
    const { attribute, summary } = placeOf(issue.path);
    diags.error(summary, `${capitalize(issue.message)}.`, [{ attribute }]);
  }
  return diags.list;
}

function cannotSuspendInvited(creating: boolean): Diagnostic {
  const why = creating
    ? 'A new member starts as invited, and an invited member cannot be suspended.'
    : 'This member has not accepted their invitation yet, and an invited member cannot be suspended.';
  return errorDiagnostic(
    'Invited member cannot be suspended',
    `${why} Leave suspended out (or false) until they have accepted; to withdraw the invitation, remove the resource instead.`,
    [{ attribute: 'suspended' }],
  );
}

/** Set equality of two planned string sets, an unknown anywhere counting as a change. */
function sameScopes(a: Val<Val<string>[]>, b: Val<Val<string>[]>): boolean {
  if (!isKnown(a) || !isKnown(b) || a.some(isUnknown) || b.some(isUnknown)) return false;
  const x = new Set(a);
  return x.size === new Set(b).size && b.every((s) => x.has(s));
}

/**
 * The plan after the framework's rules: `suspended` left out means `false` (also when the
 * member was suspended outside Terraform, which the plan then undoes); a change of it changes
 * `status`; an invited member cannot be suspended; and an update of an invited member, who
 * may accept while it runs, leaves their status and link expiry to the apply.
 */
export function modifyMemberPlan(prior: MemberState | null, planned: MemberPlan, config: MemberPlan): ModifyPlanResponse | void {
  if (config.suspended === null) planned.suspended = false;
  if (prior === null) {
    if (planned.suspended === true) return { diagnostics: [cannotSuspendInvited(true)] };
    return;
  }
  if (prior.status === 'invited' && planned.suspended === true) return { diagnostics: [cannotSuspendInvited(false)] };
  const changes = planned.display_name !== prior.display_name || !sameScopes(planned.scopes, prior.scopes) || planned.suspended !== prior.suspended;
  if (!changes) return;
  if (planned.suspended !== prior.suspended || prior.status === 'invited') planned.status = Unknown;
  if (prior.status === 'invited') planned.invitation_expires_at = Unknown;
}
