/**
 * Looking keys up with the real terraform and the real service: `data "keyplane_api_key"` by
 * name reads the same key as by id, skips revoked keys, and fails at the `name` line when a
 * name stands for no key or for several (listing their ids); `data "keyplane_api_keys"`
 * lists what GET /v1/keys lists with the same filters, every page; and the examples of both
 * pages of the docs apply.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/client/index.js';
import { serviceKeys, startKeyplaneTerraform, type KeyplaneTerraform } from './keyplane-terraform.js';

const repoRoot = join(import.meta.dirname, '../../..');
let kt: KeyplaneTerraform;
beforeAll(async () => {
  kt = await startKeyplaneTerraform('key-lookups');
});
afterAll(async () => kt?.close());

const api = () => kt.service.client().api;
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

async function outputs(dir: string): Promise<Record<string, any>> {
  const result = await kt.terraform(dir, 'output', '-json');
  expect(result.code, result.stderr).toBe(0);
  return Object.fromEntries(Object.entries(JSON.parse(result.stdout) as Record<string, { value: unknown }>).map(([n, o]) => [n, o.value]));
}

async function createKey(name: string, scopes: string[] = []) {
  return unwrap(await api().POST('/v1/keys', { body: { name, scopes, metadata: { source: 'lookup-test' } } }));
}

describe('lookups', () => {
  let crmId: string;
  let revokedCrmId: string;
  let twinIds: string[];

  beforeAll(async () => {
    unwrap(await api().POST('/v1/scopes', { body: { name: 'EXPORT_READ' } }));
    const revoked = await createKey('CRM Sync', ['EXPORT_READ']);
    unwrap(await api().POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: revoked.id } }, body: { reason: 'replaced' } }));
    revokedCrmId = revoked.id;
    crmId = (await createKey('CRM Sync', ['EXPORT_READ'])).id;
    twinIds = [(await createKey('Twin')).id, (await createKey('Twin')).id];
    await createKey('Nightly CI', ['keys:read']);
    await createKey('ci pipeline');
  });

  it('reads by name the same key as by id, the revoked namesake left out', async () => {
    const dir = kt.workspace(
      'by-name',
      `
data "keyplane_api_key" "by_name" {
  name = "CRM Sync"
}

data "keyplane_api_key" "by_id" {
  id = data.keyplane_api_key.by_name.id
}

output "by_name" {
  value = data.keyplane_api_key.by_name
}

output "by_id" {
  value = data.keyplane_api_key.by_id
}
`,
    );
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const apply = await kt.terraform(dir, 'apply', '-auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const { by_name, by_id } = await outputs(dir);
    expect(by_name.id).toBe(crmId);
    expect(by_name.id).not.toBe(revokedCrmId);
    expect(by_name).toEqual(by_id);
    const stored = unwrap(await api().GET('/v1/keys/{key_id}', { params: { path: { key_id: crmId } } }));
    expect(by_name).toMatchObject({ name: 'CRM Sync', status: 'active', hint: stored.hint, scopes: ['EXPORT_READ'], expires_at: stored.expires_at });
    expect(Object.keys(by_name)).not.toContain('secret');
    expect(JSON.stringify(by_name)).not.toMatch(/nm_operator_[0-9A-Za-z]{38}/);
    const again = await kt.terraform(dir, 'plan', '-detailed-exitcode');
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it('fails at the name line for several keys of one name, listing their ids, and for none', async () => {
    const dir = kt.workspace('ambiguous', `\ndata "keyplane_api_key" "twin" {\n  name = "Twin"\n}\n`);
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const ambiguous = await kt.terraform(dir, 'plan');
    expect(ambiguous.code).toBe(1);
    expect(oneLine(ambiguous.stderr)).toMatch(/Error: Ambiguous API key name with data\.keyplane_api_key\.twin, on main\.tf line \d+, in data "keyplane_api_key" "twin": \d+: name = "Twin" 2 keys that are not revoked are named "Twin"/);
    for (const id of twinIds) expect(oneLine(ambiguous.stderr)).toContain(id);

    kt.write(dir, `\ndata "keyplane_api_key" "gone" {\n  name = "crm sync"\n}\n`);
    const none = await kt.terraform(dir, 'plan');
    expect(none.code).toBe(1);
    expect(oneLine(none.stderr)).toMatch(/Error: API key not found .* name = "crm sync" No key that is not revoked is named exactly "crm sync" .* letter case exist: "CRM Sync"/);

    kt.write(dir, `\ndata "keyplane_api_key" "both" {\n  id   = "${crmId}"\n  name = "CRM Sync"\n}\n\ndata "keyplane_api_key" "neither" {}\n`);
    const invalid = await kt.terraform(dir, 'validate');
    expect(invalid.code).toBe(1);
    expect(oneLine(invalid.stderr)).toMatch(/Error: Conflicting arguments .* name = "CRM Sync" Give either id or name, not both/);
    expect(oneLine(invalid.stderr)).toMatch(/Error: Missing key to read with data\.keyplane_api_key\.neither/);
  });

  it('lists keys with the filters of GET /v1/keys, as the service lists them', async () => {
    // Past one page of 200: the data source must follow next_cursor.
    for (let i = 0; i < 201; i++) await createKey(`Bulk ${i}`);
    const dir = kt.workspace(
      'list',
      `
data "keyplane_api_keys" "all" {}

data "keyplane_api_keys" "exporters" {
  status = "active"
  scope  = "EXPORT_READ"
}

data "keyplane_api_keys" "ci" {
  name_contains = "CI"
}

data "keyplane_api_keys" "revoked" {
  status = "revoked"
}

output "all" {
  value = data.keyplane_api_keys.all.keys
}

output "exporters" {
  value = data.keyplane_api_keys.exporters.keys
}

output "ci" {
  value = [for k in data.keyplane_api_keys.ci.keys : k.name]
}

output "revoked" {
  value = [for k in data.keyplane_api_keys.revoked.keys : k.id]
}
`,
    );
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const apply = await kt.terraform(dir, 'apply', '-auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const out = await outputs(dir);
    const everything = await serviceKeys(kt.service);
    expect(everything.length).toBeGreaterThan(200);
    expect(out.all.map((k: { id: string }) => k.id)).toEqual(everything.map((k) => k.id));
    const { created_by, ip_rules, ...plain } = everything.find((k) => k.id === crmId)!;
    expect(out.all.find((k: { id: string }) => k.id === crmId)).toEqual({ ...plain, created_by: created_by.id, ip_rules });
    expect(out.exporters.map((k: { id: string }) => k.id)).toEqual([crmId]);
    expect(out.ci).toEqual(['Nightly CI', 'ci pipeline']);
    expect(out.revoked).toEqual([revokedCrmId]);
    expect(JSON.stringify(out)).not.toMatch(/nm_operator_[0-9A-Za-z]{38}/);
  }, 120_000);

  it('refuses a bad filter at its line', async () => {
    const dir = kt.workspace('bad-filter', `\ndata "keyplane_api_keys" "x" {\n  status = "enabled"\n}\n`);
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const result = await kt.terraform(dir, 'validate');
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toMatch(/Error: Invalid status .* status = "enabled" "enabled" is not a key status/);
  });

  it('applies the examples of the docs (the example id replaced by a real one)', async () => {
    await createKey('Power BI Integration');
    const single = readFileSync(join(repoRoot, 'examples/data-sources/keyplane_api_key/data-source.tf'), 'utf8').replace('key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K', crmId);
    const list = readFileSync(join(repoRoot, 'examples/data-sources/keyplane_api_keys/data-source.tf'), 'utf8');
    for (const [name, body] of [['example-key', single], ['example-keys', list]] as const) {
      const dir = kt.workspace(name, body);
      expect((await kt.terraform(dir, 'init')).code).toBe(0);
      const apply = await kt.terraform(dir, 'apply', '-auto-approve');
      expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    }
  });
});
