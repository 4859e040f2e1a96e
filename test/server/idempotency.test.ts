/**
 * Idempotency-Key on POST: a retry with the same key and body replays the first answer (one
 * key, one secret), another body is 409, and a failed request does not use the key up.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, createKey, expectProblem, type ApiKeyWithSecret } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('Idempotency-Key', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service.close();
  });

  const post = (path: string, idempotencyKey: string, body: unknown, key = service.adminKey) =>
    call(service, 'POST', path, { key, body, headers: { 'Idempotency-Key': idempotencyKey } });
  const keysNamed = async (name: string) =>
    (await call(service, 'GET', `/v1/keys?name=${encodeURIComponent(name)}`, { key: service.adminKey })).body.data as Array<{ id: string; name: string }>;

  describe('replay', () => {
    it('the same key and body answer the first response again: same id, same secret, one key', async () => {
      const body = { name: 'retried create', scopes: ['keys:read'], metadata: { ci: 'run-42' } };
      const first = await post('/v1/keys', 'create-1', body);
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();

      service.clock.advance(60_000);
      // Key order in the JSON does not matter.
      const second = await post('/v1/keys', 'create-1', { metadata: { ci: 'run-42' }, scopes: ['keys:read'], name: 'retried create' });
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.headers.get('location')).toBe(first.headers.get('location'));
      expect(second.body).toEqual(first.body);
      expect((second.body as ApiKeyWithSecret).secret).toBe((first.body as ApiKeyWithSecret).secret);

      const keys = await keysNamed('retried create');
      expect(keys.map((k) => k.id)).toEqual([first.body.id]);
      const created = await call(service, 'GET', `/v1/audit-events?action=key.created&target_id=${first.body.id}`, { key: service.adminKey });
      expect(created.body.data).toHaveLength(1);
      // The replayed secret is the one that works.
      expect((await call(service, 'GET', '/v1/myself', { key: (second.body as ApiKeyWithSecret).secret })).body.key.id).toBe(first.body.id);
    });

    it('a replayed rotation hands back the same new secret and rotates only once', async () => {
      const key = await createKey(service, { name: 'rotated once' });
      const first = await post(`/v1/keys/${key.id}/rotate`, 'rotate-1', { grace_period: 60 });
      const second = await post(`/v1/keys/${key.id}/rotate`, 'rotate-1', { grace_period: 60 });
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.body.secret).toBe(first.body.secret);
      const rotations = await call(service, 'GET', `/v1/audit-events?action=key.rotated&target_id=${key.id}`, { key: service.adminKey });
      expect(rotations.body.data).toHaveLength(1);
      // The original secret is still in its grace period: a second rotation would have ended it.
      expect((await call(service, 'GET', '/v1/myself', { key: key.secret })).status).toBe(200);
    });

    it('keys are per calling key: another caller with the same Idempotency-Key gets its own answer', async () => {
      const other = await createKey(service, { name: 'other caller', scopes: ['keys:write'] });
      const body = { name: 'per caller' };
      const mine = await post('/v1/keys', 'shared-id', body);
      const theirs = await post('/v1/keys', 'shared-id', body, other.secret);
      expect(theirs.status).toBe(201);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect(await keysNamed('per caller')).toHaveLength(2);
    });
  });

  describe('one commit', () => {
    it('a create with an Idempotency-Key claims the key, makes the key and remembers the answer in one transaction', async () => {
      // Writes outside a transaction commit on their own: the root store must see none.
      const transaction = vi.spyOn(service.store, 'transaction');
      const outside = [vi.spyOn(service.store.idempotency, 'putIfAbsent'), vi.spyOn(service.store.idempotency, 'complete'), vi.spyOn(service.store.idempotency, 'delete')];
      const first = await post('/v1/keys', 'one-commit', { name: 'one commit' });
      expect(first.status).toBe(201);
      expect(transaction).toHaveBeenCalledTimes(1);
      for (const write of outside) expect(write).not.toHaveBeenCalled();
      const replay = await post('/v1/keys', 'one-commit', { name: 'one commit' });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      for (const write of outside) expect(write).not.toHaveBeenCalled();
      vi.restoreAllMocks();
    });
  });

  describe('concurrent retries', () => {
    it('five identical creates at once make one key; every answer is that key or 409 in progress', async () => {
      const body = { name: 'concurrent create' };
      const answers = await Promise.all(Array.from({ length: 5 }, () => post('/v1/keys', 'concurrent-1', body)));
      const keys = await keysNamed('concurrent create');
      expect(keys).toHaveLength(1);
      for (const answer of answers) {
        if (answer.status === 201) {
          expect(answer.body.id).toBe(keys[0]!.id);
        } else {
          expectProblem(answer, 409, 'IDEMPOTENCY_REQUEST_IN_PROGRESS');
          expect(answer.headers.get('retry-after')).toBe('1');
        }
      }
      const secrets = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.secret));
      expect(secrets.size).toBe(1);
      // A retry after they finished replays the one answer.
      const retry = await post('/v1/keys', 'concurrent-1', body);
      expect(retry.status).toBe(201);
      expect(retry.body.id).toBe(keys[0]!.id);
    });
  });

  describe('409', () => {
    it('IDEMPOTENCY_KEY_REUSED for the same key with another body, and nothing is created', async () => {
      const first = await post('/v1/keys', 'create-2', { name: 'first body' });
      expect(first.status).toBe(201);
      const reused = await post('/v1/keys', 'create-2', { name: 'second body' });
      expectProblem(reused, 409, 'IDEMPOTENCY_KEY_REUSED');
      expect(await keysNamed('second body')).toEqual([]);
      // Or another operation.
      const key = await createKey(service, { name: 'target' });
      expectProblem(await post(`/v1/keys/${key.id}/revoke`, 'create-2', { reason: 'another operation' }), 409, 'IDEMPOTENCY_KEY_REUSED');
      expect((await call(service, 'GET', `/v1/keys/${key.id}`, { key: service.adminKey })).body.status).toBe('active');
    });
  });

  describe('409 IDEMPOTENCY_REPLAY_STALE: a secret is replayed only while it is current', () => {
    const expectStale = (answer: Awaited<ReturnType<typeof post>>, keyId: string, happened: RegExp) => {
      const problem = expectProblem(answer, 409, 'IDEMPOTENCY_REPLAY_STALE');
      expect(problem.detail).toContain(keyId);
      expect(problem.detail).toMatch(happened);
      expect(answer.text).not.toMatch(/"secret"/);
      expect(answer.headers.get('idempotent-replayed')).toBeNull();
    };

    it('a create replayed after its key was revoked says so, and never shows the secret again', async () => {
      const body = { name: 'created then revoked' };
      const first = await post('/v1/keys', 'create-then-revoke', body);
      await post(`/v1/keys/${first.body.id}/revoke`, 'the-revoke', { reason: 'leaked' });
      const retry = await post('/v1/keys', 'create-then-revoke', body);
      expectStale(retry, first.body.id, /revoked at/);
      expect(retry.text).not.toContain(first.body.secret);
      // Nothing was made by the retry either.
      expect(await keysNamed('created then revoked')).toHaveLength(1);
    });

    it('a create replayed after the key was rotated does not hand out the replaced secret', async () => {
      const body = { name: 'created then rotated' };
      const first = await post('/v1/keys', 'create-then-rotate', body);
      await post(`/v1/keys/${first.body.id}/rotate`, 'the-rotation', { grace_period: 3600 });
      expectStale(await post('/v1/keys', 'create-then-rotate', body), first.body.id, /rotated at/);
    });

    it('a rotation replayed after a later rotation is stale too', async () => {
      const key = await createKey(service, { name: 'rotated twice' });
      await post(`/v1/keys/${key.id}/rotate`, 'rotation-a', {});
      await post(`/v1/keys/${key.id}/rotate`, 'rotation-b', {});
      expectStale(await post(`/v1/keys/${key.id}/rotate`, 'rotation-a', {}), key.id, /rotated at/);
    });

    it("a new organization's admin key, revoked since, is not replayed with the organization", async () => {
      const body = { slug: 'replayedtenant', name: 'Replayed tenant', plan: 'team' };
      const first = await post('/v1/organizations', 'tenant-1', body);
      expect(first.status).toBe(201);
      await call(service, 'POST', `/v1/keys/${first.body.admin_key.id}/revoke`, { key: first.body.admin_key.secret, body: {} });
      expectStale(await post('/v1/organizations', 'tenant-1', body), first.body.admin_key.id, /revoked at/);
    });

    it('a revoke replayed after the key was revoked still replays: it holds no secret', async () => {
      const key = await createKey(service, { name: 'revoked by retry' });
      const first = await post(`/v1/keys/${key.id}/revoke`, 'revoke-1', {});
      const second = await post(`/v1/keys/${key.id}/revoke`, 'revoke-1', {});
      expect(second.status).toBe(200);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.body).toEqual(first.body);
    });
  });

  describe('failures do not use the key up', () => {
    it('a 422 is not remembered: the corrected retry with the same key creates the key', async () => {
      const failed = await post('/v1/keys', 'create-3', { name: 'fixed later', scopes: ['no-such-scope'] });
      expectProblem(failed, 422, 'UNKNOWN_SCOPE');
      const again = await post('/v1/keys', 'create-3', { name: 'fixed later', scopes: ['no-such-scope'] });
      expectProblem(again, 422, 'UNKNOWN_SCOPE');
      expect(again.headers.get('idempotent-replayed')).toBeNull();
      const fixed = await post('/v1/keys', 'create-3', { name: 'fixed later', scopes: ['keys:read'] });
      expect(fixed.status).toBe(201);
      expect(fixed.headers.get('idempotent-replayed')).toBeNull();
      expect((await keysNamed('fixed later')).map((k) => k.id)).toEqual([fixed.body.id]);
    });

    it('a 400 is not remembered either', async () => {
      expectProblem(await post('/v1/keys', 'create-4', { name: '' }), 400, 'VALIDATION_FAILED');
      expect((await post('/v1/keys', 'create-4', { name: 'after a 400' })).status).toBe(201);
    });

    it('a malformed Idempotency-Key is a 400 naming the header', async () => {
      const answer = await post('/v1/keys', 'has space', { name: 'x' });
      expect(expectProblem(answer, 400, 'VALIDATION_FAILED').errors?.map((e) => e.path)).toEqual(['header.idempotency-key']);
    });
  });

  describe('the typed client', () => {
    it('sends an Idempotency-Key of its own; a caller-chosen one is kept and replays', async () => {
      const api = service.client().api;
      const params = { header: { 'Idempotency-Key': 'typed-client-1' } };
      const first = await api.POST('/v1/keys', { params, body: { name: 'typed' } });
      const second = await api.POST('/v1/keys', { params, body: { name: 'typed' } });
      expect(second.response.headers.get('idempotent-replayed')).toBe('true');
      expect(second.data?.secret).toBe(first.data?.secret);
      expect(await keysNamed('typed')).toHaveLength(1);
    });
  });
});
