/**
 * The schema of `resource "keyplane_member"`. Descriptions are the reference documentation.
 */
import {
  boolAttribute,
  defineSchema,
  requiresReplace,
  setAttribute,
  stringAttribute,
  useStateForUnknown,
  type PlanOf,
  type StateOf,
} from '../framework/index.js';

const keep = [useStateForUnknown()];

/** E-mails are one member per organization ignoring case: `Ada@Example.com` is `ada@example.com`. */
export function sameEmail(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
}

/** `keyplane_member`: one person of the organization of the provider's key. */
export const memberSchema = defineSchema({
  description:
    'A person of the organization the provider authenticates to, who signs in to the console with an e-mail and a password. ' +
    'Creating the resource invites them: the one-time invitation link is in `invitation_url` (Keyplane sends no e-mail; pass it on). ' +
    'Display name, scopes and suspension change in place; a new e-mail replaces the member. Destroying the resource removes the member and ends their sessions; ' +
    'the keys they made stay with the organization. The provider\'s key needs `admin`, and every scope it grants.',
  attributes: {
    id: stringAttribute({ description: 'Public id of the member, e.g. `mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K`. Use it to import.', computed: true, planModifiers: keep }),
    email: stringAttribute({
      description:
        'The person\'s e-mail address, with which they sign in (at most 254 characters). Unique in the organization, ignoring case: ' +
        'a change of letter case only is no change. Changing it replaces the member: the old one is removed and the new address gets a new invitation.',
      required: true,
      planModifiers: [requiresReplace()],
      semanticEquals: sameEmail,
    }),
    display_name: stringAttribute({ description: 'How the member is named in the console and the audit trail, e.g. `Ada Lovelace` (1 to 100 characters, one line).', optional: true }),
    scopes: setAttribute('string', {
      description:
        "Scopes the member holds, from the organization's catalog or built-in (`keys:read`, `audit:read`, `admin`...); may be empty. " +
        "The provider's own key must hold each of them. Order does not matter; a change takes effect on the member's next request.",
      required: true,
    }),
    suspended: boolAttribute({
      description:
        'Whether the member is suspended: their sessions end at once and they cannot sign in until it is `false` again. Default `false`. ' +
        'Only a member who has accepted their invitation can be suspended (an invited one is removed instead, which withdraws the invitation).',
      optional: true,
      computed: true,
    }),
    status: stringAttribute({
      description: '`invited` (the invitation has not been accepted yet), `active` or `suspended`. An invited member becomes active by accepting the invitation, outside Terraform.',
      computed: true,
      planModifiers: keep,
    }),
    created_at: stringAttribute({ description: 'When the member was invited (RFC 3339, UTC).', computed: true, planModifiers: keep }),
    invitation_url: stringAttribute({
      description:
        'The one-time invitation link to pass on to the person, who sets a password with it (it works once, until `invitation_expires_at`). ' +
        'Known only after the member is created, and kept in state (treat the state as secret); null after `terraform import`, because the service shows a link only once. ' +
        'A lost or expired link is replaced with `keyplane members reset-link <id>`.',
      computed: true,
      sensitive: true,
      planModifiers: keep,
    }),
    invitation_token: stringAttribute({
      description: 'The token of `invitation_url` alone, for `POST /v1/invitations/accept`. Set at creation like `invitation_url`, null after import.',
      computed: true,
      sensitive: true,
      planModifiers: keep,
    }),
    invitation_expires_at: stringAttribute({
      description: 'Until when the member\'s open invitation or password reset link works (RFC 3339, UTC); null when none is open (accepted, or expired).',
      computed: true,
      planModifiers: keep,
    }),
  },
});

/** A member as stored in state. */
export type MemberState = StateOf<typeof memberSchema>;
/** A member's plan or configuration (values may be unknown). */
export type MemberPlan = PlanOf<typeof memberSchema>;
