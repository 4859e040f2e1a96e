/**
 * `data "keyplane_api_key"`: one key of the organization, by id, with everything the service
 * tells about it except the secret (which it never shows again).
 */
import type { components } from '../../api/schema.js';
import { KeyplaneProblemError, unwrap } from '../../client/index.js';
import { isId } from '../../core/ids.js';
import {
  defineSchema,
  errorDiagnostic,
  isUnknown,
  mapAttribute,
  numberAttribute,
  setAttribute,
  stringAttribute,
  type DataSource,
  type StateOf,
} from '../framework/index.js';
import type { KeyplaneProviderData } from '../provider-data.js';
import { apiErrorDiagnostics } from './api-errors.js';

const computed = (description: string) => stringAttribute({ description, computed: true });

/** `data "keyplane_api_key"`: every non-secret attribute of a key. */
export const apiKeyDataSourceSchema = defineSchema({
  description:
    'One API key of the organization the provider authenticates to, by id: name, scopes, IP rules, lifetime, status and usage. ' +
    'Never the secret, which the service shows only when the key is created or rotated. The provider\'s key needs `keys:read`.',
  attributes: {
    id: stringAttribute({ description: 'Id of the key to read, e.g. `key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K`.', required: true }),
    organization_id: computed('Id of the organization the key belongs to.'),
    name: computed('What the key is for.'),
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
  },
});

type ApiKeyDataState = StateOf<typeof apiKeyDataSourceSchema>;

/** Every attribute of the data source from the service's key. */
export function keyToDataState(key: components['schemas']['ApiKey']): ApiKeyDataState {
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

/** `data "keyplane_api_key"`: GET /v1/keys/{id}; a key that does not exist is an error at `id`. */
export const apiKeyDataSource: DataSource<typeof apiKeyDataSourceSchema, KeyplaneProviderData> = {
  typeName: 'keyplane_api_key',
  schema: apiKeyDataSourceSchema,

  validateConfig({ config }) {
    if (isUnknown(config.id) || config.id === null || isId('key', config.id)) return [];
    return [errorDiagnostic('Invalid id', `${JSON.stringify(config.id)} is not a key id; write one like "key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K" (see keyplane keys list).`, [{ attribute: 'id' }])];
  },

  async read({ config, context }) {
    const id = config.id as string; // required, and known when Terraform reads a data source
    const { api } = context.provider.client;
    try {
      const key = unwrap(await api.GET('/v1/keys/{key_id}', { params: { path: { key_id: id } }, signal: context.stopSignal }));
      return { state: keyToDataState(key) };
    } catch (error) {
      if (error instanceof KeyplaneProblemError && error.status === 404) {
        return {
          state: null,
          diagnostics: [errorDiagnostic('API key not found', `There is no key ${id} in the organization of the provider's key.`, [{ attribute: 'id' }])],
        };
      }
      return { state: null, diagnostics: apiErrorDiagnostics(error, `read the API key ${id}`) };
    }
  },
};
