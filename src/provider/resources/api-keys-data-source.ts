/**
 * `data "keyplane_api_keys"`: the organization's keys, filtered as GET /v1/keys filters them,
 * every page of them. Each key carries the attributes of `data "keyplane_api_key"`; never a
 * secret.
 */
import { FILTER_TEXT_PATTERN } from '../../core/display-text.js';
import { KEY_LIMITS, textLength } from '../../core/key-fields.js';
import { SCOPE_NAME_PATTERN } from '../../core/scopes.js';
import type { KeyStatus } from '../../core/types.js';
import { defineSchema, errorDiagnostic, listAttribute, stringAttribute, type DataSource, type Diagnostic } from '../framework/index.js';
import type { KeyplaneProviderData } from '../provider-data.js';
import { apiErrorDiagnostics } from './api-errors.js';
import { apiKeyObjectType, keyToDataValue } from './api-key-data-attributes.js';
import { listAllKeys, type KeyListFilters } from './api-key-lookup.js';

/** The statuses the contract's `status` filter takes (openapi.yaml `KeyStatus`). */
export const KEY_STATUSES = ['active', 'expired', 'revoked', 'not_yet_valid'] as const satisfies readonly KeyStatus[];

/** `data "keyplane_api_keys"`: filters in, `keys` out. */
export const apiKeysDataSourceSchema = defineSchema({
  description:
    'The API keys of the organization the provider authenticates to, oldest first, optionally filtered as `GET /v1/keys` filters them; ' +
    'filters given together must all hold. Every page is read. Without `status`, revoked keys are listed too. ' +
    'Each key has the attributes of the `keyplane_api_key` data source, never the secret. The provider\'s key needs `keys:read`.',
  attributes: {
    status: stringAttribute({
      description: 'Only keys with this status at the time of the read: `active`, `expired`, `revoked` or `not_yet_valid`. Not set: every status.',
      optional: true,
    }),
    scope: stringAttribute({
      description: 'Only keys granted this scope directly (a key holding a scope that includes it is not listed), e.g. `keys:read` or `agentic`. Not set: any scopes.',
      optional: true,
    }),
    name_contains: stringAttribute({
      description: 'Only keys whose name contains this text, ignoring letter case (1 to 100 characters, no control characters). Not set: any name.',
      optional: true,
    }),
    keys: listAttribute(['object', apiKeyObjectType], {
      description:
        'The keys found, oldest first: `id`, `name` and every other attribute of the `keyplane_api_key` data source ' +
        '(`organization_id`, `description`, `scopes`, `expires_at`, `not_before`, `ip_rules`, `metadata`, `rate_limit_per_minute`, `hint`, `status`, ' +
        '`created_at`, `created_by`, `updated_at`, `last_used_at`, `revoked_at`, `rotated_at`, `previous_secret_expires_at`). Empty when none matches.',
      computed: true,
    }),
  },
});

const knownText = (value: unknown): value is string => typeof value === 'string';

/** Each filter against the contract's rules for it, at its attribute. Unknown values pass. */
export function validateApiKeysFilters(config: { status: unknown; scope: unknown; name_contains: unknown }): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (knownText(config.status) && !(KEY_STATUSES as readonly string[]).includes(config.status)) {
    diagnostics.push(
      errorDiagnostic('Invalid status', `${JSON.stringify(config.status)} is not a key status; use one of ${KEY_STATUSES.map((s) => `"${s}"`).join(', ')}.`, [{ attribute: 'status' }]),
    );
  }
  if (knownText(config.scope) && !SCOPE_NAME_PATTERN.test(config.scope)) {
    diagnostics.push(
      errorDiagnostic(
        'Invalid scope',
        `${JSON.stringify(config.scope)} is not a scope name: a letter, then up to 63 letters, digits, "_", ".", ":" or "-" (for example "keys:read" or "agentic").`,
        [{ attribute: 'scope' }],
      ),
    );
  }
  if (knownText(config.name_contains)) {
    const length = textLength(config.name_contains);
    if (length === 0 || length > KEY_LIMITS.name) {
      diagnostics.push(errorDiagnostic('Invalid name_contains', `Give 1 to ${KEY_LIMITS.name} characters (a key's name is no longer); this text has ${length}.`, [{ attribute: 'name_contains' }]));
    } else if (!FILTER_TEXT_PATTERN.test(config.name_contains)) {
      diagnostics.push(
        errorDiagnostic('Invalid name_contains', 'The text holds a control character (such as a line break or a tab), which no key name can hold; remove it.', [{ attribute: 'name_contains' }]),
      );
    }
  }
  return diagnostics;
}

/** The query filters of a (validated, known) configuration. */
export function keyListFilters(config: { status: unknown; scope: unknown; name_contains: unknown }): KeyListFilters {
  const filters: KeyListFilters = {};
  if (knownText(config.status)) filters.status = config.status as KeyStatus;
  if (knownText(config.scope)) filters.scope = config.scope;
  if (knownText(config.name_contains)) filters.name = config.name_contains;
  return filters;
}

/** `data "keyplane_api_keys"`: GET /v1/keys with the filters, every page. */
export const apiKeysDataSource: DataSource<typeof apiKeysDataSourceSchema, KeyplaneProviderData> = {
  typeName: 'keyplane_api_keys',
  schema: apiKeysDataSourceSchema,

  validateConfig: ({ config }) => validateApiKeysFilters(config),

  async read({ config, context }) {
    const { data: keys, error } = await listAllKeys(context.provider.client.api, keyListFilters(config), context.stopSignal);
    if (error) return { state: null, diagnostics: apiErrorDiagnostics(error, 'list the API keys') };
    return {
      state: {
        status: config.status as string | null,
        scope: config.scope as string | null,
        name_contains: config.name_contains as string | null,
        keys: keys.map(keyToDataValue),
      },
    };
  },
};
