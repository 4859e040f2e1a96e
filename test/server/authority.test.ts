/**
 * The authority rule: nobody acts above what they hold. A caller may change, rotate or revoke
 * another key only when it holds every scope that key holds (after includes), and may change
 * what a scope includes only when it holds that scope. Organised by status code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { call, createKey, createOrganization, expectProblem, type ApiKeyWithSecret } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('authority over other keys and scopes', () => {
  let service: TestService;
  let admin: string;
  /** A second admin key, the kind of key a `keys:write` key must not be able to disable. */
  let orgAdmin: ApiKeyWithSecret;
  let manager: ApiKeyWithSecret;

  beforeAll(async () => {
    service = await startService();
    admin = service.adminKey;
    const api = service.client(admin).api;
    unwrap(await api.POST('/v1/scopes', { body: { name: 'read' } }));
    unwrap(await api.POST('/v1/scopes', { body: { name: 'write', includes: ['read'] } }));
    orgAdmin = await createKey(service, { name: 'organization admin', scopes: ['admin'] });
    manager = await createKey(service, { name: 'key manager', scopes: ['keys:write'] });
  });
  afterAll(async () => {
    await service.close();
  });

  const patch = (id: string, body: unknown, key = manager.secret) => call(service, 'PATCH', `/v1/keys/${id}`, { key, body });
  const revoke = (id: string, key = manager.secret) => call(service, 'POST', `/v1/keys/${id}/revoke`, { key, body: {} });
  const rotate = (id: string, key = manager.secret) => call(service, 'POST', `/v1/keys/${id}/rotate`, { key, body: {} });
  const stored = async (id: string) => (await call(service, 'GET', `/v1/keys/${id}`, { key: admin })).body;

  describe('200: within what the caller holds', () => {
    it('a keys:write key changes, rotates and revokes keys that hold no more than it does', async () => {
      const peer = await createKey(service, { name: 'peer', scopes: ['keys:read'] });
      expect((await patch(peer.id, { name: 'renamed peer', ip_rules: [{ action: 'allow', cidr: '10.0.0.0/8' }] })).status).toBe(200);
      expect((await rotate(peer.id)).status).toBe(200);
      expect((await revoke(peer.id)).status).toBe(200);
      expect(await stored(peer.id)).toMatchObject({ name: 'renamed peer', status: 'revoked' });
    });

    it('a key with no scopes at all is within anyone’s authority', async () => {
      const bare = await createKey(service, { name: 'bare' });
      expect((await patch(bare.id, { description: 'nothing to escalate' })).status).toBe(200);
    });

    it('a key may revoke itself, and its next request gets 401', async () => {
      const self = await createKey(service, { name: 'self-revoking', scopes: ['keys:write'] });
      expect((await revoke(self.id, self.secret)).status).toBe(200);
      expectProblem(await call(service, 'GET', '/v1/myself', { key: self.secret }), 401, 'REVOKED_KEY');
    });

    it('scopes reached through includes count: a write holder acts on a read-only key', async () => {
      const writer = await createKey(service, { name: 'writer', scopes: ['keys:write', 'write'] });
      const reader = await createKey(service, { name: 'reader', scopes: ['read'] });
      expect((await patch(reader.id, { name: 'reader (renamed)' }, writer.secret)).status).toBe(200);
      // ...but the manager, which holds neither, may not touch it.
      expectProblem(await patch(reader.id, { name: 'nope' }), 403, 'SCOPE_ESCALATION');
    });

    it('a scopes:write key that holds a scope may redefine it, within what it holds', async () => {
      const curator = await createKey(service, { name: 'curator', scopes: ['scopes:write', 'write'] });
      unwrap(await service.client(admin).api.POST('/v1/scopes', { body: { name: 'agentic' } }));
      const answer = await call(service, 'PATCH', '/v1/scopes/write', { key: curator.secret, body: { includes: [] } });
      expect(answer.status).toBe(200);
      // Restore for the other tests.
      unwrap(await service.client(admin).api.PATCH('/v1/scopes/{scope_name}', { params: { path: { scope_name: 'write' } }, body: { includes: ['read'] } }));
    });
  });

  describe('403 SCOPE_ESCALATION: a keys:write key cannot disable a more powerful key', () => {
    const disablingChanges: Array<[string, unknown]> = [
      ['strip its scopes', { scopes: [] }],
      ['lock it out with a deny-all IP rule', { ip_rules: [{ action: 'deny', cidr: '0.0.0.0/0' }, { action: 'deny', cidr: '::/0' }] }],
      ['expire it now', { expires_at: new Date(Date.now() + 61_000).toISOString() }],
      ['delay it with not_before', { not_before: new Date(Date.now() + 86_400_000).toISOString() }],
      ['throttle it', { rate_limit_per_minute: 1 }],
      ['rename it', { name: 'harmless, surely' }],
      ['rewrite its metadata', { metadata: { owner: 'someone else' } }],
      ['rewrite its description', { description: 'changed' }],
    ];

    it.each(disablingChanges)('PATCH to %s is refused, naming what is missing, and nothing changes', async (_what, body) => {
      const before = await stored(orgAdmin.id);
      const problem = expectProblem(await patch(orgAdmin.id, body), 403, 'SCOPE_ESCALATION');
      expect(problem.detail).toContain(orgAdmin.id);
      expect(problem.detail).toMatch(/admin/);
      expect(problem.errors).toEqual([{ path: 'path.key_id', message: expect.stringContaining('admin') }]);
      expect(await stored(orgAdmin.id)).toEqual(before);
    });

    it('revoke is refused, and the admin key keeps working', async () => {
      expectProblem(await revoke(orgAdmin.id), 403, 'SCOPE_ESCALATION');
      expect((await call(service, 'GET', '/v1/myself', { key: orgAdmin.secret })).status).toBe(200);
      expect((await stored(orgAdmin.id)).status).toBe('active');
    });

    it('revoke of an already revoked, more powerful key is refused too (fail closed)', async () => {
      const revokedAdmin = await createKey(service, { name: 'old admin', scopes: ['admin'] });
      expect((await revoke(revokedAdmin.id, admin)).status).toBe(200);
      expectProblem(await revoke(revokedAdmin.id), 403, 'SCOPE_ESCALATION');
    });

    it('rotate is refused and returns no secret', async () => {
      const answer = await rotate(orgAdmin.id);
      expectProblem(answer, 403, 'SCOPE_ESCALATION');
      expect(answer.text).not.toMatch(/"secret"/);
      expect((await call(service, 'GET', '/v1/myself', { key: orgAdmin.secret })).status).toBe(200);
    });

    it('holding part of a key is not enough: every scope of the target is needed', async () => {
      const mixed = await createKey(service, { name: 'mixed', scopes: ['keys:read', 'audit:read'] });
      const problem = expectProblem(await patch(mixed.id, { name: 'x' }), 403, 'SCOPE_ESCALATION');
      expect(problem.detail).toContain('audit:read');
      expect(problem.detail).not.toContain('keys:read,');
    });

    it('the refusal is not written as a change in the audit trail', async () => {
      await patch(orgAdmin.id, { name: 'audited?' });
      const events = (await call(service, 'GET', `/v1/audit-events?target_id=${orgAdmin.id}`, { key: admin })).body.data;
      expect(events.filter((e: { action: string }) => e.action === 'key.updated')).toEqual([]);
    });
  });

  describe('403 SCOPE_ESCALATION: redefining a scope needs holding it', () => {
    it('a scopes:write key that does not hold "write" can neither hollow it out nor widen it', async () => {
      const curator = await createKey(service, { name: 'narrow curator', scopes: ['scopes:write', 'read'] });
      for (const includes of [[], ['read']]) {
        const problem = expectProblem(
          await call(service, 'PATCH', '/v1/scopes/write', { key: curator.secret, body: { includes } }),
          403,
          'SCOPE_ESCALATION',
        );
        expect(problem.errors?.map((e) => e.path)).toEqual(['path.scope_name']);
      }
      expect((await call(service, 'GET', '/v1/scopes/write', { key: admin })).body.includes).toEqual(['read']);
    });

    it('its description, which grants nothing, may still be changed with scopes:write alone', async () => {
      const curator = await createKey(service, { name: 'describing curator', scopes: ['scopes:write'] });
      const answer = await call(service, 'PATCH', '/v1/scopes/write', { key: curator.secret, body: { description: 'Everything read allows, and more' } });
      expect(answer.status).toBe(200);
    });
  });

  describe('404: the rule never reveals another organization', () => {
    it('a key of another organization is not found, not forbidden', async () => {
      const tenant = await createOrganization(service, { slug: 'authoritytenant' });
      const tenantManager = await createKey(service, { name: 'tenant manager', scopes: ['keys:write'] }, tenant.admin_key.secret);
      for (const answer of [await patch(orgAdmin.id, { name: 'x' }, tenantManager.secret), await revoke(orgAdmin.id, tenantManager.secret)]) {
        expectProblem(answer, 404, 'KEY_NOT_FOUND');
      }
    });
  });
});
