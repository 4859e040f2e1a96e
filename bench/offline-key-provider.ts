/**
 * A bench-only provider: Keyplane's provider with its whole schema, its validation and its
 * planning unchanged, and no service behind `keyplane_api_key`. Create makes the key the
 * service would answer from the request body the real create sends; read keeps the state;
 * update takes the plan; delete forgets.
 *
 * Beside the real provider and the smoke provider (a four-attribute echo), it splits what
 * is left above Terraform's own cost for an external provider: this one minus the smoke
 * provider is what Keyplane's schema and planning cost (Terraform's part and ours), and the
 * real provider minus this one is what talking to the service costs.
 */
import { randomBytes } from 'node:crypto';

import type { components } from '../src/api/schema.js';
import { createProviderHandlers, type ProviderDefinition, type Resource } from '../src/provider/framework/index.js';
import { serveProvider } from '../src/provider/protocol/index.js';
import type { providerSchema } from '../src/provider/provider-config.js';
import { keyplaneProvider } from '../src/provider/provider.js';
import type { KeyplaneProviderData } from '../src/provider/provider-data.js';
import { carriedFrom, createBody, keyToState } from '../src/provider/resources/api-key-mapping.js';
import { apiKeyResource } from '../src/provider/resources/api-key-resource.js';
import type { ApiKeyState } from '../src/provider/resources/api-key-schema.js';

type IssuedKey = components['schemas']['ApiKeyWithSecret'];
type Organization = components['schemas']['Organization'];

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const newKeyId = () => `key_${Array.from(randomBytes(26), (byte) => CROCKFORD[byte % 32]).join('')}`;

const organization: Organization = {
  id: 'org_01JD3Q6Z8M4Y2W7V5T1R9P0N3K',
  slug: 'bench',
  name: 'Benchmark',
  plan: 'enterprise',
  rate_limit_per_minute: 1_000_000,
  effective_rate_limit_per_minute: 1_000_000,
  is_operator: true,
  key_policy: { max_lifetime_days: null, default_lifetime_days: 90, require_ip_rules: false, max_grace_period_seconds: 604_800 },
  session_policy: { idle_timeout_minutes: 480, absolute_timeout_hours: 720 },
  created_at: new Date().toISOString(),
  updated_at: new Date().toISOString(),
} as unknown as Organization;

/** What POST /v1/keys answers for `body`, made here. */
function issued(body: components['schemas']['CreateKeyRequest'], now: number): IssuedKey {
  const secret = `nm_bench_${randomBytes(30).toString('base64url')}`;
  const created = new Date(now).toISOString();
  return {
    id: newKeyId(),
    organization_id: organization.id,
    name: body.name,
    description: body.description ?? null,
    scopes: body.scopes ?? [],
    expires_at: body.expires_at === undefined ? new Date(now + (body.expires_in ?? 90 * 86_400) * 1000).toISOString() : body.expires_at,
    not_before: body.not_before ?? null,
    ip_rules: body.ip_rules ?? [],
    metadata: body.metadata ?? {},
    hint: secret.slice(-4),
    status: 'active',
    rate_limit_per_minute: body.rate_limit_per_minute ?? null,
    created_at: created,
    created_by: { type: 'key', id: newKeyId(), display: 'bench' },
    updated_at: created,
    last_used_at: null,
    revoked_at: null,
    rotated_at: null,
    previous_secret_expires_at: null,
    secret,
  } as IssuedKey;
}

const offlineApiKey: Resource<typeof apiKeyResource.schema, KeyplaneProviderData> = {
  ...apiKeyResource,
  async create({ plan }) {
    const now = Date.now();
    const key = issued(createBody(plan), now);
    return { state: keyToState(key, { ...carriedFrom(plan as ApiKeyState), secret: key.secret }) };
  },
  read: async ({ state }) => ({ state }),
  update: async ({ plan }) => ({ state: plan as ApiKeyState }),
  delete: async () => ({}),
};

const offlineData: KeyplaneProviderData = {
  client: undefined as unknown as KeyplaneProviderData['client'], // nothing here talks to the service
  organization: async () => ({ data: organization }),
  readKey: async () => ({ data: null }),
};

const offlineProvider: ProviderDefinition<typeof providerSchema, KeyplaneProviderData> = {
  ...keyplaneProvider,
  configure: () => ({ data: offlineData }),
  resources: keyplaneProvider.resources.map((resource) => (resource === apiKeyResource ? (offlineApiKey as typeof resource) : resource)),
};

void serveProvider(createProviderHandlers(offlineProvider));
