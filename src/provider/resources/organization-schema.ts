/**
 * The schema of `resource "keyplane_organization"`. Descriptions are the reference documentation.
 */
import {
  boolAttribute,
  defineSchema,
  numberAttribute,
  requiresReplace,
  stringAttribute,
  useStateForUnknown,
  type PlanOf,
  type StateOf,
} from '../framework/index.js';
import { keyPolicyBlock, sessionPolicyBlock } from './organization-policies.js';

const keep = [useStateForUnknown()];

/** `keyplane_organization`: a tenant of the service, managed with an operator key. */
export const organizationSchema = defineSchema({
  description:
    'An organization (tenant) of the Keyplane service, for operators who manage tenants as code. Creating it makes its first administrator key, ' +
    'whose secret the service shows only then: it is kept in `admin_key_secret` (treat the state as secret), with the first owner\'s set-up link. ' +
    'Name, plan, rate limit and policies change in place; a new slug replaces the organization.\n\n' +
    '**Destroying does not delete.** Keyplane has no way to delete an organization: destroying the resource (or replacing it) only removes it from the ' +
    'Terraform state, with a warning, and the organization, its keys and members keep working. Revoke its keys with its admin key to stop them.\n\n' +
    "The provider's key must be a key of the operator organization holding `operator` (the key `keyplane serve` prints on its first start is one); " +
    'give this resource a provider alias configured with it when other resources use a tenant\'s key.',
  attributes: {
    id: stringAttribute({ description: 'Public id of the organization, e.g. `org_01JD3Q4C2B7N9M5K3H1G8F6D4S`. Use it to import.', computed: true, planModifiers: keep }),
    slug: stringAttribute({
      description:
        'Short name: 1 to 32 lower-case letters or digits, unique in the service, e.g. `acme`. It is the tag in the secrets of the organization\'s keys (`nm_acme_…`). ' +
        'Changing it replaces the organization: a new one is created, and the old one stays in the service (see above).',
      required: true,
      planModifiers: [requiresReplace()],
    }),
    name: stringAttribute({ description: 'Display name, e.g. `Acme Corporation`: 1 to 100 characters, one line.', required: true }),
    plan: stringAttribute({
      description: 'Subscription plan: `free`, `team`, `business` or `enterprise`; it decides the default rate limit (60, 500, 2,000 requests a minute; enterprise: `rate_limit_per_minute`). Not set: `free` on create, then as it is.',
      optional: true,
      computed: true,
      planModifiers: keep,
    }),
    rate_limit_per_minute: numberAttribute({
      description: 'Requests a minute each key may make (1 to 1,000,000), overriding the plan\'s figure; required for `enterprise`. Not set: the plan decides.',
      optional: true,
    }),
    effective_rate_limit_per_minute: numberAttribute({ description: 'The limit each key of the organization gets unless it has its own.', computed: true }),
    is_operator: boolAttribute({ description: 'Whether this is the operator organization, which manages the others (only the one made by `keyplane serve`).', computed: true, planModifiers: keep }),
    created_at: stringAttribute({ description: 'When the organization was created (RFC 3339, UTC).', computed: true, planModifiers: keep }),
    updated_at: stringAttribute({ description: 'When the organization was last changed (RFC 3339, UTC).', computed: true }),
    admin_key_id: stringAttribute({
      description: 'Id of the first administrator key, made with the organization (scope `admin`, the key policy\'s default lifetime). Null after import.',
      computed: true,
      planModifiers: keep,
    }),
    admin_key_secret: stringAttribute({
      description:
        'Secret of the first administrator key, shown by the service only when the organization is created, and kept in state (treat the state as secret). ' +
        'Pass it to the tenant, or to a `provider "keyplane"` block that manages the tenant\'s keys. Null after import.',
      computed: true,
      sensitive: true,
      planModifiers: keep,
    }),
    owner_invitation_url: stringAttribute({
      description:
        "One-time link that sets up the organization's first owner (a member holding `admin`), shown only when the organization is created; it works once, until `owner_invitation_expires_at`. Null after import.",
      computed: true,
      sensitive: true,
      planModifiers: keep,
    }),
    owner_invitation_expires_at: stringAttribute({ description: 'Until when `owner_invitation_url` works (RFC 3339, UTC). Null after import.', computed: true, planModifiers: keep }),
  },
  blocks: { key_policy: keyPolicyBlock, session_policy: sessionPolicyBlock },
});

/** An organization as stored in state. */
export type OrganizationState = StateOf<typeof organizationSchema>;
/** An organization's plan or configuration (values may be unknown). */
export type OrganizationPlan = PlanOf<typeof organizationSchema>;
