/**
 * Shared harness of the examples' end-to-end tests (examples/cdktf-app and examples/hcl-app
 * declare the same keys): a real service and Keyplane's provider from a filesystem mirror
 * (startKeyplaneTerraform), terraform in a working directory, and the checks both examples
 * must pass: every key with its declared scopes, rules and expiry, every secret verifies,
 * a changed description is an in-place update, destroy revokes every key.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { serviceKeys, startKeyplaneTerraform, type KeyplaneTerraform } from '../provider/e2e/keyplane-terraform.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const tsxCli = join(repoRoot, 'node_modules/tsx/dist/cli.mjs');
const DAY = 86_400_000;

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** A shell command prefix running this checkout's CLI (what `npx keyplane` is for a user). */
export const keyplaneCliCommand = `${quote(process.execPath)} ${quote(tsxCli)} ${quote(join(repoRoot, 'src/cli/main.ts'))}`;

/** The example's secret outputs (both examples use the same names). */
export const SECRET_OUTPUTS = ['ci_pipeline_secret', 'crm_sync_secret', 'power_bi_secret', 'production_agent_secret'] as const;
export const DEFAULT_CRM_DESCRIPTION = 'Nightly sync of accounts to the CRM';

export interface ExampleHarness {
  kt: KeyplaneTerraform;
  /** `terraform <args>` in the example's working directory, with `extraEnv`. */
  terraform(args: string[], extraEnv?: Record<string, string>): Promise<{ code: number; stdout: string; all: string }>;
  /** The outputs' values (`terraform output -json`). */
  outputs(): Promise<Record<string, unknown>>;
  /** The service's keys (the admin key left out), by name. */
  keysByName(): Promise<Map<string, Awaited<ReturnType<typeof serviceKeys>>[number]>>;
  /** POST /v1/keys/verify. */
  verify(secret: string, ip?: string): ReturnType<typeof verifyWith>;
}

async function verifyWith(kt: KeyplaneTerraform, secret: string, ip?: string) {
  return unwrap(await kt.service.client().api.POST('/v1/keys/verify', { body: { key: secret, ...(ip ? { ip } : {}) } }));
}

/** Starts the service and the mirror; `dir()` gives the working directory once it is known. */
export async function startExampleHarness(name: string, dir: () => string): Promise<ExampleHarness> {
  const kt = await startKeyplaneTerraform(name);
  const h: ExampleHarness = {
    kt,
    async terraform(args, extraEnv = {}) {
      const result = await kt.terraformWithEnv(extraEnv, dir(), ...args);
      return { code: result.code, stdout: result.stdout, all: result.stdout + result.stderr };
    },
    async outputs() {
      const result = await h.terraform(['output', '-json']);
      const parsed = JSON.parse(result.stdout) as Record<string, { value: unknown }>;
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value]));
    },
    async keysByName() {
      const keys = await serviceKeys(kt.service);
      return new Map(keys.filter((k) => k.id !== kt.service.adminKeyId).map((k) => [k.name, k]));
    },
    verify: (secret, ip) => verifyWith(kt, secret, ip),
  };
  return h;
}

/** `terraform init` then `terraform apply`: 4 scopes, 4 keys and the verification. */
export async function initAndApply(h: ExampleHarness, extraEnv: Record<string, string> = {}): Promise<void> {
  const init = await h.terraform(['init', '-input=false'], extraEnv);
  expect(init.code, init.all).toBe(0);
  const apply = await h.terraform(['apply', '-auto-approve', '-input=false'], extraEnv);
  expect(apply.code, apply.all).toBe(0);
  expect(apply.stdout).toMatch(/Apply complete! Resources: 9 added, 0 changed, 0 destroyed/);
  expect(apply.stdout).toMatch(/Provisioning with 'local-exec'/);
  const outputs = await h.outputs();
  for (const name of SECRET_OUTPUTS) {
    const secret = outputs[name];
    expect(typeof secret, name).toBe('string');
    expect(apply.all).not.toContain(secret as string);
  }
}

/** Every key exists with its declared scopes, rules and expiry, and the catalog with its includes. */
export async function expectDeclaredKeys(h: ExampleHarness, crmDescription = DEFAULT_CRM_DESCRIPTION): Promise<void> {
  const keys = await h.keysByName();
  expect([...keys.keys()].sort()).toEqual(['CRM Sync', 'Power BI Integration', 'ci-pipeline', 'production-agent']);
  expect(keys.get('Power BI Integration')).toMatchObject({ scopes: ['EXPORT_READ'], ip_rules: [], status: 'active' });
  expect(keys.get('ci-pipeline')).toMatchObject({ scopes: ['read'], ip_rules: [], status: 'active' });
  expect(keys.get('CRM Sync')).toMatchObject({ scopes: ['read'], description: crmDescription, metadata: { team: 'sales' }, status: 'active' });
  expect([...keys.get('CRM Sync')!.ip_rules].sort((a, b) => a.cidr.localeCompare(b.cidr))).toEqual([
    { action: 'allow', cidr: '2001:db8:4::/48', note: 'Office IPv6' },
    { action: 'allow', cidr: '203.0.113.0/24', note: 'Office' },
  ]);
  const agent = keys.get('production-agent')!;
  expect(agent).toMatchObject({ scopes: ['agentic'], status: 'active' });
  const lifetime = Date.parse(agent.expires_at!) - Date.parse(agent.created_at);
  expect(Math.abs(lifetime - 90 * DAY)).toBeLessThan(5 * 60_000);
  // The others take the organization's default expiry: set, in the future.
  for (const name of ['Power BI Integration', 'CRM Sync', 'ci-pipeline']) {
    const expiresAt = keys.get(name)!.expires_at;
    if (expiresAt !== null && expiresAt !== undefined) expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
  }

  const scopes = unwrap(await h.kt.service.client().api.GET('/v1/scopes')).data.filter((s) => !s.built_in);
  expect(scopes.map((s) => [s.name, [...s.includes]]).sort()).toEqual(
    [
      ['EXPORT_READ', []],
      ['agentic', ['read']],
      ['read', []],
      ['write', ['agentic']],
    ].sort(),
  );
}

/** Each secret verifies: scopes as declared, CRM Sync only from its networks. */
export async function expectSecretsVerify(h: ExampleHarness): Promise<void> {
  const out = (await h.outputs()) as Record<(typeof SECRET_OUTPUTS)[number], string>;
  const powerBi = await h.verify(out.power_bi_secret);
  expect(powerBi).toMatchObject({ valid: true, code: 'VALID' });
  expect(powerBi.key!.effective_scopes).toEqual(['EXPORT_READ']);
  const ci = await h.verify(out.ci_pipeline_secret);
  expect(ci).toMatchObject({ valid: true, code: 'VALID' });
  expect(ci.key!.effective_scopes).toEqual(['read']);
  expect(await h.verify(out.crm_sync_secret, '203.0.113.9')).toMatchObject({ valid: true, code: 'VALID' });
  expect(await h.verify(out.crm_sync_secret, '2001:db8:4:1::5')).toMatchObject({ valid: true, code: 'VALID' });
  expect(await h.verify(out.crm_sync_secret, '198.51.100.1')).toMatchObject({ valid: false, code: 'IP_NOT_ALLOWED' });
  expect(await h.verify(out.crm_sync_secret, '2001:db8:5::1')).toMatchObject({ valid: false, code: 'IP_NOT_ALLOWED' });
  const agent = await h.verify(out.production_agent_secret);
  expect(agent).toMatchObject({ valid: true, code: 'VALID' });
  expect([...agent.key!.effective_scopes].sort()).toEqual(['agentic', 'read']);
}

/**
 * Applies again with a changed description (`extraEnv`, or after re-synthesizing): one in-place
 * update of CRM Sync, same id, the others untouched.
 */
export async function expectInPlaceUpdate(h: ExampleHarness, description: string, extraEnv: Record<string, string> = {}, beforeApply?: () => Promise<void>): Promise<void> {
  const before = await h.keysByName();
  await beforeApply?.();
  const apply = await h.terraform(['apply', '-auto-approve', '-input=false'], extraEnv);
  expect(apply.code, apply.all).toBe(0);
  expect(apply.stdout).toMatch(/Resources: 0 added, 1 changed, 0 destroyed/);
  const after = await h.keysByName();
  expect(after.get('CRM Sync')).toMatchObject({ id: before.get('CRM Sync')!.id, description });
  for (const [name, key] of before) expect(after.get(name)!.id).toBe(key.id);
}

/** Destroy revokes every key and deletes the scopes. */
export async function expectDestroyRevokes(h: ExampleHarness, extraEnv: Record<string, string> = {}): Promise<void> {
  const keys = await h.keysByName();
  const outputs = await h.outputs();
  const secrets = SECRET_OUTPUTS.map((name) => outputs[name] as string);
  const destroy = await h.terraform(['destroy', '-auto-approve', '-input=false'], extraEnv);
  expect(destroy.code, destroy.all).toBe(0);
  expect(destroy.stdout).toMatch(/Destroy complete! Resources: 9 destroyed/);
  const after = await h.keysByName();
  for (const key of keys.values()) expect(after.get(key.name)?.status).toBe('revoked');
  for (const secret of secrets) expect(await h.verify(secret)).toMatchObject({ valid: false, code: 'REVOKED' });
  const scopes = unwrap(await h.kt.service.client().api.GET('/v1/scopes')).data.filter((s) => !s.built_in);
  expect(scopes).toEqual([]);
}
