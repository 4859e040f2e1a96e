/**
 * examples/hcl-app end to end: its main.tf, copied to a temporary directory, is applied with
 * `terraform init && terraform apply` with Keyplane's provider from the mirror against the real
 * service. Every key exists with its declared scopes, rules and expiry, each secret verifies,
 * the post-apply check (terraform_data + `keyplane keys verify`) ran, a description changed
 * through a variable is an in-place update, a new generation rotates production-agent and
 * renews its expiry (the story: 90 days after the rotation), and destroy revokes every key.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  expectDeclaredKeys,
  expectDestroyRevokes,
  expectInPlaceUpdate,
  expectSecretsVerify,
  initAndApply,
  keyplaneCliCommand,
  repoRoot,
  startExampleHarness,
  type ExampleHarness,
} from './harness.js';
import { expectStoryRotation } from './rotation-check.js';

let h: ExampleHarness;
let dir: string;
const env = { TF_VAR_keyplane_cli: keyplaneCliCommand };

beforeAll(async () => {
  h = await startExampleHarness('hcl-app', () => dir);
  dir = join(h.kt.root, 'hcl-app');
  mkdirSync(dir);
  copyFileSync(join(repoRoot, 'examples/hcl-app/main.tf'), join(dir, 'main.tf'));
});
afterAll(async () => h?.kt.close());

describe('examples/hcl-app', () => {
  it('inits from the mirror and applies: scopes, keys and the verification', async () => {
    await initAndApply(h, env);
  });

  it('the service holds every key with the declared scopes, rules and expiry', async () => {
    await expectDeclaredKeys(h);
  });

  it('each secret from the sensitive outputs verifies (CRM Sync from its IPv4 and IPv6 networks only)', async () => {
    await expectSecretsVerify(h);
  });

  it('a description changed through a variable is an in-place update of that key only', async () => {
    const description = 'Nightly sync of accounts and contacts';
    await expectInPlaceUpdate(h, description, { ...env, TF_VAR_crm_sync_description: description });
  });

  it('a new generation rotates production-agent: a valid new secret, the old one for the overlap, expires_at = rotation + 90 days', async () => {
    await expectStoryRotation(h, { ...env, TF_VAR_crm_sync_description: 'Nightly sync of accounts and contacts', TF_VAR_production_agent_generation: '2' });
  });

  it('destroy revokes every key and deletes the scopes', async () => {
    await expectDestroyRevokes(h, { ...env, TF_VAR_crm_sync_description: 'Nightly sync of accounts and contacts', TF_VAR_production_agent_generation: '2' });
  });
});
