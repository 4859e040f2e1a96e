/**
 * `keyplane_scope` with the real terraform and the real service: create with includes, an
 * empty second plan (also for includes reordered), description and includes changed in place,
 * a new name planned as a replacement, drift (changed or deleted outside Terraform), import
 * by name, plan-time validation with src/core, and destroy, which the service refuses while a
 * key holds the scope (a clear diagnostic, the scope kept in state) and allows afterwards.
 * Steps run in order and share one workspace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/client/index.js';
import { startKeyplaneTerraform, stateOf, type KeyplaneTerraform } from './keyplane-terraform.js';

let kt: KeyplaneTerraform;
let dir: string;

beforeAll(async () => {
  kt = await startKeyplaneTerraform('scope');
  dir = kt.workspace('main', '');
});
afterAll(async () => kt?.close());

/** The two scopes of the main workspace; `tier` is the part each step changes. */
function config(tier = `  description = "Everything agents may do"\n  includes    = [keyplane_scope.base.name, "keys:read"]`, name = 'agentic'): string {
  return `
resource "keyplane_scope" "base" {
  name = "read"
}

resource "keyplane_scope" "tier" {
  name = "${name}"
${tier}
}
`;
}

const api = () => kt.service.client().api;
async function serviceScope(name: string) {
  return unwrap(await api().GET('/v1/scopes/{scope_name}', { params: { path: { scope_name: name } } }));
}
async function catalogNames(): Promise<string[]> {
  return unwrap(await api().GET('/v1/scopes')).data.filter((s) => !s.built_in).map((s) => s.name);
}

async function plan(expectedCode: number, workspace = dir) {
  const result = await kt.terraform(workspace, 'plan', '-detailed-exitcode');
  expect(result.code, result.stdout + result.stderr).toBe(expectedCode);
  return result;
}

async function apply(expected: RegExp, workspace = dir) {
  const result = await kt.terraform(workspace, 'apply', '-auto-approve');
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toMatch(expected);
  return result;
}

describe('keyplane_scope', () => {
  it('creates scopes with includes, and the service holds them', async () => {
    kt.write(dir, config());
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    await apply(/Apply complete! Resources: 2 added, 0 changed, 0 destroyed/);

    const tier = await stateOf(kt, dir, 'keyplane_scope.tier');
    expect(tier).toMatchObject({ name: 'agentic', description: 'Everything agents may do', created_at: expect.any(String), updated_at: expect.any(String) });
    expect([...(tier.includes as string[])].sort()).toEqual(['keys:read', 'read']);
    expect(await stateOf(kt, dir, 'keyplane_scope.base')).toMatchObject({ name: 'read', description: null, includes: null });

    const stored = await serviceScope('agentic');
    expect(stored).toMatchObject({ description: 'Everything agents may do', built_in: false, created_at: tier.created_at });
    expect([...stored.includes].sort()).toEqual(['keys:read', 'read']);
    expect((await serviceScope('read')).includes).toEqual([]);
  });

  it('plans no change afterwards, nor for includes in another order', async () => {
    await plan(0);
    kt.write(dir, config(`  description = "Everything agents may do"\n  includes    = ["keys:read", keyplane_scope.base.name]`));
    await plan(0);
  });

  it('changes the description and the includes in place', async () => {
    const before = await stateOf(kt, dir, 'keyplane_scope.tier');
    kt.service.clock.advance(60_000); // so that updated_at visibly moves
    kt.write(dir, config(`  description = "Agents, second edition"\n  includes    = [keyplane_scope.base.name, "keys:verify"]`));
    const planned = await plan(2);
    expect(planned.stdout).toMatch(/~ update in-place/);
    expect(planned.stdout).not.toMatch(/must be replaced|forces replacement/);
    expect(planned.stdout).toMatch(/~ updated_at\s+= "[^"]+" -> \(known after apply\)/);
    expect(planned.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);

    await apply(/Resources: 0 added, 1 changed, 0 destroyed/);
    const after = await stateOf(kt, dir, 'keyplane_scope.tier');
    expect(after.created_at).toBe(before.created_at);
    expect(after.updated_at).not.toBe(before.updated_at);
    const stored = await serviceScope('agentic');
    expect(stored.description).toBe('Agents, second edition');
    expect([...stored.includes].sort()).toEqual(['keys:verify', 'read']);

    // Removing description and includes clears them in the service.
    kt.write(dir, config(''));
    await apply(/Resources: 0 added, 1 changed, 0 destroyed/);
    expect(await serviceScope('agentic')).toMatchObject({ description: null, includes: [] });
    await plan(0);
  });

  it('plans a replacement when the name changes', async () => {
    kt.write(dir, config('', 'agentic2'));
    const planned = await plan(2);
    expect(planned.stdout).toMatch(/~ name\s+= "agentic" -> "agentic2" # forces replacement/);
    expect(planned.stdout).toMatch(/Plan: 1 to add, 0 to change, 1 to destroy/);
    kt.write(dir, config(''));
  });

  it('shows a change made outside Terraform as an update back, and a deletion as a create', async () => {
    unwrap(await api().PATCH('/v1/scopes/{scope_name}', { params: { path: { scope_name: 'agentic' } }, body: { description: 'by hand', includes: ['keys:read'] } }));
    const drift = await plan(2);
    expect(drift.stdout).toMatch(/- description = "by hand" -> null/);
    expect(drift.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    await apply(/Resources: 0 added, 1 changed, 0 destroyed/);
    expect(await serviceScope('agentic')).toMatchObject({ description: null, includes: [] });

    const deleted = await api().DELETE('/v1/scopes/{scope_name}', { params: { path: { scope_name: 'agentic' } } });
    expect(deleted.response.status).toBe(204);
    const gone = await plan(2);
    expect(gone.stdout + gone.stderr).toMatch(/Warning: Scope no longer exists/);
    expect(gone.stdout).toMatch(/keyplane_scope\.tier will be created/);
    await apply(/Resources: 1 added, 0 changed, 0 destroyed/);
    await plan(0);
  });

  it('imports a scope by name, and plans no change for an equivalent configuration', async () => {
    unwrap(await api().POST('/v1/scopes', { body: { name: 'EXPORT_READ', description: 'Exports', includes: ['keys:read', 'read'] } }));
    const importDir = kt.workspace(
      'import',
      `
resource "keyplane_scope" "export" {
  name        = "EXPORT_READ"
  description = "Exports"
  includes    = ["read", "keys:read"]
}
`,
    );
    expect((await kt.terraform(importDir, 'init')).code).toBe(0);
    const imported = await kt.terraform(importDir, 'import', 'keyplane_scope.export', 'EXPORT_READ');
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Import successful/);
    expect(await stateOf(kt, importDir, 'keyplane_scope.export')).toMatchObject({ name: 'EXPORT_READ', description: 'Exports', created_at: expect.any(String) });
    await plan(0, importDir);

    // Terraform asks the provider only about addresses the configuration declares.
    kt.write(importDir, `
resource "keyplane_scope" "other" {
  name = "other"
}
`);
    const builtIn = await kt.terraform(importDir, 'import', 'keyplane_scope.other', 'keys:read');
    expect(builtIn.code).toBe(1);
    expect(builtIn.stderr).toMatch(/Error: Built-in scope/);
    const missing = await kt.terraform(importDir, 'import', 'keyplane_scope.other', 'nothing_here');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot import non-existent remote object|no longer exists/);
    unwrap(await api().DELETE('/v1/scopes/{scope_name}', { params: { path: { scope_name: 'EXPORT_READ' } } }));
  });

  it('refuses at plan time what src/core refuses, at the line of the attribute', async () => {
    const invalid = kt.workspace(
      'invalid',
      `
resource "keyplane_scope" "built_in" {
  name = "Admin"
}

resource "keyplane_scope" "malformed" {
  name = "1st"
}

resource "keyplane_scope" "itself" {
  name     = "loop"
  includes = ["loop"]
}

resource "keyplane_scope" "operator" {
  name     = "ops"
  includes = ["operator"]
}
`,
    );
    expect((await kt.terraform(invalid, 'init')).code).toBe(0);
    const validate = await kt.terraform(invalid, 'validate');
    expect(validate.code).toBe(1);
    const out = validate.stderr.replace(/\s+/g, ' ');
    expect(out).toMatch(/Error: Invalid name with keyplane_scope\.built_in, on main\.tf line \d+, in resource "keyplane_scope" "built_in": \d+: name = "Admin" "Admin" differs from the built-in scope "admin" only by case/);
    expect(out).toMatch(/Error: Invalid name with keyplane_scope\.malformed, .*? name = "1st" "1st" is not a valid scope name/);
    expect(out).toMatch(/Error: Invalid include with keyplane_scope\.itself, .*? includes = \["loop"\] A scope cannot include itself; remove "loop" from includes\./);
    expect(out).toMatch(/Error: Invalid include with keyplane_scope\.operator, .*? "operator" cannot be included by another scope/);
    expect(validate.stderr.match(/^Error: /gm)).toHaveLength(4);
  });

  it('explains on destroy that a key still holds the scope, keeps it, and deletes it once the key is revoked', async () => {
    const holder = unwrap(await api().POST('/v1/keys', { body: { name: 'holder', scopes: ['read'] } }));
    const refused = await kt.terraform(dir, 'destroy', '-auto-approve');
    expect(refused.code).toBe(1);
    const message = refused.stderr.replace(/\s+/g, ' ');
    expect(message).toMatch(/Error: Scope still in use/);
    expect(message).toMatch(/The scope "read" cannot be deleted yet: 1 key that is not revoked still hold/);
    expect(message).not.toMatch(/bug in the provider/);
    expect(await stateOf(kt, dir, 'keyplane_scope.base')).toMatchObject({ name: 'read' });
    expect(await catalogNames()).toEqual(['read']); // the other one went

    unwrap(await api().POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: holder.id } }, body: {} }));
    const destroy = await kt.terraform(dir, 'destroy', '-auto-approve');
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: 1 destroyed/);
    expect(await catalogNames()).toEqual([]);
  });
});
