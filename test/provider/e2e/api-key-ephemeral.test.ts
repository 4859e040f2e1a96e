/**
 * `ephemeral "keyplane_api_key"` with the real terraform (1.10+) and the real service. A child
 * module opens a short-lived key and hands its secret up as an ephemeral output; the root puts
 * it in a local value that configures a second, aliased keyplane provider, which reads
 * `data.keyplane_myself` with it. Checked: the key works and is what was asked for (scopes,
 * IP rule, metadata, expiry = open time + ttl), every key Terraform opened is revoked once the
 * command ends (plan, apply and destroy each open their own), and no secret is in the saved
 * plan or the state. Plan-time validation of ttl and IP rules too.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/client/index.js';
import { serviceKeys, startKeyplaneTerraform, type KeyplaneTerraform } from './keyplane-terraform.js';

let kt: KeyplaneTerraform;
let dir: string;

const NAME = 'ephemeral reader';
/** Any Keyplane secret of the test organization. */
const SECRET = /nm_operator_[0-9A-Za-z]{38}/;
const TTL_MINUTES = 20;

beforeAll(async () => {
  kt = await startKeyplaneTerraform('ephemeral');
  dir = kt.workspace(
    'main',
    `
module "short_lived" {
  source = "./short-lived-key"
  ttl    = "${TTL_MINUTES}m"
}

locals {
  short_lived_key = module.short_lived.secret
}

provider "keyplane" {
  alias   = "short_lived"
  api_key = local.short_lived_key
}

data "keyplane_myself" "short_lived" {
  provider = keyplane.short_lived
}

output "short_lived_key_id" {
  value = data.keyplane_myself.short_lived.id
}
`,
  );
  mkdirSync(join(dir, 'short-lived-key'));
  writeFileSync(
    join(dir, 'short-lived-key', 'main.tf'),
    `
terraform {
  required_providers {
    keyplane = { source = "keyplane/keyplane" }
  }
}

variable "ttl" {
  type = string
}

ephemeral "keyplane_api_key" "this" {
  name        = "${NAME}"
  description = "Lives for one run"
  scopes      = ["keys:read"]
  metadata    = { purpose = "e2e" }
  ttl         = var.ttl

  ip_rule {
    action = "allow"
    cidr   = "127.0.0.1"
  }
}

output "secret" {
  value     = ephemeral.keyplane_api_key.this.secret
  ephemeral = true
}
`,
  );
});
afterAll(async () => kt?.close());

/** The keys Terraform opened so far (by name), as the service has them now. */
async function openedKeys() {
  return (await serviceKeys(kt.service)).filter((k) => k.name === NAME);
}

/** Every opened key is revoked; returns how many there are. */
async function expectAllRevoked(atLeast: number): Promise<number> {
  const keys = await openedKeys();
  expect(keys.length).toBeGreaterThanOrEqual(atLeast);
  expect(keys.filter((k) => k.status !== 'revoked').map((k) => `${k.id} ${k.status}`)).toEqual([]);
  console.log(`[ephemeral] ${keys.length} keys opened so far, all revoked`);
  return keys.length;
}

describe('ephemeral keyplane_api_key', () => {
  it('opens a key for the plan, uses it through a provider configuration, revokes it, and saves no secret in the plan', async () => {
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const plan = await kt.terraform(dir, 'plan', '-out=tfplan');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/ephemeral\.keyplane_api_key\.this: Opening\.\.\./);
    expect(plan.stdout).toMatch(/ephemeral\.keyplane_api_key\.this: Closing\.\.\./);
    expect(plan.stdout).not.toMatch(SECRET);
    await expectAllRevoked(1);

    const shown = await kt.terraform(dir, 'show', '-json', 'tfplan');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('short_lived_key_id'); // the plan is there...
    expect(shown.stdout).not.toMatch(SECRET); // ...without any secret
  });

  it('apply: the key worked and was what was asked for, is revoked afterwards, and no secret is in the state', async () => {
    const before = (await openedKeys()).length;
    const apply = await kt.terraform(dir, 'apply', 'tfplan');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete!/);
    const count = await expectAllRevoked(before + 1); // the apply opened its own

    const state = readFileSync(join(dir, 'terraform.tfstate'), 'utf8');
    expect(state).not.toMatch(SECRET);
    // Ephemeral resources are not recorded at all: only the data source read with the key is.
    const recorded = (JSON.parse(state) as { resources: { mode: string; type: string }[] }).resources.map((r) => `${r.mode}.${r.type}`);
    expect(recorded).toEqual(['data.keyplane_myself']);

    // The data source read through the aliased provider saw one of the opened keys.
    const output = await kt.terraform(dir, 'output', '-raw', 'short_lived_key_id');
    const usedId = output.stdout.trim();
    const used = (await openedKeys()).find((k) => k.id === usedId);
    expect(used, `${usedId} is one of the ${count} opened keys`).toBeDefined();
    expect(used).toMatchObject({
      description: 'Lives for one run',
      scopes: ['keys:read'],
      metadata: { purpose: 'e2e' },
      ip_rules: [{ action: 'allow', cidr: '127.0.0.1/32', note: null }],
      status: 'revoked',
    });
    // expires_at = opening time (provider's clock) + ttl; the test service's clock stands still
    // at its start, so the gap to created_at is ttl plus the seconds since then.
    const lifetime = Date.parse(used!.expires_at!) - Date.parse(used!.created_at);
    expect(lifetime).toBeGreaterThanOrEqual(TTL_MINUTES * 60_000);
    expect(lifetime).toBeLessThan(TTL_MINUTES * 60_000 + 120_000);
  });

  it('destroy opens and revokes its own key too', async () => {
    const before = (await openedKeys()).length;
    const destroy = await kt.terraform(dir, 'destroy', '-auto-approve');
    expect(destroy.code, destroy.stdout + destroy.stderr).toBe(0);
    await expectAllRevoked(before + 1);
    expect(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')).not.toMatch(SECRET);
  });

  it('refuses a bad ttl and a bad IP rule at plan time, at their lines', async () => {
    const invalid = kt.workspace(
      'invalid',
      `
ephemeral "keyplane_api_key" "bad_ttl" {
  name = "bad ttl"
  ttl  = "fortnight"
}

ephemeral "keyplane_api_key" "zero_ttl" {
  name = "zero ttl"
  ttl  = "0s"
}

ephemeral "keyplane_api_key" "bad_rule" {
  name = ""
  ip_rule {
    action = "allow"
    cidr   = "10.0.0.0/33"
  }
}
`,
    );
    expect((await kt.terraform(invalid, 'init')).code).toBe(0);
    const validate = await kt.terraform(invalid, 'validate');
    expect(validate.code).toBe(1);
    const out = validate.stderr.replace(/\s+/g, ' ');
    expect(out).toMatch(/Error: Invalid ttl with ephemeral\.keyplane_api_key\.bad_ttl, .*? ttl = "fortnight" "fortnight" is not a duration/);
    expect(out).toMatch(/Error: Invalid ttl with ephemeral\.keyplane_api_key\.zero_ttl, .*? ttl = "0s" ttl must be longer than zero/);
    expect(out).toMatch(/Error: Invalid IP rule with ephemeral\.keyplane_api_key\.bad_rule, .*? cidr = "10\.0\.0\.0\/33" .*prefix length must be 0 to 32/);
    expect(out).toMatch(/Error: Invalid name with ephemeral\.keyplane_api_key\.bad_rule, .*? name = "" Name must not be empty/);
    expect(validate.stderr.match(/^Error: /gm)).toHaveLength(4);
    expect((await openedKeys()).filter((k) => k.status !== 'revoked')).toEqual([]);
  });

  it("reports a ttl beyond the organization's maximum lifetime at the ttl line", async () => {
    const org = { params: { path: { organization_id: kt.service.organizationId } } };
    const { default_ttl_seconds, max_ttl_seconds } = unwrap(await kt.service.client().api.GET('/v1/organizations/{organization_id}', org)).key_policy;
    const before = { default_ttl_seconds, max_ttl_seconds };
    unwrap(await kt.service.client().api.PATCH('/v1/organizations/{organization_id}', { ...org, body: { key_policy: { default_ttl_seconds: 3600, max_ttl_seconds: 3600 } } }));
    try {
      const tooLong = kt.workspace('too-long', `\nephemeral "keyplane_api_key" "long" {\n  name = "${NAME}"\n  ttl  = "2h"\n}\n`);
      expect((await kt.terraform(tooLong, 'init')).code).toBe(0);
      const plan = await kt.terraform(tooLong, 'plan');
      expect(plan.code).toBe(1);
      expect(plan.stderr.replace(/\s+/g, ' ')).toMatch(
        /Error: Could not create the ephemeral API key "ephemeral reader" with ephemeral\.keyplane_api_key\.long, .*? ttl = "2h" With ttl = "2h": expires_at .* is beyond the organization's maximum key lifetime of 1 hour/,
      );
    } finally {
      unwrap(await kt.service.client().api.PATCH('/v1/organizations/{organization_id}', { ...org, body: { key_policy: before } }));
    }
  });
});
