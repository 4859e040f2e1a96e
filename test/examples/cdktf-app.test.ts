/**
 * examples/cdktf-app end to end: the app type-checks with its own tsconfig, is run with tsx as
 * `cdktf synth` runs it (output into a temporary CDKTF_OUTDIR, never into the repository), and
 * the synthesized stack is applied with plain `terraform init && terraform apply` with
 * Keyplane's provider from the mirror against the real service. Every key exists with its
 * declared scopes, rules and expiry, each secret verifies, the post-apply KeyVerification ran,
 * a description changed through the environment is an in-place update, a new generation
 * rotates production-agent and renews its expiry (the story: 90 days after the rotation), and
 * destroy revokes every key.
 *
 * All of it on each CDK the app runs on (cdktf-app-runs.ts): CDK for Terraform (cdktf) with the
 * app as it is in the repository, and CDK Terrain (cdktn) with the app copied from the installed
 * package into a project that has no cdktf. Every synthesis is checked to be that library's.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectDeclaredKeys,
  expectDestroyRevokes,
  expectInPlaceUpdate,
  expectSecretsVerify,
  initAndApply,
  repoRoot,
  startExampleHarness,
  type ExampleHarness,
} from './harness.js';
import { APP_RUNS, synthesizedVersion, type PreparedApp } from './cdktf-app-runs.js';
import { repositoryVersion } from '../helpers/cdktn-project.js';
import { expectStoryRotation } from './rotation-check.js';

const appDir = join(repoRoot, 'examples/cdktf-app');

let h: ExampleHarness;
let app: PreparedApp;
let library: (typeof APP_RUNS)[number]['library'];

/**
 * Runs examples/cdktf-app/main.ts with tsx (outdir and working directory temporary: cdktf's
 * default local backend keeps the state beside the latter), then checks that the library under
 * test made it: the version cdktf.out records is that library's, and not the other's.
 */
async function synthesize(env: Record<string, string> = {}): Promise<void> {
  await app.synthesize(env);
  const other = repositoryVersion(library === 'cdktf' ? 'cdktn' : 'cdktf');
  expect(other, 'cdktf and cdktn record different versions').not.toBe(app.libraryVersion);
  expect(synthesizedVersion(app.outdir), `synthesized by ${library} ${app.libraryVersion}`).toEqual({ manifest: app.libraryVersion, stack: app.libraryVersion });
}

describe.each(APP_RUNS.map((r) => [`${r.library} (from ${r.from})`, r] as const))('examples/cdktf-app on %s', (_name, appRun) => {
  beforeAll(async () => {
    library = appRun.library;
    h = await startExampleHarness(`cdktf-app-${appRun.library}`, () => join(app.outdir, 'stacks', 'keyplane-keys'));
    app = await appRun.prepare(h.kt.root, h.kt.service.url);
  }, 900_000);
  afterAll(async () => h?.kt.close());

  it('type-checks (in the repository with its own tsconfig, which the repository tsconfig leaves out; in the project with a user\'s)', async () => {
    await app.typeCheck();
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

  it('a new generation rotates production-agent: a valid new secret, the old one for the overlap, expires_at = rotation + 90 days', async () => {
    const description = 'Nightly sync of accounts and contacts';
    await expectStoryRotation(h, {}, () => synthesize({ CRM_SYNC_DESCRIPTION: description, PRODUCTION_AGENT_GENERATION: '2' }));
  });

  it('destroy revokes every key and deletes the scopes', async () => {
    await expectDestroyRevokes(h);
  });

  it('left nothing in the repository (no cdktf.out, no state beside the app)', () => {
    expect(readdirSync(appDir).sort()).toEqual(['README.md', 'cdk.ts', 'cdktf.json', 'main.ts', 'tsconfig.json']);
    expect(existsSync(join(app.cwd, 'terraform.keyplane-keys.tfstate'))).toBe(true);
  });
});
