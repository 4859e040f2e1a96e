/**
 * `keyplane_api_key` with the real terraform and the real service: create, an empty second
 * plan, updates in place checked in the service, order and notation that never cause a diff,
 * rotation through rotation_triggers (old secret valid during the grace only) and through
 * rotation_period, drift (revoked outside Terraform → warning and a planned create), import,
 * and destroy revoking. Steps run in order and share one workspace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/client/index.js';
import { serviceKeys, startKeyplaneTerraform, stateOf, type KeyplaneTerraform } from './keyplane-terraform.js';

let kt: KeyplaneTerraform;
let dir: string;

beforeAll(async () => {
  kt = await startKeyplaneTerraform('api-key');
  dir = kt.workspace('main', '');
});
afterAll(async () => kt?.close());

const HOUR = 3_600_000;

type Parts = { crm?: string; rotating?: string; extra?: string };
let current: Parts = {};

/** The main configuration; each step changes a part of it, the others stay as the last step left them. */
function config(change: Parts = {}): string {
  current = { ...current, ...change };
  const parts = current;
  return `
resource "keyplane_api_key" "crm" {
${
  parts.crm ??
  `  name        = "CRM Sync"
  description = "Nightly sync"
  scopes      = ["keys:read", "keys:verify"]
  expires_at  = "2031-05-01T12:00:00+02:00"
  metadata    = { team = "sales" }

  ip_rule {
    action = "allow"
    cidr   = "10.1.2.3/16"
    note   = "office"
  }
  ip_rule {
    action = "deny"
    cidr   = "2001:DB8:0:0:0:0:0:1/64"
  }`
}
}

resource "keyplane_api_key" "rotating" {
  name                  = "Rotating"
  scopes                = ["keys:verify"]
${parts.rotating ?? '  rotation_triggers     = { generation = "1" }\n  rotation_grace_period = "1h"'}
}
${parts.extra ?? ''}`;
}

async function key(id: string) {
  return unwrap(await kt.service.client().api.GET('/v1/keys/{key_id}', { params: { path: { key_id: id } } }));
}

async function verify(secret: string): Promise<string> {
  return unwrap(await kt.service.client().api.POST('/v1/keys/verify', { body: { key: secret } })).code;
}

async function expectNoChanges(): Promise<void> {
  const plan = await kt.terraform(dir, 'plan', '-detailed-exitcode');
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  expect(plan.stdout).toMatch(/No changes/);
}

async function apply(expected: RegExp): Promise<string> {
  const result = await kt.terraform(dir, 'apply', '-auto-approve');
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toMatch(expected);
  return result.stdout;
}

describe('keyplane_api_key', () => {
  it('inits from the mirror and creates the keys, keeping the notation written', async () => {
    kt.write(dir, config());
    const init = await kt.terraform(dir, 'init');
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/Installed keyplane\/keyplane v0\.1\.0/);

    await apply(/Apply complete! Resources: 2 added, 0 changed, 0 destroyed/);
    const crm = await stateOf(kt, dir, 'keyplane_api_key.crm');
    expect(crm).toMatchObject({ name: 'CRM Sync', expires_at: '2031-05-01T12:00:00+02:00', status: 'active', rotated_at: null });
    expect(crm.secret).toMatch(/^nm_operator_[0-9A-Za-z]{38}$/);
    expect(crm.ip_rule).toEqual(
      expect.arrayContaining([
        { action: 'allow', cidr: '10.1.2.3/16', note: 'office' },
        { action: 'deny', cidr: '2001:DB8:0:0:0:0:0:1/64', note: null },
      ]),
    );

    // The service holds the canonical forms.
    const stored = await key(crm.id as string);
    expect(stored).toMatchObject({ name: 'CRM Sync', description: 'Nightly sync', scopes: ['keys:read', 'keys:verify'], metadata: { team: 'sales' } });
    expect(stored.expires_at).toBe('2031-05-01T10:00:00.000Z');
    expect(stored.ip_rules).toEqual([
      { action: 'allow', cidr: '10.1.0.0/16', note: 'office' },
      { action: 'deny', cidr: '2001:db8::/64', note: null },
    ]);
    expect(await verify(crm.secret as string)).toBe('IP_NOT_ALLOWED'); // rules hold: no ip given
  });

  it('plans no change afterwards: canonical forms on the service side cause no diff', async () => {
    await expectNoChanges();
  });

  it('plans no change when rules and scopes are reordered or written in an equivalent notation', async () => {
    kt.write(
      dir,
      config({
        crm: `  name        = "CRM Sync"
  description = "Nightly sync"
  scopes      = ["keys:verify", "keys:read"]
  expires_at  = "2031-05-01T10:00:00.000Z"
  metadata    = { team = "sales" }

  ip_rule {
    action = "deny"
    cidr   = "2001:db8::/64"
  }
  ip_rule {
    action = "allow"
    cidr   = "10.1.0.0/16"
    note   = "office"
  }`,
      }),
    );
    await expectNoChanges();
  });

  it('updates name, rules and scopes in place', async () => {
    const before = await stateOf(kt, dir, 'keyplane_api_key.crm');
    kt.write(
      dir,
      config({
        crm: `  name        = "CRM Sync (EU)"
  description = "Nightly sync"
  scopes      = ["keys:read"]
  expires_at  = "2031-05-01T10:00:00.000Z"
  metadata    = { team = "sales", region = "eu" }

  ip_rule {
    action = "allow"
    cidr   = "192.0.2.0/24"
  }`,
      }),
    );
    const plan = await kt.terraform(dir, 'plan', '-detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/~ update in-place/);
    expect(plan.stdout).not.toMatch(/must be replaced|forces replacement/);
    expect(plan.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);

    await apply(/Resources: 0 added, 1 changed, 0 destroyed/);
    const after = await stateOf(kt, dir, 'keyplane_api_key.crm');
    expect(after.id).toBe(before.id);
    expect(after.secret).toBe(before.secret); // not rotated
    const stored = await key(after.id as string);
    expect(stored).toMatchObject({
      name: 'CRM Sync (EU)',
      scopes: ['keys:read'],
      metadata: { team: 'sales', region: 'eu' },
      ip_rules: [{ action: 'allow', cidr: '192.0.2.0/24', note: null }],
    });
    await expectNoChanges();
  });

  it('rotates the secret in place when rotation_triggers change; the old one works during the grace only', async () => {
    const before = await stateOf(kt, dir, 'keyplane_api_key.rotating');
    const oldSecret = before.secret as string;
    expect(await verify(oldSecret)).toBe('VALID');

    kt.write(dir, config({ rotating: '  rotation_triggers     = { generation = "2" }\n  rotation_grace_period = "1h"' }));
    const plan = await kt.terraform(dir, 'plan', '-detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/secret\s+= \(sensitive value\)/);
    expect(plan.stdout).toMatch(/\+ rotated_at\s+= \(known after apply\)/);
    expect(plan.stdout).toMatch(/~ hint\s+= "nm_operator_…\w{4}" -> \(known after apply\)/);
    expect(plan.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);

    await apply(/Resources: 0 added, 1 changed, 0 destroyed/);
    const after = await stateOf(kt, dir, 'keyplane_api_key.rotating');
    expect(after.id).toBe(before.id);
    expect(after.secret).not.toBe(oldSecret);
    expect(after.rotated_at).toEqual(expect.any(String));
    expect(await verify(after.secret as string)).toBe('VALID');
    expect(await verify(oldSecret)).toBe('VALID'); // within the grace period

    kt.service.clock.advance(HOUR + 1000);
    expect(await verify(oldSecret)).not.toBe('VALID');
    expect(await verify(after.secret as string)).toBe('VALID');
    await expectNoChanges();
  });

  it('rotates when rotation_period has elapsed, and then plans nothing', async () => {
    // A key created two days ago (by the service's clock), due for rotation after one day.
    const realNow = Date.now();
    kt.service.clock.current = realNow - 48 * HOUR;
    kt.write(dir, config({ extra: `\nresource "keyplane_api_key" "periodic" {\n  name            = "Periodic"\n  rotation_period = "1d"\n}\n` }));
    await apply(/Resources: 1 added, 0 changed, 0 destroyed/);
    const created = await stateOf(kt, dir, 'keyplane_api_key.periodic');
    kt.service.clock.current = realNow;

    const plan = await kt.terraform(dir, 'plan', '-detailed-exitcode');
    expect(plan.code, plan.stdout).toBe(2);
    expect(plan.stdout).toMatch(/keyplane_api_key\.periodic will be updated in-place/);
    expect(plan.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    await apply(/Resources: 0 added, 1 changed, 0 destroyed/);
    const rotated = await stateOf(kt, dir, 'keyplane_api_key.periodic');
    expect(rotated.secret).not.toBe(created.secret);
    await expectNoChanges();

    // "24h" means the same as "1d": no diff.
    kt.write(dir, config({ extra: `\nresource "keyplane_api_key" "periodic" {\n  name            = "Periodic"\n  rotation_period = "24h"\n}\n` }));
    await expectNoChanges();
  });

  it('warns and plans a create when a key was revoked outside Terraform', async () => {
    const { id } = await stateOf(kt, dir, 'keyplane_api_key.periodic');
    unwrap(await kt.service.client().api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: id as string } }, body: {} }));

    const plan = await kt.terraform(dir, 'plan', '-detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout + plan.stderr).toMatch(/Warning: API key revoked/);
    expect(plan.stdout).toMatch(/keyplane_api_key\.periodic will be created/);
    expect(plan.stdout).toMatch(/Plan: 1 to add, 0 to change, 0 to destroy/);

    await apply(/Resources: 1 added, 0 changed, 0 destroyed/);
    expect((await stateOf(kt, dir, 'keyplane_api_key.periodic')).id).not.toBe(id);
    await expectNoChanges();
  });

  it('shows a change made outside Terraform as an update back to the configuration', async () => {
    const { id } = await stateOf(kt, dir, 'keyplane_api_key.crm');
    unwrap(await kt.service.client().api.PATCH('/v1/keys/{key_id}', { params: { path: { key_id: id as string } }, body: { name: 'Renamed by hand' } }));
    const plan = await kt.terraform(dir, 'plan', '-detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/~ name\s+= "Renamed by hand" -> "CRM Sync \(EU\)"/);
    await apply(/Resources: 0 added, 1 changed, 0 destroyed/);
    expect((await key(id as string)).name).toBe('CRM Sync (EU)');
  });

  it('imports a key made outside Terraform, and plans no change for an equivalent configuration', async () => {
    const made = unwrap(
      await kt.service.client().api.POST('/v1/keys', {
        body: {
          name: 'Made by hand',
          scopes: ['keys:read'],
          expires_at: '2032-01-01T00:00:00Z',
          ip_rules: [{ action: 'allow', cidr: '198.51.100.0/24', note: 'partner' }],
          metadata: { owner: 'ops' },
        },
      }),
    );
    const importDir = kt.workspace(
      'import',
      `
resource "keyplane_api_key" "imported" {
  name       = "Made by hand"
  scopes     = ["keys:read"]
  expires_at = "2032-01-01T01:00:00+01:00"
  metadata   = { owner = "ops" }
  ip_rule {
    action = "allow"
    cidr   = "198.51.100.77/24"
    note   = "partner"
  }
}
`,
    );
    expect((await kt.terraform(importDir, 'init')).code).toBe(0);
    const imported = await kt.terraform(importDir, 'import', 'keyplane_api_key.imported', made.id);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Import successful/);
    const state = await stateOf(kt, importDir, 'keyplane_api_key.imported');
    expect(state).toMatchObject({ id: made.id, name: 'Made by hand', secret: null, hint: made.hint });

    const plan = await kt.terraform(importDir, 'plan', '-detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);

    const bad = await kt.terraform(importDir, 'import', 'keyplane_api_key.other', 'not-a-key-id');
    expect(bad.code).toBe(1);
  });

  it('revokes every key on destroy', async () => {
    const ids = await Promise.all(['crm', 'rotating', 'periodic'].map(async (n) => (await stateOf(kt, dir, `keyplane_api_key.${n}`)).id as string));
    const destroy = await kt.terraform(dir, 'destroy', '-auto-approve');
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: 3 destroyed/);
    for (const id of ids) expect((await key(id)).status).toBe('revoked');
    const active = (await serviceKeys(kt.service)).filter((k) => k.status !== 'revoked' && ids.includes(k.id));
    expect(active).toEqual([]);
  });
});
