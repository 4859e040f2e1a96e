/**
 * `EphemeralApiKey` end to end: a CDKTF app run with tsx (as `cdktf synth` runs it) writes an
 * `ephemeral` block into the Terraform JSON; plain terraform with the provider from the mirror
 * opens the key, configures a second provider with its secret (a consumer that takes
 * ephemeral values), reads with it, and closes it. The service shows the key revoked after
 * the run, the reads were made with it, and neither the plan file nor the state holds a secret.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { serviceKeys, type KeyplaneTerraform } from '../provider/e2e/keyplane-terraform.js';
import { constructsImport, startCdktfAppProject, type CdktfAppProject } from './cdktf-app-project.js';
const ANY_SECRET = /nm_operator_[0-9A-Za-z]{38}/;

let kt: KeyplaneTerraform;
let project: CdktfAppProject;
let stackDir: string;

function appSource(): string {
  return `import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { ApiKey, EphemeralApiKey, KeyplaneProvider, generated } from ${constructsImport};

const app = new App({ outdir: 'cdktf.out' });
const stack = new TerraformStack(app, 'ephemeral');
new KeyplaneProvider(stack, 'keyplane');

const temp = new EphemeralApiKey(stack, 'ReadOnly', { name: 'cdktf-read-only', scopes: ['keys:read'], ttl: { minutes: 30 } });
const readOnly = new KeyplaneProvider(stack, 'read_only', { alias: 'read_only', apiKey: temp.secret });

const me = new generated.dataKeyplaneMyself.DataKeyplaneMyself(stack, 'Me', { provider: readOnly });
new TerraformOutput(stack, 'reader_id', { value: me.id });
new TerraformOutput(stack, 'reader_scopes', { value: me.effectiveScopes });
const crm = ApiKey.fromName(stack, 'Crm', 'CRM Sync', { provider: readOnly });
new TerraformOutput(stack, 'crm_id', { value: crm.id });

app.synth();
`;
}

beforeAll(async () => {
  project = await startCdktfAppProject('cdktf-ephemeral', 'ephemeral', appSource());
  kt = project.kt;
  stackDir = project.stackDir;
});
afterAll(async () => kt?.close());

describe('EphemeralApiKey in a CDKTF app, run by terraform', () => {
  it('synthesizes an ephemeral block that terraform opens, uses for a provider, and closes; no secret is stored', async () => {
    const crm = unwrap(await kt.service.client().api.POST('/v1/keys', { body: { name: 'CRM Sync' } }));
    await project.synthesize();
    const synthesized = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as { ephemeral?: Record<string, Record<string, unknown>> };
    expect(Object.values(synthesized.ephemeral!.keyplane_api_key!)).toEqual([expect.objectContaining({ name: 'cdktf-read-only', scopes: ['keys:read'], ttl: '30m' })]);

    const init = await kt.terraform(stackDir, 'init', '-input=false');
    expect(init.code, init.stdout + init.stderr).toBe(0);
    const plan = await kt.terraform(stackDir, 'plan', '-out=tfplan', '-input=false');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/ephemeral\.keyplane_api_key\.ReadOnly: Opening/);
    expect(plan.stdout).toMatch(/ephemeral\.keyplane_api_key\.ReadOnly: Closing/);
    const apply = await kt.terraform(stackDir, 'apply', '-input=false', 'tfplan');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);

    const out = JSON.parse((await kt.terraform(stackDir, 'output', '-json')).stdout) as Record<string, { value: unknown }>;
    expect(out.crm_id!.value).toBe(crm.id);
    expect(out.reader_scopes!.value).toEqual(['keys:read']);
    // The reads were made with the ephemeral key, which plan and apply each opened and closed (revoked):
    const readers = (await serviceKeys(kt.service)).filter((k) => k.name === 'cdktf-read-only');
    expect(readers.length).toBeGreaterThanOrEqual(2);
    expect(readers.every((k) => k.status === 'revoked')).toBe(true);
    expect(readers.map((k) => k.id)).toContain(out.reader_id!.value);

    // Wherever cdktf's local backend keeps it:
    const pulled = await kt.terraform(stackDir, 'state', 'pull');
    expect(pulled.code, pulled.stderr).toBe(0);
    const state = pulled.stdout;
    const resources = (JSON.parse(state) as { resources: { mode: string; type: string }[] }).resources;
    expect(resources.map((r) => `${r.mode}.${r.type}`).sort()).toEqual(['data.keyplane_api_key', 'data.keyplane_myself']);
    expect(state).not.toMatch(ANY_SECRET);
    const planJson = await kt.terraform(stackDir, 'show', '-json', 'tfplan');
    expect(planJson.stdout).not.toMatch(ANY_SECRET);
    expect(apply.stdout + apply.stderr + plan.stdout + plan.stderr).not.toMatch(ANY_SECRET);
  });
});
