/**
 * The constructs end to end: a small CDKTF app (the keys of product.md's stories) is run with
 * tsx as `cdktf synth` would run it, writing cdktf.out; then plain `terraform init && terraform
 * apply` with Keyplane's provider from the filesystem mirror against the real service. Checks
 * that every key exists with the declared scopes, rules and expiry, that each secret verifies,
 * that the post-apply check (terraform_data + `keyplane keys verify`) ran, that a second plan
 * is empty (Expiry.after does not move), that a changed prop is an in-place update, and that
 * destroy revokes the keys and deletes the scopes.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { serviceKeys, type KeyplaneTerraform } from '../provider/e2e/keyplane-terraform.js';
import { constructsImport, repoRoot, startCdktfAppProject, type CdktfAppProject } from './cdktf-app-project.js';

const DAY = 86_400_000;

let kt: KeyplaneTerraform;
let project: CdktfAppProject;
let stackDir: string;
const CI_EXPIRY = new Date(Date.now() + 200 * DAY);
CI_EXPIRY.setUTCMilliseconds(0);

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The app: the keys of product.md's stories. The environment varies it between steps:
 * `DESCRIPTION` changes a description (an in-place update), `GENERATION` rotates the agent's
 * secret, `BROKEN_CHECK=1` adds a check that cannot pass, with synth-time validation off (to
 * see that the check really asks the service).
 */
function appSource(): string {
  const cli = `${quote(process.execPath)} ${quote(join(repoRoot, 'node_modules/tsx/dist/cli.mjs'))} ${quote(join(repoRoot, 'src/cli/main.ts'))}`;
  return `import { App, TerraformStack } from 'cdktf';
import { ApiKey, Expiry, IpRule, KeyplaneProvider, KeyVerification, Rotation, ScopeCatalog } from ${constructsImport};

const app = new App({ outdir: 'cdktf.out', skipValidation: process.env.BROKEN_CHECK === '1' });
const stack = new TerraformStack(app, 'keys');
new KeyplaneProvider(stack, 'keyplane');

const catalog = new ScopeCatalog(stack, 'Scopes');
const exportRead = catalog.addScope('EXPORT_READ', { description: 'Export the inventory' });
const read = catalog.addScope('read', { description: 'Read every resource' });
const agentic = catalog.addScope('agentic', { description: 'What an AI agent may do', includes: [read] });
catalog.addScope('write', { description: 'Everything agentic allows plus managing resources', includes: [agentic] });

new ApiKey(stack, 'PowerBi', { name: 'Power BI Integration', scopes: [exportRead], secretOutput: true });
new ApiKey(stack, 'CrmSync', {
  name: 'CRM Sync',
  description: process.env.DESCRIPTION ?? 'Nightly sync of accounts',
  scopes: [read],
  ipRules: [IpRule.allow('203.0.113.0/24', 'Office'), IpRule.allow('2001:db8:1::/48', 'Office IPv6')],
  metadata: { team: 'sales' },
  secretOutput: true,
});
const agent = new ApiKey(stack, 'ProductionAgent', {
  name: 'production-agent',
  scopes: [agentic],
  expiry: Expiry.after({ days: 90 }),
  rotation: Rotation.every({ days: 30, overlap: { hours: 24 }, triggers: { generation: process.env.GENERATION ?? '1' } }),
  secretOutput: true,
});
new KeyVerification(stack, 'VerifyAgent', { key: agent, scopes: [agentic, read], command: ${JSON.stringify(cli)} });
if (process.env.BROKEN_CHECK === '1') new KeyVerification(stack, 'VerifyAgentWrite', { key: agent, scopes: ['write'], command: ${JSON.stringify(cli)} });
new ApiKey(stack, 'CiPipeline', { name: 'ci-pipeline', scopes: [read], expiry: Expiry.at(${JSON.stringify(CI_EXPIRY.toISOString())}), secretOutput: true });

app.synth();
`;
}

/** Runs the app with tsx (what `cdktf synth` does, minus the CLI), writing cdktf.out. */
const synthesize = (variant: Record<string, string> = {}) => project.synthesize(variant);
const terraform = (...args: string[]) => project.terraform(...args);

async function outputs(): Promise<Record<string, string>> {
  const result = await terraform('output', '-json');
  const parsed = JSON.parse(result.stdout) as Record<string, { value: string }>;
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value]));
}

async function verify(secret: string, ip?: string) {
  return unwrap(await kt.service.client().api.POST('/v1/keys/verify', { body: { key: secret, ...(ip ? { ip } : {}) } }));
}

async function keysByName() {
  const keys = await serviceKeys(kt.service);
  return new Map(keys.filter((k) => k.id !== kt.service.adminKeyId).map((k) => [k.name, k]));
}

beforeAll(async () => {
  project = await startCdktfAppProject('cdktf', 'keys', appSource());
  kt = project.kt;
  stackDir = project.stackDir;
});
afterAll(async () => kt?.close());

describe('CDKTF app with the Keyplane constructs, applied by terraform', () => {
  it('synthesizes, inits from the mirror and applies: scopes, keys and the verification', async () => {
    await synthesize();
    const init = await terraform('init', '-input=false');
    expect(init.code, init.all).toBe(0);
    const apply = await terraform('apply', '-auto-approve', '-input=false');
    expect(apply.code, apply.all).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete! Resources: 9 added, 0 changed, 0 destroyed/);
    for (const secret of Object.values(await outputs())) expect(apply.all).not.toContain(secret);
    // The check ran after the key existed; its output is hidden because the secret is in its environment.
    expect(apply.stdout).toMatch(/terraform_data\.VerifyAgent: Provisioning with 'local-exec'/);
    expect(apply.stdout).toMatch(/terraform_data\.VerifyAgent: Creation complete/);
  });

  it('the service holds every key with the declared scopes, rules and expiry', async () => {
    const keys = await keysByName();
    expect([...keys.keys()].sort()).toEqual(['CRM Sync', 'Power BI Integration', 'ci-pipeline', 'production-agent']);
    expect(keys.get('Power BI Integration')).toMatchObject({ scopes: ['EXPORT_READ'], ip_rules: [] });
    expect(keys.get('CRM Sync')).toMatchObject({
      scopes: ['read'],
      description: 'Nightly sync of accounts',
      metadata: { team: 'sales' },
      ip_rules: [
        { action: 'allow', cidr: '203.0.113.0/24', note: 'Office' },
        { action: 'allow', cidr: '2001:db8:1::/48', note: 'Office IPv6' },
      ],
    });
    const agent = keys.get('production-agent')!;
    expect(agent.scopes).toEqual(['agentic']);
    const lifetime = Date.parse(agent.expires_at!) - Date.parse(agent.created_at);
    expect(Math.abs(lifetime - 90 * DAY)).toBeLessThan(5 * 60_000);
    expect(keys.get('ci-pipeline')!.expires_at).toBe(CI_EXPIRY.toISOString());

    const scopes = unwrap(await kt.service.client().api.GET('/v1/scopes')).data.filter((s) => !s.built_in);
    expect(scopes.map((s) => [s.name, s.includes])).toEqual(
      expect.arrayContaining([
        ['EXPORT_READ', []],
        ['read', []],
        ['agentic', ['read']],
        ['write', ['agentic']],
      ]),
    );
  });

  it('each secret from the sensitive outputs verifies, with its scopes and rules', async () => {
    const out = await outputs();
    expect(Object.keys(out).sort()).toEqual(['CiPipeline_secret', 'CrmSync_secret', 'PowerBi_secret', 'ProductionAgent_secret']);
    expect(await verify(out.PowerBi_secret!)).toMatchObject({ valid: true, code: 'VALID' });
    expect(await verify(out.CiPipeline_secret!)).toMatchObject({ valid: true, code: 'VALID' });
    expect(await verify(out.CrmSync_secret!, '203.0.113.9')).toMatchObject({ valid: true, code: 'VALID' });
    expect(await verify(out.CrmSync_secret!, '2001:db8:1::5')).toMatchObject({ valid: true, code: 'VALID' });
    expect(await verify(out.CrmSync_secret!, '198.51.100.1')).toMatchObject({ valid: false, code: 'IP_NOT_ALLOWED' });
    const agent = await verify(out.ProductionAgent_secret!);
    expect(agent).toMatchObject({ valid: true, code: 'VALID' });
    expect(agent.key!.effective_scopes).toEqual(expect.arrayContaining(['agentic', 'read']));
  });

  it('plans no change on a second run (Expiry.after keeps the time taken at creation)', async () => {
    await synthesize();
    const plan = await terraform('plan', '-detailed-exitcode', '-input=false');
    expect(plan.code, plan.all).toBe(0);
    expect(plan.stdout).toMatch(/No changes/);
  });

  it('a changed prop is an in-place update of that key only', async () => {
    const before = await keysByName();
    await synthesize({ DESCRIPTION: 'Nightly sync of accounts and contacts' });
    const apply = await terraform('apply', '-auto-approve', '-input=false');
    expect(apply.code, apply.all).toBe(0);
    expect(apply.stdout).toMatch(/Resources: 0 added, 1 changed, 0 destroyed/);
    const after = await keysByName();
    expect(after.get('CRM Sync')).toMatchObject({ id: before.get('CRM Sync')!.id, description: 'Nightly sync of accounts and contacts' });
  });

  it('a new generation rotates the secret in place, the check runs again, and the old secret works during the overlap', async () => {
    const old = (await outputs()).ProductionAgent_secret!;
    const id = (await keysByName()).get('production-agent')!.id;
    await synthesize({ DESCRIPTION: 'Nightly sync of accounts and contacts', GENERATION: '2' });
    const apply = await terraform('apply', '-auto-approve', '-input=false');
    expect(apply.code, apply.all).toBe(0);
    // The key is updated (rotated), the check replaced: it verified the new secret.
    expect(apply.stdout).toMatch(/Resources: 1 added, 1 changed, 1 destroyed/);
    expect(apply.stdout).toMatch(/terraform_data\.VerifyAgent: Provisioning with 'local-exec'/);
    const fresh = (await outputs()).ProductionAgent_secret!;
    expect(fresh).not.toBe(old);
    expect((await keysByName()).get('production-agent')!.id).toBe(id);
    expect(await verify(fresh)).toMatchObject({ valid: true });
    expect(await verify(old)).toMatchObject({ valid: true });
    expect(apply.all).not.toContain(fresh);
    expect(apply.all).not.toContain(old);
  });

  it('a check that cannot pass fails the apply (it asks the service), without showing the secret', async () => {
    await synthesize({ DESCRIPTION: 'Nightly sync of accounts and contacts', GENERATION: '2', BROKEN_CHECK: '1' });
    const apply = await terraform('apply', '-auto-approve', '-input=false');
    expect(apply.code).not.toBe(0);
    expect(apply.all).toMatch(/terraform_data\.VerifyAgentWrite/);
    expect(apply.all).toMatch(/local-exec provisioner error/);
    expect(apply.all).not.toContain((await outputs()).ProductionAgent_secret!);
    // Back to the app without it: the failed check (tainted) is removed.
    await synthesize({ DESCRIPTION: 'Nightly sync of accounts and contacts', GENERATION: '2' });
    const fixed = await terraform('apply', '-auto-approve', '-input=false');
    expect(fixed.code, fixed.all).toBe(0);
    expect(fixed.stdout).toMatch(/Resources: 0 added, 0 changed, 1 destroyed/);
  });

  it('destroy revokes every key and deletes the scopes', async () => {
    const ids = [...(await keysByName()).values()].map((k) => k.id);
    const destroy = await terraform('destroy', '-auto-approve', '-input=false');
    expect(destroy.code, destroy.all).toBe(0);
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: 9 destroyed/);
    const keys = await serviceKeys(kt.service);
    for (const id of ids) expect(keys.find((k) => k.id === id)?.status).toBe('revoked');
    const scopes = unwrap(await kt.service.client().api.GET('/v1/scopes')).data.filter((s) => !s.built_in);
    expect(scopes).toEqual([]);
  });
});
