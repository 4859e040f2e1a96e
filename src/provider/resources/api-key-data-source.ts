/**
 * `data "keyplane_api_key"`: one key of the organization, by id or by name, with everything the
 * service tells about it except the secret (which it never shows again).
 */
import { FILTER_TEXT_PATTERN } from '../../core/display-text.js';
import { isId } from '../../core/ids.js';
import { KEY_LIMITS, textLength } from '../../core/key-fields.js';
import { defineSchema, errorDiagnostic, isUnknown, stringAttribute, type DataSource, type Diagnostic, type RequestContext, type StateResponse } from '../framework/index.js';
import type { KeyplaneProviderData } from '../provider-data.js';
import { apiErrorDiagnostics } from './api-errors.js';
import { apiKeyReadAttributes, KEY_ID_DESCRIPTION, KEY_NAME_DESCRIPTION, keyToDataValue } from './api-key-data-attributes.js';
import { listAllKeys, matchKeyName, type NameMatch } from './api-key-lookup.js';

/** `data "keyplane_api_key"`: every non-secret attribute of a key. */
export const apiKeyDataSourceSchema = defineSchema({
  description:
    'One API key of the organization the provider authenticates to, by `id` or by `name`: name, scopes, IP rules, lifetime, status and usage. ' +
    'Never the secret, which the service shows only when the key is created or rotated. The provider\'s key needs `keys:read`.\n\n' +
    'By name, the key must be the only key of that exact name (letter case included) that is not revoked: names are unique only by convention, ' +
    'so several keys of one name are an error that lists their ids (use `id` then). Revoked keys are never found by name; expired ones are.',
  attributes: {
    id: stringAttribute({ description: `${KEY_ID_DESCRIPTION} Give either \`id\` or \`name\`; when reading by name, the id of the key found.`, optional: true, computed: true }),
    name: stringAttribute({
      description: `${KEY_NAME_DESCRIPTION} Give either \`id\` or \`name\`: by name, the key that is not revoked and has exactly this name. When reading by id, the key's name.`,
      optional: true,
      computed: true,
    }),
    ...apiKeyReadAttributes,
  },
});

const given = (value: unknown) => value !== null; // unknown counts as given: it will be known at read

/** Exactly one of `id` and `name`, each well-formed. Unknown values pass: Terraform validates again once they are known. */
export function validateApiKeyLookup(config: { id: unknown; name: unknown }): Diagnostic[] {
  if (given(config.id) && given(config.name)) {
    return [errorDiagnostic('Conflicting arguments', 'Give either id or name, not both: id reads that key; name looks the key up by its name.', [{ attribute: 'name' }])];
  }
  if (!given(config.id) && !given(config.name)) {
    return [errorDiagnostic('Missing key to read', 'Give id (e.g. id = "key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K") or name (e.g. name = "CRM Sync") to say which key to read.', [{ attribute: 'id' }])];
  }
  const { id, name } = config;
  if (typeof id === 'string' && !isUnknown(id) && !isId('key', id)) {
    return [errorDiagnostic('Invalid id', `${JSON.stringify(id)} is not a key id; write one like "key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K" (see keyplane keys list), or look the key up by name.`, [{ attribute: 'id' }])];
  }
  if (typeof name === 'string' && !isUnknown(name)) {
    const length = textLength(name);
    if (length === 0 || length > KEY_LIMITS.name) {
      return [errorDiagnostic('Invalid name', `A key's name has 1 to ${KEY_LIMITS.name} characters; this one has ${length}, so no key can have it.`, [{ attribute: 'name' }])];
    }
    if (!FILTER_TEXT_PATTERN.test(name)) {
      return [errorDiagnostic('Invalid name', 'The name holds a control character (such as a line break or a tab), which no key name can hold; remove it.', [{ attribute: 'name' }])];
    }
  }
  return [];
}

/** The diagnostic for a name that stands for no key, or for several. */
export function nameMatchDiagnostic(name: string, match: Exclude<NameMatch, { kind: 'found' }>): Diagnostic {
  const quoted = JSON.stringify(name);
  if (match.kind === 'ambiguous') {
    return errorDiagnostic(
      'Ambiguous API key name',
      `${match.ids.length} keys that are not revoked are named ${quoted}: ${match.ids.join(', ')}. Names are unique only by convention; ` +
        'read the key you mean by its id instead (id = "<one of these>"), or rename the others.',
      [{ attribute: 'name' }],
    );
  }
  const hints: string[] = [];
  if (match.otherCase.length > 0) hints.push(`Names differing only in letter case exist: ${match.otherCase.map((n) => JSON.stringify(n)).join(', ')}.`);
  if (match.revokedIds.length > 0) hints.push(`Revoked keys of that name are not found by name: ${match.revokedIds.join(', ')} (read one by its id).`);
  return errorDiagnostic(
    'API key not found',
    [`No key that is not revoked is named exactly ${quoted} in the organization of the provider's key.`, ...hints].join(' '),
    [{ attribute: 'name' }],
  );
}

type State = StateResponse<typeof apiKeyDataSourceSchema>;

/** Through the provider's key reader (gathered with the resources' refreshes); a key that does not exist is an error at `id`. */
async function readById(id: string, context: RequestContext<KeyplaneProviderData>): Promise<State> {
  const { data: key, error } = await context.provider.readKey(id);
  if (error) return { state: null, diagnostics: apiErrorDiagnostics(error, `read the API key ${id}`) };
  if (key === null) {
    return { state: null, diagnostics: [errorDiagnostic('API key not found', `There is no key ${id} in the organization of the provider's key.`, [{ attribute: 'id' }])] };
  }
  return { state: keyToDataValue(key) };
}

/** Every key whose name contains `name` (the service's filter ignores case), then the exact match. */
async function readByName(name: string, context: RequestContext<KeyplaneProviderData>): Promise<State> {
  const { data: keys, error } = await listAllKeys(context.provider.client.api, { name }, context.stopSignal);
  if (error) return { state: null, diagnostics: apiErrorDiagnostics(error, `look up the API key named ${JSON.stringify(name)}`) };
  const match = matchKeyName(keys, name);
  if (match.kind === 'found') return { state: keyToDataValue(match.key) };
  return { state: null, diagnostics: [nameMatchDiagnostic(name, match)] };
}

/** `data "keyplane_api_key"`: by id (the provider's key reader) or by name (GET /v1/keys?name=, every page). */
export const apiKeyDataSource: DataSource<typeof apiKeyDataSourceSchema, KeyplaneProviderData> = {
  typeName: 'keyplane_api_key',
  schema: apiKeyDataSourceSchema,

  validateConfig: ({ config }) => validateApiKeyLookup(config),

  async read({ config, context }) {
    // Known here (Terraform defers a data source whose configuration is unknown); validated: exactly one is set.
    if (typeof config.id === 'string') return readById(config.id, context);
    return readByName(config.name as string, context);
  },
};
