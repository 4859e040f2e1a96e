/**
 * `ApiKey`: what it synthesizes for each prop, what it exposes, and every synth-time error,
 * each naming the construct path and the field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { ApiKey, Expiry, IpRule, KeyplaneProvider, Rotation, Scope, ScopeCatalog, generated } from '../../constructs/index.js';
import { daysFromNow, synth, synthJson, testStack, validationErrors, warnings } from './helpers.js';

const ApiKeyResource = generated.apiKey.ApiKey;

describe('ApiKey synthesizes keyplane_api_key', () => {
  it('with only a name: no scopes, rules, expiry or rotation arguments, and the construct id as address', () => {
    const json = Testing.synthScope((scope) => {
      new KeyplaneProvider(scope, 'keyplane', { environment: {} });
      new ApiKey(scope, 'CiPipeline', { name: 'ci-pipeline' });
    });
    expect(json).toHaveResourceWithProperties(ApiKeyResource, { name: 'ci-pipeline' });
    const key = (JSON.parse(json) as { resource: { keyplane_api_key: Record<string, Record<string, unknown>> } }).resource.keyplane_api_key;
    expect(key).toEqual({ CiPipeline: { name: 'ci-pipeline' } });
  });

  it('with every prop', () => {
    const { stack } = testStack();
    const expiresAt = daysFromNow(400);
    new ApiKey(stack, 'CrmSync', {
      name: 'CRM Sync',
      description: 'Nightly sync of accounts',
      scopes: ['keys:read', Scope.builtIn('keys:verify')],
      expiry: Expiry.at(expiresAt),
      notBefore: '2026-01-01T00:00:00Z',
      ipRules: [IpRule.allow('203.0.113.0/24', 'Office'), IpRule.allow('2001:db8:1::/48'), { action: 'deny', cidr: '203.0.113.7' }],
      metadata: { team: 'sales', ticket: 'CRM-12' },
      rateLimitPerMinute: 120,
      rotation: Rotation.onChange({ quarter: '2026-Q3' }, { overlap: { hours: 24 } }),
    });
    expect(synth(stack)).toHaveResourceWithProperties(ApiKeyResource, {
      name: 'CRM Sync',
      description: 'Nightly sync of accounts',
      scopes: ['keys:read', 'keys:verify'],
      expires_at: expiresAt.toISOString(),
      not_before: '2026-01-01T00:00:00Z',
      ip_rule: [
        { action: 'allow', cidr: '203.0.113.0/24', note: 'Office' },
        { action: 'allow', cidr: '2001:db8:1::/48' },
        { action: 'deny', cidr: '203.0.113.7' },
      ],
      metadata: { team: 'sales', ticket: 'CRM-12' },
      rate_limit_per_minute: 120,
      rotation_triggers: { quarter: '2026-Q3' },
      rotation: { overlap: '24h' },
    });
  });

  it('the story: production-agent, a 90-day expiry renewed at each rotation every 90 days with a 24 h overlap, without warnings', () => {
    const { stack } = testStack();
    new ApiKey(stack, 'ProductionAgent', {
      name: 'production-agent',
      scopes: ['keys:verify'],
      expiry: Expiry.after({ days: 90 }),
      rotation: Rotation.every({ days: 90, overlap: { hours: 24 } }),
    });
    const key = synthJson(stack).resource.keyplane_api_key!.ProductionAgent!;
    expect(key).toEqual({ name: 'production-agent', scopes: ['keys:verify'], expires_after: '90d', rotation: { every: '90d', overlap: '24h' } });
    expect(warnings(stack)).toEqual([]);
    expect(validationErrors(stack)).toEqual([]);
  });

  it('grants catalog scopes by reference, so Terraform creates them before the key', () => {
    const { stack } = testStack();
    const catalog = new ScopeCatalog(stack, 'Scopes');
    const exportRead = catalog.addScope('EXPORT_READ', { description: 'Export the inventory' });
    new ApiKey(stack, 'PowerBi', { name: 'Power BI Integration', scopes: [exportRead] });
    const json = synthJson(stack);
    const scopeAddress = Object.keys(json.resource.keyplane_scope!)[0];
    expect(json.resource.keyplane_api_key!.PowerBi!.scopes).toEqual([`\${keyplane_scope.${scopeAddress}.name}`]);
  });

  it('exposes id, hint, secret, status and rotated_at as references to the resource', () => {
    const { stack } = testStack();
    const key = new ApiKey(stack, 'Agent', { name: 'production-agent' });
    const values = { id: key.id, hint: key.hint, secret: key.secret, status: key.status, rotated_at: key.rotatedAt };
    for (const [name, value] of Object.entries(values)) new TerraformOutput(stack, name, { value, sensitive: name === 'secret' });
    const outputs = synthJson(stack).output!;
    for (const name of Object.keys(values)) expect(outputs[name]!.value).toBe(`\${keyplane_api_key.Agent.${name}}`);
    expect(key.node.defaultChild).toBe(key.resource);
    expect(key.resource).toBeInstanceOf(ApiKeyResource);
  });

  it('adds no output unless asked; secretOutput adds a sensitive one, named after the path or as given', () => {
    const { stack } = testStack();
    new ApiKey(stack, 'Quiet', { name: 'quiet' });
    const agent = new ApiKey(stack, 'Agent', { name: 'production-agent', secretOutput: true });
    new ApiKey(stack, 'Ci', { name: 'ci-pipeline', secretOutput: { name: 'ci_key', description: 'For the CI secret store' } });
    const outputs = synthJson(stack).output;
    expect(outputs).toEqual({
      Agent_secret: { value: '${keyplane_api_key.Agent.secret}', sensitive: true, description: 'The secret of the API key "production-agent"' },
      ci_key: { value: '${keyplane_api_key.Ci.secret}', sensitive: true, description: 'For the CI secret store' },
    });
    expect(agent.secretOutput).toBeDefined();
  });

  it('adopts an existing key with importFrom (an import block)', () => {
    const { stack } = testStack();
    new ApiKey(stack, 'Legacy', { name: 'legacy', importFrom: 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K' });
    expect(synthJson(stack).import).toEqual([{ id: 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K', to: 'keyplane_api_key.Legacy' }]);
  });

  it('uses the provider it is given (another organization)', () => {
    const { stack } = testStack();
    const other = new KeyplaneProvider(stack, 'other', { alias: 'other', endpoint: 'https://keys.example.com', environment: {} });
    new ApiKey(stack, 'Elsewhere', { name: 'elsewhere', provider: other });
    expect(synth(stack)).toHaveResourceWithProperties(ApiKeyResource, { name: 'elsewhere', provider: 'keyplane.other' });
  });

  it('leaves values known only at apply (tokens) to Terraform and the service', () => {
    const { stack } = testStack();
    const name = new TerraformVariable(stack, 'key_name', { type: 'string' });
    const office = new TerraformVariable(stack, 'office_cidr', { type: 'string' });
    new ApiKey(stack, 'FromVariables', { name: name.stringValue, ipRules: [IpRule.allow(office.stringValue)], metadata: { owner: name.stringValue } });
    expect(validationErrors(stack)).toEqual([]);
    expect(synth(stack)).toHaveResourceWithProperties(ApiKeyResource, { name: '${var.key_name}', ip_rule: [{ action: 'allow', cidr: '${var.office_cidr}' }] });
  });
});

describe('ApiKey synth-time errors name the construct path and the field', () => {
  const errorsOf = (props: Parameters<typeof newKey>[0]) => {
    const { stack } = testStack();
    newKey(props, stack);
    return validationErrors(stack);
  };
  function newKey(props: Partial<ConstructorParameters<typeof ApiKey>[2]>, stack?: TerraformStack) {
    return new ApiKey(stack!, 'Key', { name: 'valid name', ...props } as ConstructorParameters<typeof ApiKey>[2]);
  }

  it.each([
    ['an empty name', { name: '  ' }, '[test/Key] name: name must not be empty; say what the key is for, e.g. "CRM Sync"'],
    ['a name too long', { name: 'n'.repeat(101) }, '[test/Key] name: name is 101 characters long; shorten it to at most 100'],
    ['a description too long', { description: 'd'.repeat(1001) }, '[test/Key] description: description is longer than 1000 characters; shorten it'],
    ['an ANSI sequence in the name', { name: 'CRM\u001b[2J' }, '[test/Key] name: name contains a control character (U+001B) at position 4; remove it'],
    ['an RLO in the description', { description: 'a\u202Eb' }, '[test/Key] description: description contains a bidirectional control character (U+202E) at position 2; remove it'],
    ['a lone surrogate in a metadata value', { metadata: { team: '\ud800' } }, '[test/Key] metadata.team: the value of metadata "team" contains a lone surrogate (U+D800) at position 1; remove it'],
    ['a malformed scope', { scopes: ['read', 'bad scope'] }, '[test/Key] scopes[1]: "bad scope" is not a scope name: a letter, then up to 63 letters, digits, "_", ".", ":" or "-"'],
    ['a metadata key', { metadata: { 'bad key!': 'x' } }, '[test/Key] metadata["bad key!"]: "bad key!" is not a metadata key: 1 to 64 letters, digits, "_", ".", ":", "/" or "-"'],
    ['a metadata value', { metadata: { team: 'v'.repeat(501) } }, '[test/Key] metadata.team: the value of "team" is longer than 500 characters'],
    [
      'too much metadata',
      { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
      '[test/Key] metadata: a key may have at most 50 metadata pairs, got 51',
    ],
    [
      'a rate limit of 0',
      { rateLimitPerMinute: 0 },
      "[test/Key] rateLimitPerMinute: rate_limit_per_minute must be a whole number from 1 to 1000000 (the organization's limit), got 0; omit it to use the organization's limit",
    ],
    ['an unreadable notBefore', { notBefore: 'tomorrow' }, '[test/Key] notBefore: "tomorrow" is not an RFC 3339 time; write it like "2027-02-20T00:00:00Z"'],
    ['an invalid notBefore Date', { notBefore: new Date('nonsense') }, '[test/Key] notBefore: an invalid Date was given'],
    [
      'an importFrom that is no key id',
      { importFrom: 'CRM Sync' },
      '[test/Key] importFrom: "CRM Sync" is not a key id; give the key\'s id, e.g. key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K (see keyplane keys list)',
    ],
  ])('%s', (_, props, expected) => {
    expect(errorsOf(props as Partial<ConstructorParameters<typeof ApiKey>[2]>)).toEqual([expected]);
  });

  it('a bad CIDR, a bad action, a long note and a duplicate rule, with src/core messages', () => {
    const errors = errorsOf({
      ipRules: [
        IpRule.allow('10.0.0.300/24'),
        IpRule.deny('10.0.0.1/24'),
        IpRule.deny('10.0.0.0/24'),
        { action: 'block' as 'allow', cidr: '::1', note: 'n'.repeat(201) },
      ],
    });
    expect(errors).toEqual([
      '[test/Key] ipRules[0].cidr: "10.0.0.300/24" is not a valid IPv4 or IPv6 address or CIDR block: write an IPv4 address as four numbers from 0 to 255 without leading zeros, separated by dots, e.g. 203.0.113.7',
      '[test/Key] ipRules[2].cidr: the rule deny 10.0.0.0/24 appears twice (written "10.0.0.1/24" and "10.0.0.0/24"); keep one of them',
      '[test/Key] ipRules[3].action: action must be "allow" or "deny", got "block"',
      '[test/Key] ipRules[3].note: note is 201 characters long; shorten it to at most 200',
    ]);
  });

  it('too many IP rules', () => {
    const rules = Array.from({ length: 101 }, (_, i) => IpRule.allow(`10.0.${i}.0/24`));
    expect(errorsOf({ ipRules: rules })).toEqual([
      '[test/Key] ipRules: a key may have at most 100 IP rules, got 101; merge neighbouring blocks into larger CIDR blocks',
    ]);
  });

  it('an unknown scope, against the catalogs declared in the stack', () => {
    const { stack } = testStack();
    const catalog = new ScopeCatalog(stack, 'Scopes', { existing: ['EXPORT_READ'] });
    catalog.addScope('read');
    new ApiKey(stack, 'Key', { name: 'k', scopes: ['read', 'agentic', 'EXPORT_READ', 'keys:read', Scope.fromName('ELSEWHERE')] });
    expect(validationErrors(stack)).toEqual([
      '[test/Key] scopes[1]: scope "agentic" does not exist in this organization; create it in the scope catalog first, or use an existing scope (declared: read, EXPORT_READ)',
    ]);
  });

  it('an unknown scope, against the catalog given', () => {
    const { stack } = testStack();
    const mine = new ScopeCatalog(stack, 'Mine');
    mine.addScope('read');
    new ScopeCatalog(stack, 'Theirs').addScope('write');
    new ApiKey(stack, 'Key', { name: 'k', scopes: ['read', 'write'], catalog: mine });
    expect(validationErrors(stack)).toEqual([
      '[test/Key] scopes[1]: scope "write" does not exist in this organization; create it in the scope catalog first, or use an existing scope (declared: read)',
    ]);
  });

  it('no unknown-scope error when the stack declares no catalog (the service decides)', () => {
    expect(errorsOf({ scopes: ['anything', 'keys:read'] })).toEqual([]);
  });

  it('a duplicate name in the stack, on the second key', () => {
    const { stack } = testStack();
    new ApiKey(stack, 'First', { name: 'CRM Sync' });
    new ApiKey(stack, 'Second', { name: 'CRM Sync' });
    new ApiKey(stack, 'Third', { name: 'crm sync' });
    expect(validationErrors(stack)).toEqual(['[test/Second] name: "CRM Sync" is already the name of test/First; give each key of a stack its own name']);
  });

  it('names and catalogs are per organization: keys of another provider are checked against its catalogs', () => {
    const { stack } = testStack();
    const other = new KeyplaneProvider(stack, 'other', { alias: 'other', endpoint: 'https://other.example.com', environment: {} });
    new ScopeCatalog(stack, 'Scopes').addScope('read');
    new ScopeCatalog(stack, 'OtherScopes', { provider: other }).addScope('billing');
    new ApiKey(stack, 'Here', { name: 'CRM Sync', scopes: ['read'] });
    new ApiKey(stack, 'There', { name: 'CRM Sync', scopes: ['billing'], provider: other });
    new ApiKey(stack, 'Wrong', { name: 'wrong', scopes: ['billing'] });
    expect(validationErrors(stack)).toEqual([
      '[test/Wrong] scopes[0]: scope "billing" does not exist in this organization; create it in the scope catalog first, or use an existing scope (declared: read)',
    ]);
  });

  it('props of the wrong shape (from JavaScript or JSON) and misspelt props', () => {
    const errors = errorsOf({ scopes: 'read', ipRules: 5, expiry: '90d', expires: Expiry.after({ days: 1 }) } as unknown as Partial<ConstructorParameters<typeof ApiKey>[2]>);
    expect(errors).toEqual([
      '[test/Key] scopes: invalid input: expected array, received string',
      '[test/Key] expiry: expected an Expiry, e.g. Expiry.after({ days: 90 })',
      '[test/Key] ipRules: invalid input: expected array, received number',
      '[test/Key] unknown property "expires"; check the spelling',
    ]);
  });

  it('Testing.fullSynth writes cdk.tf.json when valid, and fails like app.synth() when not', () => {
    const { stack } = testStack();
    new ApiKey(stack, 'Ok', { name: 'ok' });
    const outdir = Testing.fullSynth(stack);
    expect(JSON.parse(readFileSync(join(outdir, 'stacks', 'test', 'cdk.tf.json'), 'utf8')).resource.keyplane_api_key.Ok.name).toBe('ok');
    new ApiKey(stack, 'Bad', { name: 'bad', ipRules: [IpRule.allow('not-an-address')] });
    expect(() => Testing.fullSynth(stack)).toThrow(/\[test\/Bad\] ipRules\[0\]\.cidr: "not-an-address" is not a valid/);
  });

  it('every problem of every construct at once, from app.synth() as from cdktf synth', () => {
    const { app, stack } = testStack();
    new ApiKey(stack, 'One', { name: '', ipRules: [IpRule.allow('300.0.0.0/8')] });
    new ApiKey(stack, 'Two', { name: 'two', expiry: Expiry.at('2001-01-01T00:00:00Z'), rotation: Rotation.every({ days: 0 }) });
    let message = '';
    try {
      app.synth();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Validation failed with the following errors:/);
    expect(message).toContain('[test/One] name: name must not be empty');
    expect(message).toContain('[test/One] ipRules[0].cidr: "300.0.0.0/8" is not a valid IPv4 or IPv6 address or CIDR block');
    expect(message).toMatch(/\[test\/Two\] expiry: expires_at 2001-01-01T00:00:00.000Z is in the past; give a time after \d{4}-/);
    expect(message).toContain('[test/Two] rotation.period: Rotation.every() needs a period longer than zero');
  });
});
