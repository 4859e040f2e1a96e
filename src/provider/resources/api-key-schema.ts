/**
 * The schema of `resource "keyplane_api_key"`. Descriptions are the reference documentation.
 */
import {
  boolAttribute,
  defineSchema,
  mapAttribute,
  numberAttribute,
  setAttribute,
  setNestedBlock,
  singleNestedBlock,
  stringAttribute,
  useStateForUnknown,
  withSemanticEquals,
  type PlanOf,
  type StateOf,
} from '../framework/index.js';
import { sameDuration, sameInstant, sameIpRuleBlocks, sameMapOrEmpty, sameRotationBlock, sameSetOrEmpty } from './same-meaning.js';

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

/** The `rotation` block: when the secret is rotated in place, and how long the replaced one keeps working. */
export const rotationBlock = withSemanticEquals(
  singleNestedBlock({
    description:
      'Rotates the secret in place on a schedule: a plan made once `every` has passed, or once the key expires within `before_expiry`, proposes the rotation, ' +
      'and the apply issues the new secret (renewing the expiry when `expires_after` is set). Set `every`, `before_expiry`, or both; ' +
      'with `rotation_triggers`, a block with only `overlap` sets the overlap of the rotations they cause. ' +
      'A rotation happens when Terraform runs: schedule plans and applies more often than these durations. ' +
      'Whether one is due is decided as of the plan\'s refresh, so a saved plan applied later does what it showed; a rotation that fell due in between is proposed by the next plan. ' +
      'A key that expired while it has this block is kept and rotated back into use by the next apply, instead of being re-created.',
    attributes: {
      every: stringAttribute({
        description: 'Rotate when this long has passed since the key was created or last rotated, e.g. `90d` or `2160h` (units `d`, `h`, `m`, `s`).',
        optional: true,
        semanticEquals: sameDuration,
      }),
      before_expiry: stringAttribute({
        description:
          'Rotate when the key expires within this long, e.g. `7d`. Must be shorter than `expires_after`, or every plan would rotate. ' +
          'With `expires_after`, the rotation renews the expiry, so the key never lapses as long as Terraform runs within this window.',
        optional: true,
        semanticEquals: sameDuration,
      }),
      overlap: stringAttribute({
        description:
          'How long the replaced secret keeps working after a rotation, so integrations can switch without downtime, e.g. `24h` (at most `7d`). ' +
          'Left out: the old secret stops at once. A key that had already expired gets no overlap: its old secret stays dead.',
        optional: true,
        semanticEquals: sameDuration,
      }),
    },
  }),
  sameRotationBlock,
);


/** `keyplane_api_key`: one API key of the organization of the provider's key. */
export const apiKeySchema = defineSchema({
  description:
    'An API key of the organization the provider authenticates to. Every argument can be changed in place; ' +
    'the secret is rotated in place when `rotation_triggers` change or the `rotation` block says it is due. ' +
    'The expiry is a fixed time (`expires_at`), a lifetime renewed at each rotation (`expires_after`), none (`never_expires`), or the organization\'s default. ' +
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
        "Left out: the time comes from `expires_after`, `never_expires` (null), or else the organization's default lifetime, and the time chosen is shown here. " +
        'Conflicts with `expires_after` and `never_expires`. Any notation of the same instant is accepted (the service answers in UTC with milliseconds).',
      optional: true,
      computed: true,
      planModifiers: keep,
      semanticEquals: sameInstant,
    }),
    expires_after: stringAttribute({
      description:
        'How long the key lives, e.g. `90d` or `2160h` (units `d`, `h`, `m`, `s`): `expires_at` is set to the time of creation plus this, ' +
        'and again to the time of each rotation plus this, so a rotated key never runs out. Changing it sets `expires_at` to now plus the new value. ' +
        "The service counts it on its own clock, so a lifetime of exactly the organization's maximum is never refused because this machine's clock runs ahead. " +
        "At most the organization's maximum key lifetime (checked at plan). Conflicts with `expires_at` and `never_expires`.",
      optional: true,
      semanticEquals: sameDuration,
    }),
    never_expires: boolAttribute({
      description:
        "`true`: the key never expires (`expires_at` is null). Only where the organization's key policy has no maximum lifetime; otherwise the plan fails naming the policy. " +
        'Setting it back to `false` or leaving it out keeps the key as it is; give `expires_at` or `expires_after` to bound it. Conflicts with `expires_at` and `expires_after`.',
      optional: true,
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
        'Deprecated: use `rotation { every = ... }`. Rotate the secret when this much time has passed since the key was created or last rotated, e.g. `2160h` or `90d` ' +
        '(units `s`, `m`, `h`, `d`). A plan made after that moment proposes the rotation. Conflicts with the `rotation` block.',
      optional: true,
      semanticEquals: sameDuration,
      deprecationMessage: 'Use the rotation block instead: rotation { every = "90d" }.',
    }),
    rotation_grace_period: stringAttribute({
      description:
        'Deprecated: use `rotation { overlap = ... }`. How long the replaced secret keeps working after a rotation, e.g. `24h` (at most `7d`). ' +
        'Left out: the old secret stops at once. Conflicts with the `rotation` block.',
      optional: true,
      semanticEquals: sameDuration,
      deprecationMessage: 'Use the rotation block instead: rotation { overlap = "24h" } (with every or before_expiry, or alone with rotation_triggers).',
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
    status: stringAttribute({
      description:
        '`active`, `not_yet_valid`, or `expired` for an expired key with a `rotation` block (the next apply rotates it back into use). ' +
        'A revoked key, or an expired one without a `rotation` block, is re-created by the next apply.',
      computed: true,
      planModifiers: keep,
    }),
    created_at: stringAttribute({ description: 'When the key was created (RFC 3339, UTC).', computed: true, planModifiers: keep }),
    rotated_at: stringAttribute({ description: 'When the secret was last rotated; null if never.', computed: true, planModifiers: keep }),
  },
  blocks: {
    ip_rule: ipRuleBlock,
    rotation: rotationBlock,
  },
});

/** An API key as stored in state. */
export type ApiKeyState = StateOf<typeof apiKeySchema>;
/** An API key's plan or configuration (values may be unknown). */
export type ApiKeyPlan = PlanOf<typeof apiKeySchema>;
/** One `ip_rule` block as stored in state. */
export type IpRuleBlock = ApiKeyState['ip_rule'][number];
/** The `rotation` block as stored in state (null when absent). */
export type RotationBlock = ApiKeyState['rotation'];
