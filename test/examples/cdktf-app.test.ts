/**
 * examples/cdktf-app end to end: the app type-checks with its own tsconfig, is run with tsx as
 * `cdktf synth` runs it (output into a temporary CDKTF_OUTDIR, never into the repository), and
 * the synthesized stack is applied with plain `terraform init && terraform apply` with
 * Keyplane's provider from the mirror against the real service. Every key exists with its
 * declared scopes, rules and expiry, each secret verifies, the post-apply KeyVerification ran,
 * a description changed through the environment is an in-place update, and destroy revokes
 * every key.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectDeclaredKeys,
  expectDestroyRevokes,
  expectInPlaceUpdate,
  expectSecretsVerify,
  initAndApply,
  keyplaneCliCommand,
  repoRoot,
  startExampleHarness,
  tsxCli,
  type ExampleHarness,
} from './harness.js';

const run = promisify(execFile);
const appDir = join(repoRoot, 'examples/cdktf-app');

let h: ExampleHarness;
let outdir: string;

/**
 * Runs examples/cdktf-app/main.ts with tsx, writing into the temporary outdir. The working
 * directory is temporary too: cdktf's default local backend keeps the state beside it.
 */
async function synthesize(env: Record<string, string> = {}): Promise<void> {
  await run(process.execPath, [tsxCli, join(appDir, 'main.ts')], {
    cwd: h.kt.root,
    env: { ...process.env, CDKTF_OUTDIR: outdir, KEYPLANE_ENDPOINT: h.kt.service.url, KEYPLANE_CLI: keyplaneCliCommand, ...env },
  });
}

beforeAll(async () => {
  h = await startExampleHarness('cdktf-app', () => join(outdir, 'stacks', 'keyplane-keys'));
  outdir = join(h.kt.root, 'cdktf.out');
});
afterAll(async () => h?.kt.close());

describe('examples/cdktf-app', () => {
  it('type-checks with its own tsconfig (the repository tsconfig leaves examples/ out)', async () => {
    await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(appDir, 'tsconfig.json')]);
  });

  it('synthesizes into the given outdir and applies: scopes, keys and the verification', async () => {
    await synthesize();
    await initAndApply(h);
  });

  it('the service holds every key with the declared scopes, rules and expiry', async () => {
    await expectDeclaredKeys(h);
  });

  it('each secret from the sensitive outputs verifies (CRM Sync from its IPv4 and IPv6 networks only)', async () => {
    await expectSecretsVerify(h);
  });

  it('a description changed through CRM_SYNC_DESCRIPTION is an in-place update of that key only', async () => {
    const description = 'Nightly sync of accounts and contacts';
    await expectInPlaceUpdate(h, description, {}, () => synthesize({ CRM_SYNC_DESCRIPTION: description }));
  });

  it('destroy revokes every key and deletes the scopes', async () => {
    await expectDestroyRevokes(h);
  });

  it('left nothing in the repository (no cdktf.out, no state beside the app)', () => {
    expect(readdirSync(appDir).sort()).toEqual(['README.md', 'cdktf.json', 'main.ts', 'tsconfig.json']);
    expect(existsSync(join(h.kt.root, 'terraform.keyplane-keys.tfstate'))).toBe(true);
  });
});
