/**
 * `ApiKey.fromName` and `ScopeCatalog.fromExisting` at synth time: the data sources they
 * write, the references a key gets (which make Terraform read the catalog first and check
 * that each scope exists), the synth-time checks of names, and the types (an existing key
 * stands where any key does).
 */
import { TerraformOutput } from 'cdktf';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ApiKey, ExistingApiKey, ExistingScopeCatalog, ScopeCatalog, generated, type IApiKey, type IScope } from '../../constructs/index.js';
import { synth, testStack, validationErrors } from './helpers.js';

type Json = { data: Record<string, Record<string, Record<string, any>>>; resource: Record<string, Record<string, Record<string, any>>>; output?: Record<string, Record<string, any>> };
const synthAll = (stack: Parameters<typeof synth>[0]) => JSON.parse(synth(stack)) as Json;

describe('ApiKey.fromName', () => {
  it('reads the key by name through data "keyplane_api_key", exposing references, not the secret', () => {
    const { stack } = testStack();
    const crm = ApiKey.fromName(stack, 'Crm', 'CRM Sync');
    new TerraformOutput(stack, 'CrmId', { value: crm.id });
    new TerraformOutput(stack, 'CrmExpiry', { value: crm.expiresAt });
    const json = synthAll(stack);
    const [address, config] = Object.entries(json.data.keyplane_api_key!)[0]!;
    expect(config).toEqual({ name: 'CRM Sync' });
    expect(json.output!.CrmId!.value).toBe(`\${data.keyplane_api_key.${address}.id}`);
    expect(json.output!.CrmExpiry!.value).toBe(`\${data.keyplane_api_key.${address}.expires_at}`);
    expect(crm).toBeInstanceOf(ExistingApiKey);
    expect(crm.keyName).toBe('CRM Sync');
    expect(crm.node.defaultChild).toBe(crm.dataSource);
    expect('secret' in crm).toBe(false);
    expect(synth(stack)).not.toMatch(/keyplane_api_key"\s*:\s*\{[^}]*"secret"/);
  });

  it('uses the given provider (another organization)', () => {
    const { stack } = testStack();
    const other = new generated.provider.KeyplaneProvider(stack, 'other', { alias: 'other', endpoint: 'http://127.0.0.1:8081' });
    ApiKey.fromName(stack, 'Crm', 'CRM Sync', { provider: other });
    expect(Object.values(synthAll(stack).data.keyplane_api_key!)[0]).toEqual({ name: 'CRM Sync', provider: 'keyplane.other' });
  });

  it('refuses at synth time a name no key can have', () => {
    const { stack } = testStack();
    ApiKey.fromName(stack, 'Empty', '');
    ApiKey.fromName(stack, 'TwoLines', 'CRM\nSync');
    ApiKey.fromName(stack, 'Long', 'x'.repeat(101));
    expect(validationErrors(stack)).toEqual([
      "[test/Empty] name: a key's name has 1 to 100 characters; this one has 0, so no key can have it",
      '[test/TwoLines] name: the name holds a control character (such as a line break or a tab), which no key name can hold',
      "[test/Long] name: a key's name has 1 to 100 characters; this one has 101, so no key can have it",
    ]);
  });

  it('stands where any key does', () => {
    expectTypeOf<ExistingApiKey>().toMatchTypeOf<IApiKey>();
    expectTypeOf<ApiKey>().toMatchTypeOf<IApiKey>();
    expectTypeOf(ApiKey.fromName).returns.toEqualTypeOf<ExistingApiKey>();
    // @ts-expect-error -- the name is required
    ApiKey.fromName(testStack().stack, 'X');
  });
});

describe('ScopeCatalog.fromExisting', () => {
  it('reads the catalog and gives scopes of origin existing whose reference checks they exist', () => {
    const { stack } = testStack();
    const existing = ScopeCatalog.fromExisting(stack, 'Existing');
    expect(existing).toBeInstanceOf(ExistingScopeCatalog);
    const agentic = existing.scope('agentic');
    const exportRead = existing.scope('EXPORT_READ');
    expect(agentic).toMatchObject({ scopeName: 'agentic', origin: 'existing' } satisfies Partial<IScope>);
    new ApiKey(stack, 'Agent', { name: 'Agent', scopes: [agentic, exportRead, 'keys:read'] });
    const json = synthAll(stack);
    const [address, data] = Object.entries(json.data.keyplane_scopes!)[0]!;
    const ref = `data.keyplane_scopes.${address}`;
    expect(data.lifecycle.postcondition).toEqual([
      { condition: '${contains(self.scopes[*].name, "agentic")}', error_message: expect.stringMatching(/^The organization has no scope "agentic" /) },
      { condition: '${contains(self.scopes[*].name, "EXPORT_READ")}', error_message: expect.stringMatching(/^The organization has no scope "EXPORT_READ" /) },
    ]);
    const key = Object.values(json.resource.keyplane_api_key!)[0]!;
    expect(key.scopes).toEqual([
      `\${one([for s in ${ref}.scopes : s.name if s.name == "agentic"])}`,
      `\${one([for s in ${ref}.scopes : s.name if s.name == "EXPORT_READ"])}`,
      'keys:read',
    ]);
    expect(existing.scopeNames).toEqual(['agentic', 'EXPORT_READ']);
  });

  it('passes the synth-time scope check of a stack that also declares a catalog', () => {
    const { stack } = testStack();
    const catalog = new ScopeCatalog(stack, 'Scopes');
    catalog.addScope('read');
    const existing = ScopeCatalog.fromExisting(stack, 'Existing');
    new ApiKey(stack, 'Agent', { name: 'Agent', scopes: [existing.scope('agentic'), 'read'] });
    expect(validationErrors(stack)).toEqual([]);
  });

  it('refuses a malformed scope name at synth time', () => {
    const { stack } = testStack();
    ScopeCatalog.fromExisting(stack, 'Existing').scope('not a scope');
    expect(validationErrors(stack)).toEqual([expect.stringMatching(/^\[test\/Existing\] scope: "not a scope" is not a scope name/)]);
  });
});
