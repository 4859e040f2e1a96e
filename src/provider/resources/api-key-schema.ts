/**
 * The schema of `resource "keyplane_api_key"`. Descriptions are the reference documentation.
 */
import {
  defineSchema,
  mapAttribute,
  numberAttribute,
  setAttribute,
  setNestedBlock,
  stringAttribute,
  useStateForUnknown,
  withSemanticEquals,
  type PlanOf,
  type StateOf,
} from '../framework/index.js';
import { sameDuration, sameInstant, sameIpRuleBlocks, sameMapOrEmpty, sameSetOrEmpty } from './semantic-equality.js';

const keep = [useStateForUnknown()];

/**
 * The `ip_rule` blocks of a key: a set whose notation may differ from the service's canonical
 * one. Shared by the resource and the ephemeral resource.
 */
export const ipRuleBlock = withSemanticEquals(
  setNestedBlock({
    description:
      'Allows or denies an address or CIDR block. A request from an address matching any `deny` is refused; with at least one `allow`, the address must match one. ' +
      'No rules: every address is allowed. Order does not matter; `10.0.0.1/24` and `10.0.0.0/24` mean the same.',
    maxItems: 100,
    attributes: {
      action: stringAttribute({ description: '`allow` or `deny`.', required: true }),
      cidr: stringAttribute({ description: 'An IPv4 or IPv6 address or CIDR block, e.g. `203.0.113.0/24` or `2001:db8::/32`.', required: true }),
      note: stringAttribute({ description: 'Why the rule exists (up to 200 characters).', optional: true }),
    },
  }),
  sameIpRuleBlocks,
);

/** `keyplane_api_key`: one API key of the organization of the provider's key. */
export const apiKeySchema = defineSchema({
  description:
    'An API key of the organization the provider authenticates to. Every argument can be changed in place; ' +
    'the secret is rotated in place when `rotation_triggers` change or `rotation_period` has elapsed. ' +
    'Destroying the resource revokes the key at once and for good.',
  attributes: {
    id: stringAttribute({ description: 'Public id of the key, e.g. `key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K`. Use it to import.', computed: true, planModifiers: keep }),
    name: stringAttribute({ description: 'What the key is for, e.g. `CRM Sync` (1 to 100 characters).', required: true }),
    description: stringAttribute({ description: 'Longer explanation, up to 1,000 characters.', optional: true }),
    scopes: setAttribute('string', {
      description: 'Scopes granted to the key, from the organization\'s catalog or built-in (`keys:read`...). The provider\'s own key must hold each of them. Order does not matter.',
      optional: true,
      semanticEquals: sameSetOrEmpty,
    }),
    expires_at: stringAttribute({
      description:
        'When the key stops working, as an RFC 3339 time (`2027-02-20T00:00:00Z`). Must be in the future. ' +
        "Left out: the organization's default lifetime applies, and the time chosen is shown here. " +
        'Any notation of the same instant is accepted (the service answers in UTC with milliseconds).',
      optional: true,
      computed: true,
      planModifiers: keep,
      semanticEquals: sameInstant,
    }),
    not_before: stringAttribute({
      description: 'When the key starts working, as an RFC 3339 time; must be earlier than `expires_at`. Left out: at once.',
      optional: true,
      semanticEquals: sameInstant,
    }),
    metadata: mapAttribute('string', {
      description: 'Free-form labels, at most 50; keys of letters, digits and `_ . : / -` up to 64 characters, values up to 500 characters.',
      optional: true,
      semanticEquals: sameMapOrEmpty,
    }),
    rate_limit_per_minute: numberAttribute({
      description: "The key's own limit in requests a minute, at most the organization's. Left out: the organization's plan decides.",
      optional: true,
    }),
    rotation_triggers: mapAttribute('string', {
      description:
        'Arbitrary values that rotate the secret in place whenever any of them changes (like the `keepers` of the random provider), ' +
        'e.g. `{ quarter = "2026-Q3" }`. Adding triggers to a key that has none records them without rotating.',
      optional: true,
    }),
    rotation_period: stringAttribute({
      description:
        'Rotate the secret when this much time has passed since the key was created or last rotated, e.g. `2160h` or `90d` ' +
        '(units `s`, `m`, `h`, `d`). A plan made after that moment proposes the rotation.',
      optional: true,
      semanticEquals: sameDuration,
    }),
    rotation_grace_period: stringAttribute({
      description:
        'How long the replaced secret keeps working after a rotation, e.g. `24h` (at most `7d`). Left out: the old secret stops at once.',
      optional: true,
      semanticEquals: sameDuration,
    }),
    secret: stringAttribute({
      description:
        'The full key, to hand to the integration that will use it. Known only after the key is created or rotated, and kept in state (treat the state as secret). ' +
        'It is null after `terraform import`, because the service never reveals a secret again: rotate (change `rotation_triggers`) to get one.',
      computed: true,
      sensitive: true,
      planModifiers: keep,
    }),
    hint: stringAttribute({ description: "The secret's prefix and last four characters, e.g. `nm_acme_…GeZq`, to recognise the key.", computed: true, planModifiers: keep }),
    status: stringAttribute({ description: '`active` or `not_yet_valid` (a revoked or expired key is re-created by the next apply).', computed: true, planModifiers: keep }),
    created_at: stringAttribute({ description: 'When the key was created (RFC 3339, UTC).', computed: true, planModifiers: keep }),
    rotated_at: stringAttribute({ description: 'When the secret was last rotated; null if never.', computed: true, planModifiers: keep }),
  },
  blocks: {
    ip_rule: ipRuleBlock,
  },
});

/** An API key as stored in state. */
export type ApiKeyState = StateOf<typeof apiKeySchema>;
/** An API key's plan or configuration (values may be unknown). */
export type ApiKeyPlan = PlanOf<typeof apiKeySchema>;
/** One `ip_rule` block as stored in state. */
export type IpRuleBlock = ApiKeyState['ip_rule'][number];
