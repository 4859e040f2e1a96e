/**
 * The key data sources without terraform: exactly one of id and name, the filters of
 * `keyplane_api_keys` checked at their attributes, the choice of the key a name stands for
 * (none, one, several; revoked keys and letter case), the same attributes in both data
 * sources, and every page of GET /v1/keys against the real service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/client/index.js';
import { SchemaCodec, Unknown, type CtyValue } from '../../../src/provider/framework/index.js';
import { apiKeyObjectType, keyToDataValue } from '../../../src/provider/resources/api-key-data-attributes.js';
import { apiKeyDataSourceSchema, nameMatchDiagnostic, validateApiKeyLookup } from '../../../src/provider/resources/api-key-data-source.js';
import { listAllKeys, matchKeyName } from '../../../src/provider/resources/api-key-lookup.js';
import { apiKeysDataSourceSchema, keyListFilters, validateApiKeysFilters } from '../../../src/provider/resources/api-keys-data-source.js';
import type { ApiKey } from '../../helpers/api.js';
import { startService, type TestService } from '../../helpers/service.js';

const ID = 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K';

function aKey(id: string, name: string, status: ApiKey['status'] = 'active'): ApiKey {
  return {
    id,
    organization_id: 'org_01JD3Q4C2B7N9M5K3H1G8F6D4S',
    name,
    description: null,
    scopes: ['keys:read'],
    expires_at: '2030-01-01T00:00:00.000Z',
    not_before: null,
    ip_rules: [{ action: 'allow', cidr: '203.0.113.0/24' }],
    metadata: { team: 'finance' },
    hint: 'nm_acme_…GeZq',
    status,
    rate_limit_per_minute: null,
    created_at: '2026-01-01T00:00:00.000Z',
    created_by: { type: 'key', id: 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3A', display: 'Admin' },
    updated_at: '2026-01-01T00:00:00.000Z',
    last_used_at: null,
    revoked_at: status === 'revoked' ? '2026-02-01T00:00:00.000Z' : null,
    rotated_at: null,
    previous_secret_expires_at: null,
  } as ApiKey;
}

const lookupProblems = (config: { id: CtyValue; name: CtyValue }) => validateApiKeyLookup(config).map((d) => ({ summary: d.summary, path: d.path }));

describe('validateApiKeyLookup', () => {
  it('accepts an id alone or a name alone, known or not yet', () => {
    expect(lookupProblems({ id: ID, name: null })).toEqual([]);
    expect(lookupProblems({ id: null, name: 'CRM Sync' })).toEqual([]);
    expect(lookupProblems({ id: Unknown, name: null })).toEqual([]);
    expect(lookupProblems({ id: null, name: Unknown })).toEqual([]);
  });

  it('refuses both, and neither, naming the attribute', () => {
    expect(lookupProblems({ id: ID, name: 'CRM Sync' })).toEqual([{ summary: 'Conflicting arguments', path: [{ attribute: 'name' }] }]);
    expect(lookupProblems({ id: Unknown, name: 'CRM Sync' })).toEqual([{ summary: 'Conflicting arguments', path: [{ attribute: 'name' }] }]);
    expect(lookupProblems({ id: null, name: null })).toEqual([{ summary: 'Missing key to read', path: [{ attribute: 'id' }] }]);
  });

  it('refuses a malformed id and a name no key can have', () => {
    expect(lookupProblems({ id: 'CRM Sync', name: null })).toEqual([{ summary: 'Invalid id', path: [{ attribute: 'id' }] }]);
    expect(lookupProblems({ id: null, name: '' })).toEqual([{ summary: 'Invalid name', path: [{ attribute: 'name' }] }]);
    expect(lookupProblems({ id: null, name: 'x'.repeat(101) })).toEqual([{ summary: 'Invalid name', path: [{ attribute: 'name' }] }]);
    expect(lookupProblems({ id: null, name: 'CRM\nSync' })).toEqual([{ summary: 'Invalid name', path: [{ attribute: 'name' }] }]);
    // 100 characters counted as code points, as the contract counts them:
    expect(lookupProblems({ id: null, name: '🔑'.repeat(100) })).toEqual([]);
  });
});

describe('matchKeyName', () => {
  const keys = [
    aKey('key_01JD3Q6Z8M4Y2W7V5T1R9P0N01', 'CRM Sync', 'revoked'),
    aKey('key_01JD3Q6Z8M4Y2W7V5T1R9P0N02', 'CRM Sync'),
    aKey('key_01JD3Q6Z8M4Y2W7V5T1R9P0N03', 'CRM Sync (old)'),
    aKey('key_01JD3Q6Z8M4Y2W7V5T1R9P0N04', 'Power BI', 'expired'),
    aKey('key_01JD3Q6Z8M4Y2W7V5T1R9P0N05', 'ci'),
    aKey('key_01JD3Q6Z8M4Y2W7V5T1R9P0N06', 'ci', 'not_yet_valid'),
    aKey('key_01JD3Q6Z8M4Y2W7V5T1R9P0N07', 'Old', 'revoked'),
  ];

  it('finds the one key of exactly that name that is not revoked, expired ones included', () => {
    expect(matchKeyName(keys, 'CRM Sync')).toEqual({ kind: 'found', key: keys[1] });
    expect(matchKeyName(keys, 'Power BI')).toEqual({ kind: 'found', key: keys[3] });
  });

  it('reports several keys of one name with their ids', () => {
    expect(matchKeyName(keys, 'ci')).toEqual({ kind: 'ambiguous', ids: ['key_01JD3Q6Z8M4Y2W7V5T1R9P0N05', 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N06'] });
  });

  it('finds nothing for a part of a name, another letter case, or only revoked keys, and says which', () => {
    expect(matchKeyName(keys, 'CRM')).toEqual({ kind: 'none', revokedIds: [], otherCase: [] });
    expect(matchKeyName(keys, 'crm sync')).toEqual({ kind: 'none', revokedIds: [], otherCase: ['CRM Sync'] });
    expect(matchKeyName(keys, 'Old')).toEqual({ kind: 'none', revokedIds: ['key_01JD3Q6Z8M4Y2W7V5T1R9P0N07'], otherCase: [] });
  });

  it('words each outcome for the user, at name', () => {
    const ambiguous = nameMatchDiagnostic('ci', { kind: 'ambiguous', ids: ['key_A', 'key_B'] });
    expect(ambiguous).toMatchObject({ summary: 'Ambiguous API key name', path: [{ attribute: 'name' }] });
    expect(ambiguous.detail).toMatch(/^2 keys that are not revoked are named "ci": key_A, key_B\. .*by its id instead/);
    const none = nameMatchDiagnostic('Old', { kind: 'none', revokedIds: ['key_R'], otherCase: ['OLD'] });
    expect(none).toMatchObject({ summary: 'API key not found', path: [{ attribute: 'name' }] });
    expect(none.detail).toMatch(/named exactly "Old".*letter case exist: "OLD"\..*Revoked keys of that name are not found by name: key_R/);
  });
});

describe('validateApiKeysFilters', () => {
  const problems = (config: Partial<Record<'status' | 'scope' | 'name_contains', CtyValue>>) =>
    validateApiKeysFilters({ status: null, scope: null, name_contains: null, ...config }).map((d) => ({ summary: d.summary, path: d.path, detail: d.detail }));

  it('accepts no filter, every status, built-in and own scopes, unknown values', () => {
    expect(problems({})).toEqual([]);
    for (const status of ['active', 'expired', 'revoked', 'not_yet_valid']) expect(problems({ status })).toEqual([]);
    expect(problems({ scope: 'keys:read', name_contains: 'CRM' })).toEqual([]);
    expect(problems({ status: Unknown, scope: Unknown, name_contains: Unknown })).toEqual([]);
  });

  it('reports each bad filter at its attribute', () => {
    expect(problems({ status: 'Active', scope: 'keys read', name_contains: 'a\tb' })).toEqual([
      { summary: 'Invalid status', path: [{ attribute: 'status' }], detail: expect.stringMatching(/^"Active" is not a key status; use one of "active", "expired", "revoked", "not_yet_valid"\.$/) },
      { summary: 'Invalid scope', path: [{ attribute: 'scope' }], detail: expect.stringMatching(/^"keys read" is not a scope name/) },
      { summary: 'Invalid name_contains', path: [{ attribute: 'name_contains' }], detail: expect.stringMatching(/control character/) },
    ]);
    expect(problems({ name_contains: '' })).toEqual([{ summary: 'Invalid name_contains', path: [{ attribute: 'name_contains' }], detail: expect.stringMatching(/has 0\.$/) }]);
  });

  it('sends only the filters that are set, under the contract names', () => {
    expect(keyListFilters({ status: null, scope: null, name_contains: null })).toEqual({});
    expect(keyListFilters({ status: 'active', scope: 'agentic', name_contains: 'ci' })).toEqual({ status: 'active', scope: 'agentic', name: 'ci' });
  });
});

describe('the attributes of a key', () => {
  it('are the same in keyplane_api_key and in each element of keyplane_api_keys', () => {
    const single = new SchemaCodec(apiKeyDataSourceSchema).attributeTypes;
    expect(apiKeyObjectType).toEqual(single);
    const keysType = new SchemaCodec(apiKeysDataSourceSchema).attributeTypes.keys;
    expect(keysType).toEqual(['list', ['object', single]]);
  });

  it('map from the service key, never a secret, and encode with both schemas', () => {
    const key = aKey(ID, 'CRM Sync');
    const value = keyToDataValue({ ...key, secret: 'nm_acme_4Wc9ZqL2hT8vKx1bNf3RmY6pDs0aGe7J1Ah2Rz' } as ApiKey);
    expect(value).toMatchObject({ id: ID, name: 'CRM Sync', created_by: 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3A', ip_rules: [{ action: 'allow', cidr: '203.0.113.0/24', note: null }] });
    expect(Object.keys(value)).not.toContain('secret');
    expect(JSON.stringify(value)).not.toContain('nm_acme_4Wc9');
    expect(() => new SchemaCodec(apiKeyDataSourceSchema).encode(value)).not.toThrow();
    expect(() => new SchemaCodec(apiKeysDataSourceSchema).encode({ status: null, scope: null, name_contains: null, keys: [value, value] })).not.toThrow();
  });
});

describe('listAllKeys against the service', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService();
    const api = service.client().api;
    // More than one page of 200, named so that the name filter picks them and not the admin key.
    for (let i = 0; i < 203; i++) unwrap(await api.POST('/v1/keys', { body: { name: `Bulk ${i}`, scopes: i % 2 === 0 ? ['keys:read'] : [] } }));
    unwrap(await api.POST('/v1/keys', { body: { name: 'Other' } }));
  }, 60_000);
  afterAll(async () => service?.close());

  it('reads every page, oldest first, with the filters applied by the service', async () => {
    const api = service.client().api;
    const { data: bulk } = await listAllKeys(api, { name: 'BULK' });
    expect(bulk?.map((k) => k.name)).toEqual(Array.from({ length: 203 }, (_, i) => `Bulk ${i}`));
    const { data: readers } = await listAllKeys(api, { name: 'bulk', scope: 'keys:read', status: 'active' });
    expect(readers).toHaveLength(102);
    expect(readers?.every((k) => k.scopes.includes('keys:read'))).toBe(true);
    expect(await listAllKeys(api, { status: 'revoked' })).toEqual({ data: [] });
    expect((await listAllKeys(api, {})).data?.length).toBe(205); // the admin key too
  });

  it("gives the service's refusal as a value", async () => {
    const { error } = await listAllKeys(service.client().api, { scope: 'not a scope' });
    expect(error).toMatchObject({ status: 400, problem: { code: expect.any(String) } });
  });
});
