/**
 * `ephemeral "keyplane_api_key"` (Terraform 1.10+): a short-lived key made for one Terraform
 * run and revoked when Terraform closes it at the end of that run, so its secret is never
 * written to a plan or a state. It expires after `ttl` anyway, should the close never come
 * (a killed run). Terraform opens it in every run that needs its value (plan and apply each
 * open their own key).
 */
import type { components } from '../../api/schema.js';
import { parseDuration } from '../../core/duration.js';
import {
  Diagnostics,
  defineSchema,
  isUnknown,
  mapAttribute,
  setAttribute,
  stringAttribute,
  type EphemeralResource,
  type PathStep,
  type StateOf,
} from '../framework/index.js';
import type { KeyplaneProviderData } from '../provider-data.js';
import { callService } from '../service-result.js';
import { apiErrorDiagnostics } from './api-errors.js';
import { ipRuleBlock } from './api-key-schema.js';
import { checkIpRuleBlocks, checkKeyFields } from './api-key-validation.js';
import { toApiIpRules } from './ip-rule-blocks.js';
import { capitalize } from './issue-text.js';

/** The lifetime of an ephemeral key whose `ttl` is left out. */
export const DEFAULT_EPHEMERAL_TTL = '1h';

/** `ephemeral "keyplane_api_key"`: the key's fields as for the resource, `ttl` instead of `expires_at`. */
export const apiKeyEphemeralSchema = defineSchema({
  description:
    'A short-lived API key for the duration of one Terraform run: created when Terraform opens it and revoked when Terraform closes it, ' +
    'so its secret never lands in a plan or state file. Use its `secret` where ephemeral values are allowed: a provider configuration, ' +
    'a `locals` value used there, an ephemeral output or variable, a write-only attribute. ' +
    'Terraform opens one key per run that needs it (a plan and an apply each get their own). Requires Terraform 1.10 or later.',
  attributes: {
    name: stringAttribute({ description: 'What the key is for, e.g. `terraform-ci` (1 to 100 characters).', required: true }),
    description: stringAttribute({ description: 'Longer explanation, up to 1,000 characters.', optional: true }),
    scopes: setAttribute('string', {
      description: "Scopes granted to the key. The provider's own key must hold each of them. Order does not matter.",
      optional: true,
    }),
    metadata: mapAttribute('string', {
      description: 'Free-form labels, at most 50; keys of letters, digits and `_ . : / -` up to 64 characters, values up to 500 characters.',
      optional: true,
    }),
    ttl: stringAttribute({
      description:
        `How long the key works at most, from the moment it is opened, e.g. \`30m\`, \`2h\` or \`1h30m\` (units \`s\`, \`m\`, \`h\`, \`d\`). Default \`${DEFAULT_EPHEMERAL_TTL}\`. ` +
        "The key is revoked at the end of the run anyway; the expiry covers a run that never ends properly. The organization's maximum lifetime applies.",
      optional: true,
    }),
    id: stringAttribute({ description: 'Public id of the key.', computed: true }),
    secret: stringAttribute({ description: 'The full key. Ephemeral: never stored in a plan or state.', computed: true, sensitive: true }),
    hint: stringAttribute({ description: "The secret's prefix and last four characters, to recognise the key in the audit trail.", computed: true }),
    expires_at: stringAttribute({ description: 'When the key stops working (RFC 3339, UTC): when it was opened plus `ttl`.', computed: true }),
  },
  blocks: { ip_rule: ipRuleBlock },
});

type EphemeralKey = StateOf<typeof apiKeyEphemeralSchema>;

/** What open hands to close: enough to revoke the key. */
interface EphemeralKeyPrivate {
  id: string;
}

/** The seconds of a valid, positive ttl; otherwise undefined, with a diagnostic at `ttl`. */
function ttlDiagnostics(ttl: string, diags: Diagnostics): number | undefined {
  const path: PathStep[] = [{ attribute: 'ttl' }];
  const parsed = parseDuration(ttl);
  if (!parsed.ok) diags.error('Invalid ttl', `${capitalize(parsed.message)}.`, path);
  else if (parsed.seconds === 0) diags.error('Invalid ttl', 'ttl must be longer than zero, e.g. "30m".', path);
  else return parsed.seconds;
  return undefined;
}

/** `ephemeral "keyplane_api_key"`: open = POST /v1/keys (private data: the id), close = revoke. */
export const apiKeyEphemeralResource: EphemeralResource<typeof apiKeyEphemeralSchema, KeyplaneProviderData> = {
  typeName: 'keyplane_api_key',
  schema: apiKeyEphemeralSchema,

  validateConfig({ config }) {
    const diags = new Diagnostics();
    checkKeyFields(config, diags);
    checkIpRuleBlocks(config.ip_rule, diags);
    if (config.ttl !== null && !isUnknown(config.ttl)) ttlDiagnostics(config.ttl, diags);
    return diags.list;
  },

  async open({ config, context }) {
    const { api } = context.provider.client;
    const wanted = config as EphemeralKey; // Terraform opens an ephemeral resource only with a wholly known configuration
    const diags = new Diagnostics();
    const ttl = ttlDiagnostics(wanted.ttl ?? DEFAULT_EPHEMERAL_TTL, diags);
    if (ttl === undefined) return { diagnostics: diags.list };

    const body: components['schemas']['CreateKeyRequest'] = { name: wanted.name, expires_at: new Date(Date.now() + ttl * 1000).toISOString() };
    if (wanted.description !== null) body.description = wanted.description;
    if (wanted.scopes !== null) body.scopes = wanted.scopes;
    if (wanted.metadata !== null) body.metadata = wanted.metadata;
    if (wanted.ip_rule.length > 0) body.ip_rules = toApiIpRules(wanted.ip_rule);
    const { data: key, error } = await callService(api.POST('/v1/keys', { body }));
    if (error) {
      const diagnostics = apiErrorDiagnostics(error, `create the ephemeral API key ${JSON.stringify(wanted.name)}`);
      // The expiry is made from ttl (e.g. beyond the organization's maximum lifetime): say so, at ttl.
      return {
        diagnostics: diagnostics.map((d) =>
          d.path?.[0] && 'attribute' in d.path[0] && d.path[0].attribute === 'expires_at'
            ? { ...d, detail: `With ttl = ${JSON.stringify(wanted.ttl ?? DEFAULT_EPHEMERAL_TTL)}: ${d.detail ?? ''}`, path: [{ attribute: 'ttl' }] }
            : d,
        ),
      };
    }
    const opened: EphemeralKeyPrivate = { id: key.id };
    return {
      result: { ...wanted, id: key.id, secret: key.secret, hint: key.hint, expires_at: key.expires_at },
      private: opened,
    };
  },

  async close({ private: opened, context }) {
    const id = (opened as EphemeralKeyPrivate | undefined)?.id;
    if (typeof id !== 'string') return {};
    const { api } = context.provider.client;
    const { error } = await callService(api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: id } }, body: { reason: 'terraform: ephemeral key closed' } }));
    if (!error || error.status === 404) return {}; // revoked, or already gone
    return { diagnostics: apiErrorDiagnostics(error, `revoke the ephemeral API key ${id} (it expires on its own after ttl)`) };
  },
};
