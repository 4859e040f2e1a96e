/**
 * The scope catalog and what keys may do with it: includes (write ⊃ agentic ⊃ read), cycles,
 * deletion rules, built-ins, changes seen by the very next request, and no escalation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { call, createKey, createOrganization, expectProblem, verify, type ApiKeyWithSecret } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('scopes', () => {
  let service: TestService;
  let admin: string;
  beforeAll(async () => {
    service = await startService();
    // A tenant of its own, so that the operator scope is not in its catalog.
    admin = (await createOrganization(service, { slug: 'scopes' })).admin_key.secret;
    const api = service.client(admin).api;
    unwrap(await api.POST('/v1/scopes', { body: { name: 'read', description: 'Read every resource' } }));
    unwrap(await api.POST('/v1/scopes', { body: { name: 'agentic', includes: ['read'] } }));
    unwrap(await api.POST('/v1/scopes', { body: { name: 'write', includes: ['agentic'] } }));
  });
  afterAll(async () => {
    await service.close();
  });

  describe('201 / 200: the catalog', () => {
    it('creates scopes with includes and lists them next to the built-ins, sorted by name', async () => {
      const created = unwrap(await service.client(admin).api.POST('/v1/scopes', { body: { name: 'DEVICES_READ' } }));
      expect(created).toEqual({
        name: 'DEVICES_READ',
        description: null,
        includes: [],
        built_in: false,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const list = unwrap(await service.client(admin).api.GET('/v1/scopes'));
      const names = list.data.map((s) => s.name);
      expect(names).toEqual([...names].sort());
      expect(names).toEqual(
        expect.arrayContaining(['admin', 'keys:read', 'keys:write', 'keys:verify', 'scopes:read', 'scopes:write', 'audit:read', 'read', 'agentic', 'write']),
      );
      // `operator` exists only in the operator organization.
      expect(names).not.toContain('operator');
      expect(list.data.find((s) => s.name === 'write')).toMatchObject({ includes: ['agentic'], built_in: false });
      expect(list.data.find((s) => s.name === 'keys:write')).toMatchObject({ includes: ['keys:read'], built_in: true, created_at: null });
    });

    it('a key with write holds agentic and read through includes', async () => {
      const writer = await createKey(service, { name: 'writer', scopes: ['write'] }, admin);
      const verdict = await verify(service, { key: writer.secret, required_scopes: ['read'] }, admin);
      expect(verdict).toMatchObject({ valid: true, code: 'VALID' });
      expect(verdict.key?.scopes).toEqual(['write']);
      expect(verdict.key?.effective_scopes).toEqual(['agentic', 'read', 'write']);
      const myself = unwrap(await service.client(writer.secret).api.GET('/v1/myself'));
      expect(myself.effective_scopes).toEqual(['agentic', 'read', 'write']);
    });

    it('admin holds every catalog scope', async () => {
      const verdict = await verify(service, { key: admin, required_scopes: ['write', 'read', 'keys:verify'] }, admin);
      expect(verdict.code).toBe('VALID');
    });
  });

  describe('403', () => {
    it('INSUFFICIENT_SCOPE on management operations the key does not hold', async () => {
      const reader = await createKey(service, { name: 'catalog reader', scopes: ['scopes:read', 'read'] }, admin);
      expect((await call(service, 'GET', '/v1/scopes', { key: reader.secret })).status).toBe(200);
      for (const [method, path, body] of [
        ['POST', '/v1/scopes', { name: 'nope' }],
        ['PATCH', '/v1/scopes/read', { description: 'nope' }],
        ['DELETE', '/v1/scopes/read', undefined],
        ['GET', '/v1/keys', undefined],
        ['POST', '/v1/keys/verify', { key: admin }],
        ['GET', '/v1/audit-events', undefined],
      ] as const) {
        const problem = expectProblem(await call(service, method, path, { key: reader.secret, body }), 403, 'INSUFFICIENT_SCOPE');
        expect(problem.detail).toMatch(/needs the scope/);
      }
    });

    it('INSUFFICIENT_SCOPE with missing_scopes on verify', async () => {
      const readOnly = await createKey(service, { name: 'read only', scopes: ['read'] }, admin);
      const verdict = await verify(service, { key: readOnly.secret, required_scopes: ['read', 'write', 'agentic'] }, admin);
      expect(verdict).toMatchObject({ valid: false, code: 'INSUFFICIENT_SCOPE', missing_scopes: ['write', 'agentic'] });
      expect(verdict.key?.id).toBe(readOnly.id);
      expect(verdict.rate_limit).toBeUndefined();
    });

    it('SCOPE_ESCALATION: a keys:write key cannot grant what it does not hold', async () => {
      const manager = await createKey(service, { name: 'manager', scopes: ['keys:write'] }, admin);
      for (const scopes of [['admin'], ['keys:verify'], ['keys:read', 'write']]) {
        const answer = await call(service, 'POST', '/v1/keys', { key: manager.secret, body: { name: 'escalated', scopes } });
        const problem = expectProblem(answer, 403, 'SCOPE_ESCALATION');
        expect(problem.errors?.[0]?.path).toBe('body.scopes');
      }
      // What it holds itself (keys:read is included in keys:write) it may grant.
      const granted = await createKey(service, { name: 'granted', scopes: ['keys:read'] }, manager.secret);
      expect(granted.scopes).toEqual(['keys:read']);
      // The same rule applies on update.
      expectProblem(
        await call(service, 'PATCH', `/v1/keys/${granted.id}`, { key: manager.secret, body: { scopes: ['admin'] } }),
        403,
        'SCOPE_ESCALATION',
      );
      const after = await call(service, 'GET', `/v1/keys/${granted.id}`, { key: admin });
      expect(after.body.scopes).toEqual(['keys:read']);
    });

    it('SCOPE_ESCALATION: a keys:write key cannot rotate a key that holds more, which would hand it that key', async () => {
      const manager = await createKey(service, { name: 'rotating manager', scopes: ['keys:write'] }, admin);
      const powerful = await createKey(service, { name: 'powerful', scopes: ['admin'] }, admin);
      const answer = await call(service, 'POST', `/v1/keys/${powerful.id}/rotate`, { key: manager.secret, body: {} });
      expectProblem(answer, 403, 'SCOPE_ESCALATION');
      expect(answer.text).not.toMatch(/"secret"/);
      // The powerful key keeps its secret.
      expect((await call(service, 'GET', '/v1/myself', { key: powerful.secret })).status).toBe(200);
      // A key within the manager's own scopes it may rotate.
      const peer = await createKey(service, { name: 'peer', scopes: ['keys:read'] }, admin);
      expect((await call(service, 'POST', `/v1/keys/${peer.id}/rotate`, { key: manager.secret, body: {} })).status).toBe(200);
    });
  });

  describe('403: no escalation through the catalog', () => {
    it('SCOPE_ESCALATION: a scopes:write key cannot make a scope it holds include admin (or anything it lacks)', async () => {
      const api = service.client(admin).api;
      unwrap(await api.POST('/v1/scopes', { body: { name: 'mine' } }));
      const curator = await createKey(service, { name: 'curator', scopes: ['scopes:write', 'mine'] }, admin);
      for (const [method, path, body] of [
        ['PATCH', '/v1/scopes/mine', { includes: ['admin'] }],
        ['PATCH', '/v1/scopes/mine', { includes: ['keys:read'] }],
        ['POST', '/v1/scopes', { name: 'sneaky', includes: ['keys:write'] }],
      ] as const) {
        const problem = expectProblem(await call(service, method, path, { key: curator.secret, body }), 403, 'SCOPE_ESCALATION');
        expect(problem.errors?.map((e) => e.path)).toEqual(['body.includes']);
      }
      // Nothing changed: the curator still cannot read keys, and `mine` includes nothing.
      expectProblem(await call(service, 'GET', '/v1/keys', { key: curator.secret }), 403, 'INSUFFICIENT_SCOPE');
      expect((await call(service, 'GET', '/v1/scopes/mine', { key: admin })).body.includes).toEqual([]);
      expectProblem(await call(service, 'GET', '/v1/scopes/sneaky', { key: admin }), 404, 'SCOPE_NOT_FOUND');
      // What it holds it may include; an admin key may include anything.
      expect((await call(service, 'PATCH', '/v1/scopes/mine', { key: curator.secret, body: { includes: ['scopes:read'] } })).status).toBe(200);
      expect((await call(service, 'PATCH', '/v1/scopes/mine', { key: admin, body: { includes: ['keys:read'] } })).status).toBe(200);
    });
  });

  describe('409', () => {
    it('SCOPE_IN_USE for a scope another scope includes, and for a scope a live key holds', async () => {
      const api = service.client(admin).api;
      unwrap(await api.POST('/v1/scopes', { body: { name: 'base' } }));
      unwrap(await api.POST('/v1/scopes', { body: { name: 'derived', includes: ['base'] } }));
      const included = expectProblem(await call(service, 'DELETE', '/v1/scopes/base', { key: admin }), 409, 'SCOPE_IN_USE');
      expect(included.detail).toContain('"derived"');

      const holder = await createKey(service, { name: 'holder', scopes: ['derived'] }, admin);
      const held = expectProblem(await call(service, 'DELETE', '/v1/scopes/derived', { key: admin }), 409, 'SCOPE_IN_USE');
      expect(held.detail).toMatch(/1 key/);

      // Once the key is revoked and the include is gone, both can go.
      unwrap(await api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: holder.id } }, body: {} }));
      const deleted = await call(service, 'DELETE', '/v1/scopes/derived', { key: admin });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expect((await call(service, 'DELETE', '/v1/scopes/base', { key: admin })).status).toBe(204);
      expectProblem(await call(service, 'GET', '/v1/scopes/base', { key: admin }), 404, 'SCOPE_NOT_FOUND');
    });

    it('SCOPE_BUILT_IN for changing, deleting or re-creating a built-in scope', async () => {
      expectProblem(await call(service, 'PATCH', '/v1/scopes/keys:read', { key: admin, body: { description: 'mine' } }), 409, 'SCOPE_BUILT_IN');
      expectProblem(await call(service, 'DELETE', '/v1/scopes/admin', { key: admin }), 409, 'SCOPE_BUILT_IN');
      expectProblem(await call(service, 'POST', '/v1/scopes', { key: admin, body: { name: 'keys:write' } }), 409, 'SCOPE_BUILT_IN');
      const builtIn = await call(service, 'GET', '/v1/scopes/keys:write', { key: admin });
      expect(builtIn.body).toMatchObject({ name: 'keys:write', built_in: true, includes: ['keys:read'] });
    });

    it('SCOPE_EXISTS for a second scope of the same name', async () => {
      expectProblem(await call(service, 'POST', '/v1/scopes', { key: admin, body: { name: 'read' } }), 409, 'SCOPE_EXISTS');
    });
  });

  describe('422', () => {
    it('SCOPE_CYCLE when includes would close a loop, and the catalog is left as it was', async () => {
      const cycle = expectProblem(
        await call(service, 'PATCH', '/v1/scopes/read', { key: admin, body: { includes: ['write'] } }),
        422,
        'SCOPE_CYCLE',
      );
      expect(cycle.detail).toContain('read → write → agentic → read');
      expect(cycle.errors?.[0]?.path).toBe('body.includes');
      const read = await call(service, 'GET', '/v1/scopes/read', { key: admin });
      expect(read.body.includes).toEqual([]);
    });

    it('INVALID_SCOPE_INCLUDES for an unknown include, a self-include or operator', async () => {
      const unknown = expectProblem(
        await call(service, 'POST', '/v1/scopes', { key: admin, body: { name: 'broken', includes: ['read', 'nonexistent'] } }),
        422,
        'INVALID_SCOPE_INCLUDES',
      );
      expect(unknown.errors).toEqual([{ path: 'body.includes[1]', message: expect.stringContaining('nonexistent') }]);
      expectProblem(await call(service, 'GET', '/v1/scopes/broken', { key: admin }), 404, 'SCOPE_NOT_FOUND');
      const self = expectProblem(
        await call(service, 'PATCH', '/v1/scopes/agentic', { key: admin, body: { includes: ['agentic'] } }),
        422,
        'INVALID_SCOPE_INCLUDES',
      );
      expect(self.errors?.[0]?.path).toBe('body.includes[0]');
      expectProblem(
        await call(service, 'POST', '/v1/scopes', { key: admin, body: { name: 'ops', includes: ['operator'] } }),
        422,
        'INVALID_SCOPE_INCLUDES',
      );
    });

    it('UNKNOWN_SCOPE on create names body.scopes[i]', async () => {
      const problem = expectProblem(
        await call(service, 'POST', '/v1/keys', { key: admin, body: { name: 'typo', scopes: ['read', 'wirte', 'agentic', 'operator'] } }),
        422,
        'UNKNOWN_SCOPE',
      );
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.scopes[1]', 'body.scopes[3]']);
      expect(problem.errors?.[0]?.message).toContain('"wirte"');
      const list = await call(service, 'GET', '/v1/keys?name=typo', { key: admin });
      expect(list.body.data).toEqual([]);
    });

    it('UNKNOWN_SCOPE on update too', async () => {
      const key = await createKey(service, { name: 'to update', scopes: ['read'] }, admin);
      const problem = expectProblem(
        await call(service, 'PATCH', `/v1/keys/${key.id}`, { key: admin, body: { scopes: ['nonexistent'] } }),
        422,
        'UNKNOWN_SCOPE',
      );
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.scopes[0]']);
    });
  });

  describe('catalog changes apply to the very next request', () => {
    let writer: ApiKeyWithSecret;
    beforeAll(async () => {
      writer = await createKey(service, { name: 'next-request writer', scopes: ['write'] }, admin);
    });

    it('on verify: an include added to write is held at once, and dropped at once', async () => {
      const api = service.client(admin).api;
      unwrap(await api.POST('/v1/scopes', { body: { name: 'EXPORT_READ' } }));
      expect((await verify(service, { key: writer.secret, required_scopes: ['EXPORT_READ'] }, admin)).code).toBe('INSUFFICIENT_SCOPE');
      unwrap(await api.PATCH('/v1/scopes/{scope_name}', { params: { path: { scope_name: 'write' } }, body: { includes: ['agentic', 'EXPORT_READ'] } }));
      expect((await verify(service, { key: writer.secret, required_scopes: ['EXPORT_READ'] }, admin)).code).toBe('VALID');
      unwrap(await api.PATCH('/v1/scopes/{scope_name}', { params: { path: { scope_name: 'write' } }, body: { includes: ['agentic'] } }));
      expect((await verify(service, { key: writer.secret, required_scopes: ['EXPORT_READ'] }, admin)).code).toBe('INSUFFICIENT_SCOPE');
    });

    it('on the management API: a catalog scope that comes to include keys:read opens GET /v1/keys at once', async () => {
      const api = service.client(admin).api;
      unwrap(await api.POST('/v1/scopes', { body: { name: 'auditor' } }));
      const auditor = await createKey(service, { name: 'auditor key', scopes: ['auditor'] }, admin);
      expectProblem(await call(service, 'GET', '/v1/keys', { key: auditor.secret }), 403, 'INSUFFICIENT_SCOPE');
      unwrap(await api.PATCH('/v1/scopes/{scope_name}', { params: { path: { scope_name: 'auditor' } }, body: { includes: ['keys:read'] } }));
      expect((await call(service, 'GET', '/v1/keys', { key: auditor.secret })).status).toBe(200);
      unwrap(await api.PATCH('/v1/scopes/{scope_name}', { params: { path: { scope_name: 'auditor' } }, body: { includes: [] } }));
      expectProblem(await call(service, 'GET', '/v1/keys', { key: auditor.secret }), 403, 'INSUFFICIENT_SCOPE');
    });

    it('a key changed to hold fewer scopes is refused on its next request', async () => {
      const key = await createKey(service, { name: 'demoted', scopes: ['keys:read'] }, admin);
      expect((await call(service, 'GET', '/v1/keys', { key: key.secret })).status).toBe(200);
      unwrap(await service.client(admin).api.PATCH('/v1/keys/{key_id}', { params: { path: { key_id: key.id } }, body: { scopes: [] } }));
      expectProblem(await call(service, 'GET', '/v1/keys', { key: key.secret }), 403, 'INSUFFICIENT_SCOPE');
    });
  });
});
