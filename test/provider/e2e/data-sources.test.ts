/**
 * The data sources with the real terraform and the real service: `keyplane_api_key`,
 * `keyplane_scopes` and `keyplane_myself` read exactly what the service answers (compared
 * attribute by attribute with the service's own responses), a revoked key reads as revoked,
 * and a key that does not exist or a malformed id is an error at the `id` line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/client/index.js';
import { startKeyplaneTerraform, type KeyplaneTerraform } from './keyplane-terraform.js';

let kt: KeyplaneTerraform;
beforeAll(async () => {
  kt = await startKeyplaneTerraform('data-sources');
});
afterAll(async () => kt?.close());

const api = () => kt.service.client().api;

/** `terraform output -json` as plain values. */
async function outputs(dir: string): Promise<Record<string, unknown>> {
  const result = await kt.terraform(dir, 'output', '-json');
  expect(result.code, result.stderr).toBe(0);
  const parsed = JSON.parse(result.stdout) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(parsed).map(([name, o]) => [name, o.value]));
}

/** Sets come back from terraform in its own order: compare them sorted. */
const sorted = <T>(values: T[]) => [...values].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('data sources', () => {
  let dir: string;
  let keyId: string;
  let revokedId: string;

  beforeAll(async () => {
    unwrap(await api().POST('/v1/scopes', { body: { name: 'agentic', description: 'Agents', includes: ['keys:read'] } }));
    unwrap(await api().POST('/v1/scopes', { body: { name: 'write', includes: ['agentic', 'keys:write'] } }));
    const key = unwrap(
      await api().POST('/v1/keys', {
        body: {
          name: 'Power BI Integration',
          description: 'Reads reports',
          scopes: ['write', 'keys:verify'],
          expires_at: '2031-03-01T00:00:00+01:00',
          not_before: '2026-01-01T00:00:00Z',
          ip_rules: [
            { action: 'allow', cidr: '203.0.113.9/24', note: 'office' },
            { action: 'deny', cidr: '2001:DB8::1/64' },
          ],
          metadata: { team: 'finance', ticket: 'FIN-1234' },
          rate_limit_per_minute: 120,
        },
      }),
    );
    keyId = key.id;
    const revoked = unwrap(await api().POST('/v1/keys', { body: { name: 'Old CRM' } }));
    unwrap(await api().POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: revoked.id } }, body: { reason: 'replaced' } }));
    revokedId = revoked.id;

    dir = kt.workspace(
      'read',
      `
data "keyplane_api_key" "bi" {
  id = "${keyId}"
}

data "keyplane_api_key" "revoked" {
  id = "${revokedId}"
}

data "keyplane_scopes" "all" {}

data "keyplane_myself" "me" {}

output "key" {
  value = data.keyplane_api_key.bi
}

output "revoked" {
  value = data.keyplane_api_key.revoked
}

output "scopes" {
  value = data.keyplane_scopes.all.scopes
}

output "myself" {
  value = data.keyplane_myself.me
}
`,
    );
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const apply = await kt.terraform(dir, 'apply', '-auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
  });

  it('keyplane_api_key reads every non-secret attribute as the service answers it', async () => {
    const { key } = (await outputs(dir)) as { key: Record<string, unknown> };
    const stored = unwrap(await api().GET('/v1/keys/{key_id}', { params: { path: { key_id: keyId } } }));
    const { ip_rules, scopes, created_by, ...plain } = stored;
    // The data source names the creator by its id (a key's, a member's, or bootstrap).
    expect({ ...key, ip_rules: undefined, scopes: undefined }).toEqual({ ...plain, created_by: created_by.id, ip_rules: undefined, scopes: undefined });
    expect(sorted(key.scopes as string[])).toEqual(sorted(scopes));
    expect(sorted(key.ip_rules as object[])).toEqual(sorted(ip_rules.map((r) => ({ note: null, ...r }))));
    // The values themselves, not just equality with the service:
    expect(key).toMatchObject({
      name: 'Power BI Integration',
      status: 'active',
      expires_at: '2031-02-28T23:00:00.000Z',
      metadata: { team: 'finance', ticket: 'FIN-1234' },
      rate_limit_per_minute: 120,
      created_by: kt.service.adminKeyId,
      revoked_at: null,
    });
    expect(key.ip_rules).toEqual(expect.arrayContaining([{ action: 'allow', cidr: '203.0.113.0/24', note: 'office' }]));
    expect(Object.keys(key)).not.toContain('secret');
    expect(JSON.stringify(key)).not.toMatch(/nm_operator_[0-9A-Za-z]{38}/);
  });

  it('keyplane_api_key shows a revoked key as revoked', async () => {
    const { revoked } = (await outputs(dir)) as { revoked: Record<string, unknown> };
    const stored = unwrap(await api().GET('/v1/keys/{key_id}', { params: { path: { key_id: revokedId } } }));
    expect(revoked).toMatchObject({ id: revokedId, status: 'revoked', revoked_at: stored.revoked_at, ip_rules: [], metadata: {}, description: null });
  });

  it('keyplane_scopes reads the whole catalog, built-in scopes included', async () => {
    const { scopes } = (await outputs(dir)) as { scopes: unknown[] };
    const catalog = unwrap(await api().GET('/v1/scopes')).data;
    expect(scopes).toEqual(catalog.map((s) => ({ name: s.name, description: s.description, includes: s.includes, built_in: s.built_in })));
    expect(scopes).toContainEqual({ name: 'write', description: null, includes: ['agentic', 'keys:write'], built_in: false });
    expect(scopes).toContainEqual(expect.objectContaining({ name: 'keys:read', built_in: true }));
  });

  it("keyplane_myself reads the provider's own key and organization", async () => {
    const { myself } = (await outputs(dir)) as { myself: Record<string, unknown> };
    const { key: calling, organization, effective_scopes } = unwrap(await api().GET('/v1/myself'));
    const key = calling!;
    expect({ ...myself, scopes: sorted(myself.scopes as string[]), effective_scopes: sorted(myself.effective_scopes as string[]) }).toEqual({
      id: key.id,
      name: key.name,
      hint: key.hint,
      expires_at: key.expires_at,
      scopes: sorted(key.scopes),
      effective_scopes: sorted(effective_scopes),
      organization_id: organization.id,
      organization_slug: organization.slug,
      organization_name: organization.name,
      organization_plan: organization.plan,
    });
    expect(myself).toMatchObject({ id: kt.service.adminKeyId, organization_slug: 'operator' });
    expect(myself.effective_scopes).toEqual(expect.arrayContaining(['agentic', 'write', 'keys:write']));
  });

  it('plans no change on a second run', async () => {
    const plan = await kt.terraform(dir, 'plan', '-detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });

  it('reports a key that does not exist, and a malformed id, at the id line', async () => {
    const bad = kt.workspace(
      'bad-ids',
      `
data "keyplane_api_key" "missing" {
  id = "key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K"
}
`,
    );
    expect((await kt.terraform(bad, 'init')).code).toBe(0);
    const missing = await kt.terraform(bad, 'plan');
    expect(missing.code).toBe(1);
    expect(missing.stderr.replace(/\s+/g, ' ')).toMatch(
      /Error: API key not found with data\.keyplane_api_key\.missing, on main\.tf line \d+, in data "keyplane_api_key" "missing": \d+: id = "key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K" There is no key key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K/,
    );

    kt.write(bad, `\ndata "keyplane_api_key" "malformed" {\n  id = "CRM Sync"\n}\n`);
    const malformed = await kt.terraform(bad, 'validate');
    expect(malformed.code).toBe(1);
    expect(malformed.stderr.replace(/\s+/g, ' ')).toMatch(/Error: Invalid id .* id = "CRM Sync" "CRM Sync" is not a key id/);
  });
});
