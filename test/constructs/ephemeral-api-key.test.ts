/**
 * `EphemeralApiKey` at synth time: the block it writes under the top-level `ephemeral` key of
 * the Terraform JSON (cdktf 0.21 has no element for it), references to its attributes, the
 * synth-time checks with src/core's rules, and the refusal of cdktf's HCL output.
 */
import { App, TerraformStack } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { EphemeralApiKey, IpRule, KeyplaneProvider, ScopeCatalog, generated } from '../../constructs/index.js';
import { synth, testStack, validationErrors } from './helpers.js';

type Json = { ephemeral?: Record<string, Record<string, Record<string, unknown>>>; provider: Record<string, Record<string, unknown>[]>; resource?: Record<string, Record<string, Record<string, unknown>>> };
const synthAll = (stack: TerraformStack) => JSON.parse(synth(stack)) as Json;

describe('EphemeralApiKey', () => {
  it('writes an ephemeral block, and its secret feeds a provider configuration by reference', () => {
    const { stack } = testStack();
    const catalog = new ScopeCatalog(stack, 'Scopes');
    const read = catalog.addScope('read');
    const temp = new EphemeralApiKey(stack, 'ReadOnly', {
      name: 'ci-read-only',
      description: 'For one run',
      scopes: [read, 'keys:read'],
      metadata: { run: 'ci' },
      ipRules: [IpRule.allow('203.0.113.0/24', 'CI')],
      ttl: { minutes: 30 },
    });
    new KeyplaneProvider(stack, 'read_only', { alias: 'read_only', apiKey: temp.secret, environment: {} });
    const json = synthAll(stack);
    const blocks = json.ephemeral!.keyplane_api_key!;
    expect(Object.keys(blocks)).toEqual([temp.friendlyUniqueId]);
    const scopeAddress = Object.keys(json.resource!.keyplane_scope!)[0];
    expect(blocks[temp.friendlyUniqueId]).toEqual({
      name: 'ci-read-only',
      description: 'For one run',
      scopes: [`\${keyplane_scope.${scopeAddress}.name}`, 'keys:read'],
      metadata: { run: 'ci' },
      ttl: '30m',
      ip_rule: [{ action: 'allow', cidr: '203.0.113.0/24', note: 'CI' }],
    });
    const readOnly = json.provider.keyplane!.find((p) => p.alias === 'read_only')!;
    expect(readOnly.api_key).toBe(`\${ephemeral.keyplane_api_key.${temp.friendlyUniqueId}.secret}`);
    // Nothing of it is a managed resource:
    expect(json.resource!.keyplane_api_key).toBeUndefined();
  });

  it('leaves out what is not given, and names another provider', () => {
    const { stack } = testStack();
    const other = new generated.provider.KeyplaneProvider(stack, 'other', { alias: 'other', endpoint: 'http://127.0.0.1:8081' });
    const temp = new EphemeralApiKey(stack, 'Temp', { name: 'temp', provider: other });
    expect(synthAll(stack).ephemeral!.keyplane_api_key![temp.friendlyUniqueId]).toEqual({ name: 'temp', provider: 'keyplane.other' });
    expect(temp.id).not.toBe(temp.hint);
  });

  it('refuses at synth time what the provider would refuse, each at its prop', () => {
    const { stack } = testStack();
    new EphemeralApiKey(stack, 'Bad', { name: '', scopes: ['no good'], ipRules: [IpRule.allow('10.0.0.300/8')], ttl: { minutes: 0 } });
    new EphemeralApiKey(stack, 'BadTtl', { name: 'x', ttl: '2 hours' });
    const errors = validationErrors(stack);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[test\/Bad\] name: /),
        expect.stringMatching(/^\[test\/Bad\] scopes\[0\]: "no good" is not a scope name/),
        expect.stringMatching(/^\[test\/Bad\] ipRules\[0\]\.cidr: /),
        '[test/Bad] ttl: ttl must be longer than zero, e.g. { minutes: 30 }',
        expect.stringMatching(/^\[test\/BadTtl\] ttl: /),
      ]),
    );
    expect(errors).toHaveLength(5);
  });

  it("refuses cdktf's HCL output, which cannot hold an ephemeral block", () => {
    // `cdktf synth --hcl` sets this; cdktf 0.21's stack reads it when the stack is made.
    const saved = process.env.SYNTH_HCL_OUTPUT;
    process.env.SYNTH_HCL_OUTPUT = 'true';
    try {
      const app = new App({ hclOutput: true, outdir: synthOutdir() });
      const stack = new TerraformStack(app, 'hcl');
      new KeyplaneProvider(stack, 'keyplane', { endpoint: 'http://127.0.0.1:8080', environment: {} });
      new EphemeralApiKey(stack, 'Temp', { name: 'temp' });
      expect(() => app.synth()).toThrow(/hcl\/Temp: EphemeralApiKey needs Terraform JSON output/);
    } finally {
      if (saved === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = saved;
    }
  });
});

function synthOutdir(): string {
  return `${process.env.TMPDIR ?? '/tmp'}/ephemeral-hcl-${process.pid}`;
}
