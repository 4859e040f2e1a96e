/**
 * Nothing crosses organizations: another organization's key, scope or organization does not
 * exist for the caller (404, never 403), its events and keys are never listed, and only the
 * operator manages organizations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { auditEvents, call, createKey, createOrganization, expectProblem, verify, type ApiKeyWithSecret, type CreatedOrganization } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('cross-organization isolation', () => {
  let service: TestService;
  let orgA: CreatedOrganization;
  let orgB: CreatedOrganization;
  let adminA: string;
  let adminB: string;
  let keyA: ApiKeyWithSecret;
  let keyB: ApiKeyWithSecret;
  beforeAll(async () => {
    service = await startService();
    orgA = await createOrganization(service, { slug: 'alpha' });
    orgB = await createOrganization(service, { slug: 'beta' });
    adminA = orgA.admin_key.secret;
    adminB = orgB.admin_key.secret;
    unwrap(await service.client(adminA).api.POST('/v1/scopes', { body: { name: 'alpha_only' } }));
    keyA = await createKey(service, { name: 'alpha key', scopes: ['alpha_only'], metadata: { owner: 'alpha' } }, adminA);
    keyB = await createKey(service, { name: 'beta key' }, adminB);
    // Some activity in A that B must never see.
    await call(service, 'PATCH', `/v1/keys/${keyA.id}`, { key: adminA, body: { name: 'alpha key renamed' } });
    await call(service, 'GET', '/v1/myself', { key: keyA.secret });
  });
  afterAll(async () => {
    await service.close();
  });

  describe('404, never 403', () => {
    it.each([
      ['GET', ''],
      ['PATCH', ''],
      ['POST', '/revoke'],
      ['POST', '/rotate'],
    ])("%s %s on another organization's key is KEY_NOT_FOUND, like an id that never existed", async (method, suffix) => {
      const body = method === 'PATCH' ? { name: 'taken over' } : method === 'POST' ? {} : undefined;
      const theirs = expectProblem(await call(service, method, `/v1/keys/${keyA.id}${suffix}`, { key: adminB, body }), 404, 'KEY_NOT_FOUND');
      const none = expectProblem(
        await call(service, method, `/v1/keys/key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K${suffix}`, { key: adminB, body }),
        404,
        'KEY_NOT_FOUND',
      );
      expect(theirs.title).toBe(none.title);
      expect(theirs.detail.replace(keyA.id, 'ID')).toBe(none.detail.replace('key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K', 'ID'));
    });

    it("the other organization's key is untouched by those attempts", async () => {
      const read = await call(service, 'GET', `/v1/keys/${keyA.id}`, { key: adminA });
      expect(read.body).toMatchObject({ name: 'alpha key renamed', status: 'active', rotated_at: null });
      expect((await call(service, 'GET', '/v1/myself', { key: keyA.secret })).status).toBe(200);
    });

    it("verify of another organization's key is NOT_FOUND, without the key", async () => {
      const verdict = await verify(service, { key: keyA.secret }, adminB);
      expect(verdict).toEqual({ valid: false, code: 'NOT_FOUND', detail: expect.any(String), key: null });
      // The operator organization does not see tenants' keys on verify either.
      expect((await verify(service, { key: keyA.secret })).code).toBe('NOT_FOUND');
      // While A itself finds it.
      expect((await verify(service, { key: keyA.secret }, adminA)).code).toBe('VALID');
    });

    it("another organization's scope is SCOPE_NOT_FOUND, and cannot be granted", async () => {
      expectProblem(await call(service, 'GET', '/v1/scopes/alpha_only', { key: adminB }), 404, 'SCOPE_NOT_FOUND');
      expectProblem(await call(service, 'PATCH', '/v1/scopes/alpha_only', { key: adminB, body: { description: 'x' } }), 404, 'SCOPE_NOT_FOUND');
      expectProblem(await call(service, 'DELETE', '/v1/scopes/alpha_only', { key: adminB }), 404, 'SCOPE_NOT_FOUND');
      const problem = expectProblem(
        await call(service, 'POST', '/v1/keys', { key: adminB, body: { name: 'x', scopes: ['alpha_only'] } }),
        422,
        'UNKNOWN_SCOPE',
      );
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.scopes[0]']);
      // B may have a scope of the same name: catalogs are separate.
      expect((await call(service, 'POST', '/v1/scopes', { key: adminB, body: { name: 'alpha_only' } })).status).toBe(201);
      const withSameName = await createKey(service, { name: 'same name', scopes: ['alpha_only'] }, adminB);
      expect((await verify(service, { key: withSameName.secret, required_scopes: ['alpha_only'] }, adminB)).code).toBe('VALID');
    });

    it("another organization is ORGANIZATION_NOT_FOUND for an admin; its own is visible", async () => {
      expectProblem(await call(service, 'GET', `/v1/organizations/${orgA.organization.id}`, { key: adminB }), 404, 'ORGANIZATION_NOT_FOUND');
      expectProblem(
        await call(service, 'PATCH', `/v1/organizations/${orgA.organization.id}`, { key: adminB, body: { name: 'Hijacked' } }),
        404,
        'ORGANIZATION_NOT_FOUND',
      );
      const own = await call(service, 'GET', `/v1/organizations/${orgB.organization.id}`, { key: adminB });
      expect(own.body).toMatchObject({ id: orgB.organization.id, slug: 'beta', is_operator: false });
      const a = await call(service, 'GET', `/v1/organizations/${orgA.organization.id}`, { key: adminA });
      expect(a.body.name).toBe('Organization alpha');
    });
  });

  describe('lists show nothing of another organization', () => {
    it('keys, export and audit of B hold no id, name or event of A', async () => {
      const aIds = [keyA.id, orgA.admin_key.id, orgA.organization.id];
      const listed = await call(service, 'GET', '/v1/keys?limit=200', { key: adminB });
      expect(listed.body.data.map((k: { id: string }) => k.id).sort()).toEqual(
        expect.arrayContaining([orgB.admin_key.id, keyB.id]),
      );
      for (const key of listed.body.data) expect(key.organization_id).toBe(orgB.organization.id);
      const exported = await call(service, 'GET', '/v1/keys/export?format=csv', { key: adminB });
      const audit = await call(service, 'GET', '/v1/audit-events?limit=200', { key: adminB });
      for (const answer of [listed, exported, audit]) {
        for (const id of aIds) expect(answer.text).not.toContain(id);
        expect(answer.text).not.toContain('alpha key');
      }
      for (const event of audit.body.data) expect(event.organization_id).toBe(orgB.organization.id);
      // Filtering B's trail by A's ids finds nothing either.
      expect(await auditEvents(service, { target_id: keyA.id }, adminB)).toEqual([]);
      expect(await auditEvents(service, { actor_key_id: orgA.admin_key.id }, adminB)).toEqual([]);
      // While A's trail has them.
      expect((await auditEvents(service, { target_id: keyA.id }, adminA)).map((e) => e.action)).toEqual(['key.updated', 'key.created']);
    });

    it('a name filter does not reach into another organization', async () => {
      const listed = await call(service, 'GET', '/v1/keys?name=alpha', { key: adminB });
      expect(listed.body.data).toEqual([]);
    });
  });

  describe('403: the operator manages organizations', () => {
    it('a non-operator admin cannot list or create organizations (INSUFFICIENT_SCOPE)', async () => {
      expectProblem(await call(service, 'GET', '/v1/organizations', { key: adminB }), 403, 'INSUFFICIENT_SCOPE');
      expectProblem(
        await call(service, 'POST', '/v1/organizations', { key: adminB, body: { slug: 'sneaky', name: 'Sneaky' } }),
        403,
        'INSUFFICIENT_SCOPE',
      );
      const listed = unwrap(await service.client().api.GET('/v1/organizations'));
      expect(listed.data.map((o) => o.slug)).not.toContain('sneaky');
    });

    it('a non-operator admin cannot change its own plan or rate limit (OPERATOR_ONLY), but may rename it', async () => {
      const plan = expectProblem(
        await call(service, 'PATCH', `/v1/organizations/${orgB.organization.id}`, { key: adminB, body: { plan: 'enterprise', rate_limit_per_minute: 100_000 } }),
        403,
        'OPERATOR_ONLY',
      );
      expect(plan.errors?.map((e) => e.path)).toEqual(['body.plan', 'body.rate_limit_per_minute']);
      const read = await call(service, 'GET', `/v1/organizations/${orgB.organization.id}`, { key: adminB });
      expect(read.body).toMatchObject({ plan: 'business', rate_limit_per_minute: null });
      const renamed = await call(service, 'PATCH', `/v1/organizations/${orgB.organization.id}`, { key: adminB, body: { name: 'Beta Inc' } });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'Beta Inc', plan: 'business' });
    });

    it('the operator may change a plan', async () => {
      const changed = await call(service, 'PATCH', `/v1/organizations/${orgB.organization.id}`, { key: service.adminKey, body: { plan: 'team' } });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ plan: 'team', effective_rate_limit_per_minute: 500 });
    });

    it('a non-operator admin cannot grant operator, nor read events of no organization', async () => {
      const problem = expectProblem(await call(service, 'POST', '/v1/keys', { key: adminB, body: { name: 'op', scopes: ['operator'] } }), 422, 'UNKNOWN_SCOPE');
      expect(problem.errors?.[0]).toEqual({ path: 'body.scopes[0]', message: expect.stringContaining('operator organization') });
      const none = expectProblem(await call(service, 'GET', '/v1/audit-events?organization=none', { key: adminB }), 403, 'OPERATOR_ONLY');
      expect(none.errors?.map((e) => e.path)).toEqual(['query.organization']);
    });

    it('an admin key of the operator organization without the operator scope is not an operator', async () => {
      const plainAdmin = await createKey(service, { name: 'plain admin', scopes: ['admin'] });
      expectProblem(await call(service, 'GET', '/v1/organizations', { key: plainAdmin.secret }), 403, 'INSUFFICIENT_SCOPE');
      expectProblem(await call(service, 'GET', `/v1/organizations/${orgA.organization.id}`, { key: plainAdmin.secret }), 404, 'ORGANIZATION_NOT_FOUND');
    });
  });
});
