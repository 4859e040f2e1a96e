/**
 * POST /v1/keys/{id}/revoke: immediate on this node, final, and safe to repeat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, expectProblem, verify } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('POST /v1/keys/{key_id}/revoke', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service.close();
  });

  const revoke = (id: string, body: unknown = {}) => call(service, 'POST', `/v1/keys/${id}/revoke`, { key: service.adminKey, body });

  describe('200', () => {
    it('the very next request with the key gets 401 REVOKED_KEY, with no wait (the key was cached)', async () => {
      const key = await createKey(service, { name: 'leaked', scopes: ['keys:read'] });
      // Warm every path: authentication and verification both have the key cached now.
      for (let i = 0; i < 3; i++) expect((await call(service, 'GET', '/v1/keys', { key: key.secret })).status).toBe(200);
      expect((await verify(service, { key: key.secret })).code).toBe('VALID');

      const answer = await revoke(key.id, { reason: 'Pasted into a public issue' });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: key.id, status: 'revoked', revoked_at: new Date(service.clock.now()).toISOString() });

      expectProblem(await call(service, 'GET', '/v1/keys', { key: key.secret }), 401, 'REVOKED_KEY');
      const verdict = await verify(service, { key: key.secret });
      expect(verdict).toMatchObject({ valid: false, code: 'REVOKED', key: { id: key.id, status: 'revoked' } });
    });

    it('revoking twice answers 200 both times and changes nothing the second time', async () => {
      const key = await createKey(service, { name: 'twice' });
      const first = await revoke(key.id);
      service.clock.advance(60_000);
      const second = await revoke(key.id, { reason: 'again' });
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      const events = await call(service, 'GET', `/v1/audit-events?action=key.revoked&target_id=${key.id}`, { key: service.adminKey });
      expect(events.body.data).toHaveLength(1);
    });

    it('takes no body at all, too', async () => {
      const key = await createKey(service, { name: 'no body' });
      const answer = await call(service, 'POST', `/v1/keys/${key.id}/revoke`, { key: service.adminKey });
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('revoked');
    });

    it('a key may revoke itself, and its next request is refused', async () => {
      const key = await createKey(service, { name: 'self', scopes: ['keys:write'] });
      expect((await call(service, 'POST', `/v1/keys/${key.id}/revoke`, { key: key.secret, body: {} })).status).toBe(200);
      expectProblem(await call(service, 'GET', '/v1/myself', { key: key.secret }), 401, 'REVOKED_KEY');
    });
  });

  describe('409: a revoked key can never change again', () => {
    it('KEY_REVOKED on update and rotate; nothing restores it', async () => {
      const key = await createKey(service, { name: 'final' });
      await revoke(key.id);
      for (const [path, method, body] of [
        [`/v1/keys/${key.id}`, 'PATCH', { name: 'restored?' }],
        [`/v1/keys/${key.id}`, 'PATCH', { expires_at: new Date(service.clock.now() + 86_400_000).toISOString() }],
        [`/v1/keys/${key.id}/rotate`, 'POST', {}],
        [`/v1/keys/${key.id}/rotate`, 'POST', { grace_period: 3600 }],
      ] as const) {
        const problem = expectProblem(await call(service, method, path, { key: service.adminKey, body }), 409, 'KEY_REVOKED');
        expect(problem.detail).toContain(key.id);
      }
      // There is no field to un-revoke: the contract refuses one.
      const unrevoke = await call(service, 'PATCH', `/v1/keys/${key.id}`, { key: service.adminKey, body: { revoked_at: null } });
      expect(expectProblem(unrevoke, 400, 'VALIDATION_FAILED').errors?.map((e) => e.path)).toEqual(['body.revoked_at']);
      // Even much later, it is still revoked and still refused.
      service.clock.advance(24 * 3600_000);
      const read = await call(service, 'GET', `/v1/keys/${key.id}`, { key: service.adminKey });
      expect(read.body).toMatchObject({ status: 'revoked', name: 'final' });
      expectProblem(await call(service, 'GET', '/v1/myself', { key: key.secret }), 401, 'REVOKED_KEY');
    });

    it('revoked outranks expired: an expired revoked key reports revoked', async () => {
      const key = await createKey(service, { name: 'both', expires_at: new Date(service.clock.now() + 60_000).toISOString() });
      await revoke(key.id);
      service.clock.advance(120_000);
      expectProblem(await call(service, 'GET', '/v1/myself', { key: key.secret }), 401, 'REVOKED_KEY');
      expect((await verify(service, { key: key.secret })).code).toBe('REVOKED');
    });
  });

  describe('404', () => {
    it('KEY_NOT_FOUND for an id that does not exist', async () => {
      expectProblem(await revoke('key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K'), 404, 'KEY_NOT_FOUND');
    });

    it('a malformed id is a 400 naming the path parameter', async () => {
      const problem = expectProblem(await revoke('not-a-key-id'), 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.path)).toEqual(['path.key_id']);
    });
  });
});

describe('revocation across nodes sharing a database', () => {
  let a: TestService;
  let b: TestService;
  const TTL = 300;
  beforeAll(async () => {
    a = await startService();
    // A second node on the same SQLite file, caching keys for at most TTL ms.
    b = await startService({ dbPath: a.dbPath, serverSecret: a.serverSecret, cacheTtlMs: TTL });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('is immediate on the node that revoked, and reaches the other node within its cache lifetime', async () => {
    const key = await createKey(a, { name: 'two nodes' });
    expect((await call(b, 'GET', '/v1/myself', { key: key.secret })).status).toBe(200); // now cached on b
    expect((await call(a, 'POST', `/v1/keys/${key.id}/revoke`, { key: a.adminKey, body: {} })).status).toBe(200);
    expectProblem(await call(a, 'GET', '/v1/myself', { key: key.secret }), 401, 'REVOKED_KEY');
    // b may answer from its cache for up to TTL ms; the poll's timeout bounds it (with room for a loaded machine).
    await expect
      .poll(async () => (await call(b, 'GET', '/v1/myself', { key: key.secret })).status, { timeout: TTL + 1500, interval: 25 })
      .toBe(401);
    expectProblem(await call(b, 'GET', '/v1/myself', { key: key.secret }), 401, 'REVOKED_KEY');
  });
});
