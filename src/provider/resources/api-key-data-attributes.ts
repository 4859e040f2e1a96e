/**
 * What the key data sources tell about a key: every non-secret attribute of the service's
 * `ApiKey`, described once and mapped once, so that `data "keyplane_api_key"` and each element
 * of `data "keyplane_api_keys"` carry the same attributes with the same meaning.
 */
import type { components } from '../../api/schema.js';
import { mapAttribute, numberAttribute, setAttribute, stringAttribute, type Attributes, type ValueOfType } from '../framework/index.js';

const computed = (description: string) => stringAttribute({ description, computed: true });

/** Descriptions of the key's id and name, which the single data source also takes as input. */
export const KEY_ID_DESCRIPTION = 'Id of the key, e.g. `key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K`.';
export const KEY_NAME_DESCRIPTION = 'What the key is for, e.g. `CRM Sync`.';

/** Every attribute of a key except `id` and `name`, all computed. */
export const apiKeyReadAttributes = {
  organization_id: computed('Id of the organization the key belongs to.'),
  description: computed('Longer explanation; null if none.'),
  scopes: setAttribute('string', { description: 'Scopes granted to the key directly (not those they include).', computed: true }),
  expires_at: computed('When the key stops working (RFC 3339, UTC); null = never.'),
  not_before: computed('When the key starts working (RFC 3339, UTC); null = at once.'),
  ip_rules: setAttribute(['object', { action: 'string', cidr: 'string', note: 'string' }], {
    description:
      'Allow/deny rules by address: `action` (`allow` or `deny`), `cidr` in canonical form (host bits cleared, IPv6 compressed), `note` (or null). Empty: every address is allowed.',
    computed: true,
  }),
  metadata: mapAttribute('string', { description: 'Free-form labels.', computed: true }),
  rate_limit_per_minute: numberAttribute({ description: "The key's own limit in requests a minute; null = the organization's plan decides.", computed: true }),
  hint: computed("The secret's prefix and last four characters, e.g. `nm_acme_…GeZq`."),
  status: computed('`active`, `expired`, `revoked` or `not_yet_valid`, as of the read.'),
  created_at: computed('When the key was created (RFC 3339, UTC).'),
  created_by: computed('Id of the key or member that created this one, or `bootstrap` for the first admin key.'),
  updated_at: computed('When the key was last changed (RFC 3339, UTC).'),
  last_used_at: computed('Last successful use, recorded within a few seconds; null = never used.'),
  revoked_at: computed('When the key was revoked; null = it was not.'),
  rotated_at: computed('When the secret was last rotated; null = never.'),
  previous_secret_expires_at: computed('Until when the secret replaced by the last rotation still works; null = it no longer does.'),
} as const satisfies Attributes;

/** The cty types of attributes, as the attribute types of an object. */
type TypesOf<A extends Attributes> = { -readonly [K in keyof A]: A[K]['type'] };

function typesOf<const A extends Attributes>(attributes: A): TypesOf<A> {
  return Object.fromEntries(Object.entries(attributes).map(([name, a]) => [name, a.type])) as TypesOf<A>;
}

/** The cty object type of one key in `data "keyplane_api_keys"`: `id`, `name` and {@link apiKeyReadAttributes}. */
export const apiKeyObjectType = { id: 'string', name: 'string', ...typesOf(apiKeyReadAttributes) } as const;

/** One key as the data sources hold it. */
export type ApiKeyDataValue = { [K in keyof typeof apiKeyObjectType]: ValueOfType<(typeof apiKeyObjectType)[K]> | null };

/** Every data-source attribute of a key from the service's key (never a secret: `ApiKey` has none). */
export function keyToDataValue(key: components['schemas']['ApiKey']): ApiKeyDataValue & { id: string; name: string } {
  return {
    id: key.id,
    organization_id: key.organization_id,
    name: key.name,
    description: key.description,
    scopes: key.scopes,
    expires_at: key.expires_at,
    not_before: key.not_before,
    ip_rules: key.ip_rules.map((r) => ({ action: r.action, cidr: r.cidr, note: r.note ?? null })),
    metadata: key.metadata,
    rate_limit_per_minute: key.rate_limit_per_minute,
    hint: key.hint,
    status: key.status,
    created_at: key.created_at,
    created_by: key.created_by.id,
    updated_at: key.updated_at,
    last_used_at: key.last_used_at,
    revoked_at: key.revoked_at,
    rotated_at: key.rotated_at,
    previous_secret_expires_at: key.previous_secret_expires_at,
  };
}
