/**
 * Mistakes that used to pass `terraform plan` and fail only at apply, or read badly, with the
 * real terraform: a provider api_key the service refuses (expired, revoked) stops the plan
 * with an error about that key; a rule written twice in ip_rule blocks is named by its
 * content, not by a position in a set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/client/index.js';
import { HOUR, createKey } from '../../helpers/api.js';
import { startKeyplaneTerraform, type KeyplaneTerraform } from './keyplane-terraform.js';

let kt: KeyplaneTerraform;
beforeAll(async () => {
  kt = await startKeyplaneTerraform('plan-time-errors');
});
afterAll(async () => kt?.close());

const body = `
resource "keyplane_scope" "read" {
  name = "read"
}
`;

describe("the provider's own api_key, at plan time", () => {
  it('an expired api_key fails `terraform plan`, saying that it expired (not at apply)', async () => {
    const dir = kt.workspace('expired-key', body);
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const key = await createKey(kt.service, { name: 'terraform', scopes: ['admin'], expires_at: new Date(kt.service.clock.now() + HOUR).toISOString() });
    const before = await kt.terraformWithEnv({ KEYPLANE_API_KEY: key.secret }, dir, 'plan');
    expect(before.code, before.stdout + before.stderr).toBe(0);

    kt.service.clock.advance(2 * HOUR);
    const plan = await kt.terraformWithEnv({ KEYPLANE_API_KEY: key.secret }, dir, 'plan');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/Error: The provider's api_key expired/);
    expect(plan.stderr.replace(/\s+/g, ' ')).toMatch(/The provider's api_key \(KEYPLANE_API_KEY\) expired: .*\(EXPIRED_KEY, HTTP 401/);
    expect(plan.stdout + plan.stderr).not.toContain(key.secret);
  });

  it('a revoked api_key in the provider block fails `terraform plan` at that attribute', async () => {
    const key = await createKey(kt.service, { name: 'terraform (old)', scopes: ['admin'] });
    unwrap(await kt.service.client().api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: key.id } }, body: {} }));
    const dir = kt.workspace('revoked-key', body, 'variable "api_key" {\n  type      = string\n  sensitive = true\n}\n\nprovider "keyplane" {\n  api_key = var.api_key\n}');
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const plan = await kt.terraformWithEnv({ TF_VAR_api_key: key.secret, KEYPLANE_API_KEY: '' }, dir, 'plan');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/Error: The provider's api_key was revoked/);
    expect(plan.stderr).toMatch(/api_key = var\.api_key/); // Terraform quotes the attribute's line
    expect(plan.stdout + plan.stderr).not.toContain(key.secret);
  });
});

describe('ip_rule blocks', () => {
  it('a rule written twice is named by its content, with how it was written', async () => {
    const dir = kt.workspace(
      'duplicate-rule',
      `
resource "keyplane_api_key" "k" {
  name = "duplicate rule"
  ip_rule {
    action = "allow"
    cidr   = "10.0.0.0/8"
  }
  ip_rule {
    action = "allow"
    cidr   = "10.1.2.3/8"
  }
}
`,
    );
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const validate = await kt.terraform(dir, 'validate');
    expect(validate.code).toBe(1);
    const text = validate.stderr.replace(/\s+/g, ' ');
    expect(text).toMatch(/The rule allow 10\.0\.0\.0\/8 appears twice \(written "10\.(0\.0\.0|1\.2\.3)\/8" and "10\.(0\.0\.0|1\.2\.3)\/8"\); keep one of them/);
    expect(text).not.toMatch(/rule \d repeats rule \d/);
  });
});
