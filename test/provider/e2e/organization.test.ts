/**
 * `keyplane_organization` with the real terraform and the real service, with the operator key
 * the service made at bootstrap: create (the admin key's secret kept and working), no change on
 * a second plan, in-place updates, drift of a managed policy, a new slug replacing the
 * organization with a warning, destroy leaving it in place with a warning, import by id, a
 * tenant's key refused with a clear error, plan-time validation at each attribute, and the
 * example of the docs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/client/index.js';
import { startKeyplaneTerraform, stateOf, type KeyplaneTerraform } from './keyplane-terraform.js';

const repoRoot = join(import.meta.dirname, '../../..');
let kt: KeyplaneTerraform;
beforeAll(async () => {
  kt = await startKeyplaneTerraform('organization');
});
afterAll(async () => kt?.close());

const api = () => kt.service.client().api;
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

async function organizationBySlug(slug: string) {
  const { data } = unwrap(await api().GET('/v1/organizations', { params: { query: { limit: 200 } } }));
  return data.find((o) => o.slug === slug);
}

function tenant(fields: { slug?: string; name?: string; plan?: string; maxTtl?: number; idle?: number } = {}): string {
  return `
resource "keyplane_organization" "acme" {
  slug = "${fields.slug ?? 'acme'}"
  name = "${fields.name ?? 'Acme Corporation'}"
${fields.plan ? `  plan = "${fields.plan}"\n` : ''}
  key_policy {
    default_ttl_seconds = 86400
    max_ttl_seconds     = ${fields.maxTtl ?? 2592000}
  }
${fields.idle ? `\n  session_policy {\n    idle_timeout_seconds = ${fields.idle}\n  }\n` : ''}}
`;
}

describe('keyplane_organization', () => {
  let dir: string;
  let orgId: string;

  it('creates the organization with its policy, keeping a working admin key', async () => {
    dir = kt.workspace('tenant', tenant({ idle: 900 }));
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const apply = await kt.terraform(dir, 'apply', '-auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const state = await stateOf(kt, dir, 'keyplane_organization.acme');
    orgId = state.id as string;
    const org = unwrap(await api().GET('/v1/organizations/{organization_id}', { params: { path: { organization_id: orgId } } }));
    expect(org).toMatchObject({
      slug: 'acme',
      name: 'Acme Corporation',
      plan: 'free',
      is_operator: false,
      key_policy: { default_ttl_seconds: 86400, max_ttl_seconds: 2592000, issuer_prefix: 'nm', tag_style: 'organization', environment_tag: null },
      session_policy: { idle_timeout_seconds: 900, absolute_timeout_seconds: 43200 },
    });
    expect(state).toMatchObject({ plan: 'free', effective_rate_limit_per_minute: 60, rate_limit_per_minute: null, is_operator: false });
    // The block is kept as written (unset attributes stay null), not as the service spells it.
    expect(state.key_policy).toEqual({ default_ttl_seconds: 86400, max_ttl_seconds: 2592000, default_never_expires: null, issuer_prefix: null, tag_style: null, environment_tag: null });
    const secret = state.admin_key_secret as string;
    expect(secret).toMatch(/^nm_acme_[0-9A-Za-z]{38}$/);
    expect(apply.stdout + apply.stderr).not.toContain(secret);
    const me = unwrap(await kt.service.client(secret).api.GET('/v1/myself'));
    expect(me).toMatchObject({ key: { id: state.admin_key_id }, organization: { id: orgId } });
    expect(state.owner_invitation_url).toMatch(/accept-invitation\?token=/);

    const again = await kt.terraform(dir, 'plan', '-detailed-exitcode');
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it('updates name, plan and policy in place', async () => {
    kt.write(dir, tenant({ name: 'Acme Inc', plan: 'business', maxTtl: 5184000, idle: 900 }));
    const apply = await kt.terraform(dir, 'apply', '-auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/Resources: 0 added, 1 changed, 0 destroyed/);
    const org = unwrap(await api().GET('/v1/organizations/{organization_id}', { params: { path: { organization_id: orgId } } }));
    expect(org).toMatchObject({ id: orgId, name: 'Acme Inc', plan: 'business', effective_rate_limit_per_minute: 2000, key_policy: { max_ttl_seconds: 5184000 } });
    const state = await stateOf(kt, dir, 'keyplane_organization.acme');
    expect(state.effective_rate_limit_per_minute).toBe(2000);
    expect((await kt.terraform(dir, 'plan', '-detailed-exitcode')).code).toBe(0);
  });

  it('shows a managed policy changed outside Terraform, and leaves an unmanaged one alone', async () => {
    const tenantAdmin = (await stateOf(kt, dir, 'keyplane_organization.acme')).admin_key_secret as string;
    // The tenant's own administrator may change its policies.
    unwrap(
      await kt.service.client(tenantAdmin).api.PATCH('/v1/organizations/{organization_id}', {
        params: { path: { organization_id: orgId } },
        body: { key_policy: { max_ttl_seconds: 604800, default_ttl_seconds: 3600 } },
      }),
    );
    const drift = await kt.terraform(dir, 'plan', '-detailed-exitcode');
    expect(drift.code, drift.stdout + drift.stderr).toBe(2);
    expect(oneLine(drift.stdout)).toMatch(/~ max_ttl_seconds *= 604800 -> 5184000/);
    // Without the session_policy block, the organization's session policy is its administrators' business.
    kt.write(dir, tenant({ name: 'Acme Inc', plan: 'business', maxTtl: 5184000 }));
    const apply = await kt.terraform(dir, 'apply', '-auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    unwrap(await kt.service.client(tenantAdmin).api.PATCH('/v1/organizations/{organization_id}', { params: { path: { organization_id: orgId } }, body: { session_policy: { idle_timeout_seconds: 600 } } }));
    expect((await kt.terraform(dir, 'plan', '-detailed-exitcode')).code).toBe(0);
    const org = unwrap(await api().GET('/v1/organizations/{organization_id}', { params: { path: { organization_id: orgId } } }));
    expect(org.key_policy).toMatchObject({ max_ttl_seconds: 5184000, default_ttl_seconds: 86400 });
    expect(org.session_policy.idle_timeout_seconds).toBe(600);
  });

  it('replaces the organization for a new slug, warning that the old one stays', async () => {
    kt.write(dir, tenant({ slug: 'acmeinc', name: 'Acme Inc', plan: 'business', maxTtl: 5184000 }));
    const plan = await kt.terraform(dir, 'plan');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(oneLine(plan.stdout)).toMatch(/must be replaced/);
    expect(oneLine(plan.stdout + plan.stderr)).toMatch(new RegExp(`Warning: A new slug makes a new organization .*${orgId} \\("acme"\\) stays in the service`));
    const apply = await kt.terraform(dir, 'apply', '-auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(oneLine(apply.stdout + apply.stderr)).toMatch(/Warning: Organization left in place/);
    expect(await organizationBySlug('acme')).toMatchObject({ id: orgId });
    const fresh = await stateOf(kt, dir, 'keyplane_organization.acme');
    expect(fresh.id).not.toBe(orgId);
    expect(await organizationBySlug('acmeinc')).toMatchObject({ id: fresh.id, name: 'Acme Inc', plan: 'business' });
  });

  it('destroy removes the organization from the state only, and says so', async () => {
    const id = (await stateOf(kt, dir, 'keyplane_organization.acme')).id as string;
    const destroy = await kt.terraform(dir, 'destroy', '-auto-approve');
    expect(destroy.code, destroy.stdout + destroy.stderr).toBe(0);
    expect(oneLine(destroy.stdout + destroy.stderr)).toMatch(new RegExp(`Warning: Organization left in place .*Keyplane cannot delete organizations: ${id} \\("acmeinc"\\) was removed from the Terraform state only`));
    expect(await organizationBySlug('acmeinc')).toMatchObject({ id });
    const show = await kt.terraform(dir, 'state', 'list');
    expect(show.stdout.trim()).toBe('');
  });

  it('imports an organization by id, planning no change for a configuration that matches it', async () => {
    const id = (await organizationBySlug('acmeinc'))!.id;
    const importDir = kt.workspace(
      'import',
      `
import {
  to = keyplane_organization.acme
  id = "${id}"
}
${tenant({ slug: 'acmeinc', name: 'Acme Inc', plan: 'business', maxTtl: 5184000 })}`,
    );
    expect((await kt.terraform(importDir, 'init')).code).toBe(0);
    const plan = await kt.terraform(importDir, 'plan', '-detailed-exitcode');
    expect(plan.stdout, plan.stdout + plan.stderr).toMatch(/1 to import, 0 to add, 0 to change, 0 to destroy/);
    const apply = await kt.terraform(importDir, 'apply', '-auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const state = await stateOf(kt, importDir, 'keyplane_organization.acme');
    expect(state).toMatchObject({ id, slug: 'acmeinc', admin_key_secret: null, admin_key_id: null });
    expect((await kt.terraform(importDir, 'plan', '-detailed-exitcode')).code).toBe(0);

    kt.write(importDir, `\nimport {\n  to = keyplane_organization.x\n  id = "acme"\n}\n\nresource "keyplane_organization" "x" {\n  slug = "acme"\n  name = "Acme"\n}\n`);
    const bad = await kt.terraform(importDir, 'plan');
    expect(bad.code).toBe(1);
    expect(oneLine(bad.stderr)).toMatch(/Invalid import id "acme" is not an organization id/);
  });

  it("refuses a tenant's key with a clear error", async () => {
    const created = unwrap(await api().POST('/v1/organizations', { body: { slug: 'initech', name: 'Initech' } }));
    const tenantDir = kt.workspace('tenant-key', tenant({ slug: 'other' }));
    expect((await kt.terraform(tenantDir, 'init')).code).toBe(0);
    const plan = await kt.terraformWithEnv({ KEYPLANE_API_KEY: created.admin_key.secret }, tenantDir, 'plan');
    expect(plan.code).toBe(1);
    expect(oneLine(plan.stderr)).toMatch(/Error: Operator key required .*belongs to the organization "initech", not to the operator organization/);
    expect(plan.stderr).not.toContain(created.admin_key.secret);
  });

  it('reports bad values at their attribute before anything is sent', async () => {
    const badDir = kt.workspace(
      'invalid',
      `
resource "keyplane_organization" "bad" {
  slug = "Acme Corp"
  name = "Acme"
  plan = "enterprise"

  key_policy {
    default_ttl_seconds = 7776000
    max_ttl_seconds     = 86400
    issuer_prefix       = "N"
  }

  session_policy {
    idle_timeout_seconds     = 7200
    absolute_timeout_seconds = 3600
  }
}
`,
    );
    expect((await kt.terraform(badDir, 'init')).code).toBe(0);
    const result = await kt.terraform(badDir, 'validate');
    expect(result.code).toBe(1);
    const text = oneLine(result.stderr);
    expect(text).toMatch(/Error: Invalid slug .* slug = "Acme Corp" "Acme Corp" is not a valid slug/);
    expect(text).toMatch(/Error: Invalid rate_limit_per_minute .*required for the enterprise plan/);
    expect(text).toMatch(/Error: Invalid key policy .* default_ttl_seconds = 7776000 .*longer than max_ttl_seconds/);
    expect(text).toMatch(/Error: Invalid key policy .* issuer_prefix = "N" .*not a valid issuer prefix/);
    expect(text).toMatch(/Error: Invalid session policy .* idle_timeout_seconds = 7200 .*may not be longer than the absolute timeout/);
    expect(await organizationBySlug('acmecorp')).toBeUndefined();
  });

  it('applies the example of the docs', async () => {
    const exampleDir = kt.workspace('example', readFileSync(join(repoRoot, 'examples/resources/keyplane_organization/resource.tf'), 'utf8').replace('slug = "acme"', 'slug = "acmedocs"'));
    expect((await kt.terraform(exampleDir, 'init')).code).toBe(0);
    const apply = await kt.terraform(exampleDir, 'apply', '-auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(await organizationBySlug('globex')).toMatchObject({ plan: 'enterprise', rate_limit_per_minute: 20000, key_policy: { tag_style: 'environment', environment_tag: 'live' } });
    const globexSecret = (await stateOf(kt, exampleDir, 'keyplane_organization.globex')).admin_key_secret as string;
    expect(globexSecret).toMatch(/^nm_live_/);
    expect((await kt.terraform(exampleDir, 'plan', '-detailed-exitcode')).code).toBe(0);
  });
});
