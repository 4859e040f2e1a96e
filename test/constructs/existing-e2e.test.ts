/**
 * `ApiKey.fromName` and `ScopeCatalog.fromExisting` end to end: a CDKTF app run with tsx (as
 * `cdktf synth` runs it), then plain terraform with the provider from the mirror against the
 * real service. The app reads a key made outside Terraform by its name and grants a new key a
 * scope of the existing catalog; a scope the organization lacks fails the plan with its name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { serviceKeys, type KeyplaneTerraform } from '../provider/e2e/keyplane-terraform.js';
import { constructsImport, startCdktfAppProject, type CdktfAppProject } from './cdktf-app-project.js';

let kt: KeyplaneTerraform;
let project: CdktfAppProject;
let stackDir: string;

function appSource(): string {
  return `import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { ApiKey, KeyplaneProvider, ScopeCatalog } from ${constructsImport};

const app = new App({ outdir: 'cdktf.out' });
const stack = new TerraformStack(app, 'existing');
new KeyplaneProvider(stack, 'keyplane');

const crm = ApiKey.fromName(stack, 'Crm', 'CRM Sync');
new TerraformOutput(stack, 'crm_id', { value: crm.id });
new TerraformOutput(stack, 'crm_hint', { value: crm.hint });
new TerraformOutput(stack, 'crm_scopes', { value: crm.scopes });

const existing = ScopeCatalog.fromExisting(stack, 'Existing');
new ApiKey(stack, 'Agent', { name: 'Agent', scopes: [existing.scope(process.env.SCOPE ?? 'agentic'), 'keys:read'] });

app.synth();
`;
}

const synthesize = (env: Record<string, string> = {}) => project.synthesize(env);

beforeAll(async () => {
  project = await startCdktfAppProject('cdktf-existing', 'existing', appSource());
  kt = project.kt;
  stackDir = project.stackDir;
});
afterAll(async () => kt?.close());

describe('existing keys and scopes from a CDKTF app', () => {
  it('reads the key by name and grants a scope of the existing catalog', async () => {
    const api = kt.service.client().api;
    unwrap(await api.POST('/v1/scopes', { body: { name: 'agentic', includes: ['keys:read'] } }));
    const crm = unwrap(await api.POST('/v1/keys', { body: { name: 'CRM Sync', scopes: ['agentic'] } }));
    await synthesize();
    const init = await kt.terraform(stackDir, 'init', '-input=false');
    expect(init.code, init.stdout + init.stderr).toBe(0);
    const apply = await kt.terraform(stackDir, 'apply', '-auto-approve', '-input=false');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const out = JSON.parse((await kt.terraform(stackDir, 'output', '-json')).stdout) as Record<string, { value: unknown }>;
    expect(out.crm_id!.value).toBe(crm.id);
    expect(out.crm_hint!.value).toBe(crm.hint);
    expect(out.crm_scopes!.value).toEqual(['agentic']);
    const agent = (await serviceKeys(kt.service)).find((k) => k.name === 'Agent');
    expect(agent?.scopes).toEqual(['agentic', 'keys:read']);
    const again = await kt.terraform(stackDir, 'plan', '-detailed-exitcode', '-input=false');
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it('fails the plan, naming the scope, when the organization lacks it', async () => {
    await synthesize({ SCOPE: 'billing' });
    const plan = await kt.terraform(stackDir, 'plan', '-input=false');
    expect(plan.code).toBe(1);
    expect(plan.stderr.replace(/\s+/g, ' ')).toMatch(/The organization has no scope "billing" \(neither built in nor in its catalog\)/);
  });
});
