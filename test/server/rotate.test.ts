/**
 * POST /v1/keys/{id}/rotate: a new secret for the same key (id, scopes, rules, expiry kept
 * unless a new `expires_at` comes with it), the old one valid only for the grace period, and
 * only the last two ever valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { parseSecret } from '../../src/core/key-format.js';
import {
  auditEvents,
  call,
  createKey,
  createOrganization,
  DAY,
  expectNoSecrets,
  expectProblem,
  HOUR,
  isoIn,
  SECOND,
  verify,
  type ApiKeyWithSecret,
} from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('POST /v1/keys/{key_id}/rotate', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service.close();
  });

  const rotate = async (id: string, body?: unknown) => call(service, 'POST', `/v1/keys/${id}/rotate`, { key: service.adminKey, body });
  const myself = (secret: string) => call(service, 'GET', '/v1/myself', { key: secret });

  async function aKey(): Promise<ApiKeyWithSecret> {
    return createKey(service, {
      name: 'production-agent',
      description: 'rotated',
      scopes: ['keys:read', 'audit:read'],
      ip_rules: [{ action: 'allow', cidr: '127.0.0.0/8' }],
      metadata: { service: 'agent' },
      expires_at: isoIn(service.clock, 30 * 24 * HOUR),
      rate_limit_per_minute: 1000,
    });
  }

  describe('200', () => {
    it('issues a new secret and keeps id, name, scopes, rules, expiry and metadata', async () => {
      const key = await aKey();
      expect((await myself(key.secret)).status).toBe(200);
      const answer = await rotate(key.id, {});
      expect(answer.status).toBe(200);
      const rotated = answer.body as ApiKeyWithSecret;
      expect(rotated.secret).not.toBe(key.secret);
      expect(parseSecret(rotated.secret).ok).toBe(true);
      expect(rotated.secret).toMatch(/^nm_operator_/);
      const now = new Date(service.clock.now()).toISOString();
      const { secret: _old, hint: _oldHint, updated_at: _u, rotated_at: _r, last_used_at: _l, ...kept } = key;
      expect(rotated).toMatchObject({ ...kept, hint: `nm_operator_…${rotated.secret.slice(-4)}`, rotated_at: now, updated_at: now, previous_secret_expires_at: null });
      // The new secret works at once, for the same key.
      const me = await myself(rotated.secret);
      expect(me.status).toBe(200);
      expect(me.body.key.id).toBe(key.id);
      // And is never shown again.
      const read = await call(service, 'GET', `/v1/keys/${key.id}`, { key: service.adminKey });
      expect(read.body.hint).toBe(rotated.hint);
      expectNoSecrets(service, read.text, [rotated.secret, key.secret]);
    });

    it('grace_period 0 (the default): the old secret is refused at once with 401', async () => {
      const key = await aKey();
      expect((await myself(key.secret)).status).toBe(200);
      const rotated = (await rotate(key.id)).body as ApiKeyWithSecret;
      expectProblem(await myself(key.secret), 401, 'UNKNOWN_KEY');
      expect((await verify(service, { key: key.secret, ip: '127.0.0.1' })).code).toBe('NOT_FOUND');
      expect((await myself(rotated.secret)).status).toBe(200);
      const explicitZero = (await rotate(key.id, { grace_period: 0 })).body as ApiKeyWithSecret;
      expectProblem(await myself(rotated.secret), 401, 'UNKNOWN_KEY');
      expect((await myself(explicitZero.secret)).status).toBe(200);
    });

    it('with a grace period the old secret works until the clock reaches its end, then 401 EXPIRED_KEY', async () => {
      const key = await aKey();
      const rotated = (await rotate(key.id, { grace_period: 3600 })).body as ApiKeyWithSecret;
      expect(rotated.previous_secret_expires_at).toBe(isoIn(service.clock, HOUR));

      expect((await myself(key.secret)).status).toBe(200);
      expect((await myself(rotated.secret)).status).toBe(200);
      expect((await verify(service, { key: key.secret, ip: '127.0.0.1' })).code).toBe('VALID');

      service.clock.advance(HOUR - 1);
      const old = await myself(key.secret);
      expect(old.status).toBe(200);
      expect(old.body.key.id).toBe(key.id);

      service.clock.advance(1);
      const problem = expectProblem(await myself(key.secret), 401, 'EXPIRED_KEY');
      expect(problem.detail).toMatch(/rotated/);
      expect((await verify(service, { key: key.secret, ip: '127.0.0.1' })).code).toBe('EXPIRED');
      // The key itself is fine: its new secret works, and it no longer shows a grace period.
      const current = await myself(rotated.secret);
      expect(current.status).toBe(200);
      expect(current.body.key.previous_secret_expires_at).toBeNull();
      expect(current.body.key.status).toBe('active');
    });

    it('rotating again during a grace period ends the earlier grace at once: only the last two secrets work', async () => {
      const key = await aKey();
      const second = (await rotate(key.id, { grace_period: 3600 })).body as ApiKeyWithSecret;
      service.clock.advance(10 * SECOND);
      const third = (await rotate(key.id, { grace_period: 3600 })).body as ApiKeyWithSecret;
      expectProblem(await myself(key.secret), 401, 'UNKNOWN_KEY');
      expect((await myself(second.secret)).status).toBe(200);
      expect((await myself(third.secret)).status).toBe(200);
      // A rotation without grace ends the second secret's too.
      const fourth = (await rotate(key.id)).body as ApiKeyWithSecret;
      expectProblem(await myself(second.secret), 401, 'UNKNOWN_KEY');
      expectProblem(await myself(third.secret), 401, 'UNKNOWN_KEY');
      expect((await myself(fourth.secret)).status).toBe(200);
    });

    it('the old secret in its grace period is still bound by the key: revoking ends it too', async () => {
      const key = await aKey();
      const rotated = (await rotate(key.id, { grace_period: 3600 })).body as ApiKeyWithSecret;
      await call(service, 'POST', `/v1/keys/${key.id}/revoke`, { key: service.adminKey, body: {} });
      expectProblem(await myself(key.secret), 401, 'REVOKED_KEY');
      expectProblem(await myself(rotated.secret), 401, 'REVOKED_KEY');
    });

    it('a grace period never outlives the key: once the key expires both secrets are refused', async () => {
      const key = await createKey(service, { name: 'short', expires_at: isoIn(service.clock, HOUR) });
      const rotated = (await rotate(key.id, { grace_period: 7 * 24 * 3600 })).body as ApiKeyWithSecret;
      service.clock.advance(HOUR);
      expectProblem(await myself(key.secret), 401, 'EXPIRED_KEY');
      expectProblem(await myself(rotated.secret), 401, 'EXPIRED_KEY');
    });
  });

  describe('200 with expires_at', () => {
    it('sets the new expiry with the new secret, and the audit event records the change', async () => {
      const key = await aKey();
      const renewed = isoIn(service.clock, 90 * DAY);
      const answer = await rotate(key.id, { grace_period: 86_400, expires_at: renewed });
      expect(answer.status).toBe(200);
      const rotated = answer.body as ApiKeyWithSecret;
      expect(rotated).toMatchObject({ expires_at: renewed, status: 'active', previous_secret_expires_at: isoIn(service.clock, DAY) });
      const read = await call(service, 'GET', `/v1/keys/${key.id}`, { key: service.adminKey });
      expect(read.body.expires_at).toBe(renewed);
      const [event] = await auditEvents(service, { action: 'key.rotated', target_id: key.id });
      expect(event!.details).toMatchObject({ expires_at: { from: key.expires_at, to: renewed } });
      // Both secrets work in the overlap; the new one until the renewed expiry.
      expect((await myself(key.secret)).status).toBe(200);
      service.clock.advance(89 * DAY);
      expect((await myself(rotated.secret)).status).toBe(200);
      expectProblem(await myself(key.secret), 401, 'EXPIRED_KEY');
    });

    it('expires_in renews the expiry from the rotation, on the service clock', async () => {
      const key = await aKey();
      service.clock.advance(DAY);
      const rotated = (await rotate(key.id, { grace_period: 3600, expires_in: 90 * 86_400 })).body as ApiKeyWithSecret;
      expect(rotated).toMatchObject({ expires_at: isoIn(service.clock, 90 * DAY), previous_secret_expires_at: isoIn(service.clock, HOUR) });
      const problem = expectProblem(await rotate(key.id, { expires_at: isoIn(service.clock, DAY), expires_in: 60 }), 422, 'INVALID_EXPIRY');
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.expires_in']);
    });

    it('expires_at: null makes the key never expire where the policy allows it', async () => {
      const key = await aKey();
      const rotated = (await rotate(key.id, { expires_at: null })).body as ApiKeyWithSecret;
      expect(rotated.expires_at).toBeNull();
      service.clock.advance(400 * DAY);
      expect((await myself(rotated.secret)).status).toBe(200);
    });

    it('rotates an expired key back into use; its old secret gets no grace period', async () => {
      const key = await createKey(service, { name: 'lapsed', expires_at: isoIn(service.clock, HOUR) });
      service.clock.advance(2 * HOUR);
      expectProblem(await myself(key.secret), 401, 'EXPIRED_KEY');
      const renewed = isoIn(service.clock, 30 * DAY);
      const answer = await rotate(key.id, { grace_period: 86_400, expires_at: renewed });
      expect(answer.status).toBe(200);
      const rotated = answer.body as ApiKeyWithSecret;
      expect(rotated).toMatchObject({ status: 'active', expires_at: renewed, previous_secret_expires_at: null });
      expect((await myself(rotated.secret)).status).toBe(200);
      // The expired secret stays dead: the renewed expiry does not revive it.
      expectProblem(await myself(key.secret), 401, 'UNKNOWN_KEY');
      const [event] = await auditEvents(service, { action: 'key.rotated', target_id: key.id });
      expect(event!.details).toMatchObject({ grace_period: 0 });
    });

    it('without expires_at an expired key is rotated but stays expired', async () => {
      const key = await createKey(service, { name: 'still lapsed', expires_at: isoIn(service.clock, HOUR) });
      service.clock.advance(2 * HOUR);
      const rotated = (await rotate(key.id, {})).body as ApiKeyWithSecret;
      expect(rotated).toMatchObject({ status: 'expired', expires_at: key.expires_at });
      expectProblem(await myself(rotated.secret), 401, 'EXPIRED_KEY');
    });
  });

  describe('400', () => {
    it('refuses a grace period over 7 days or negative, naming the field', async () => {
      const key = await aKey();
      for (const grace_period of [604_801, -1, 1.5]) {
        const problem = expectProblem(await rotate(key.id, { grace_period }), 400, 'VALIDATION_FAILED');
        expect(problem.errors?.map((e) => e.path)).toEqual(['body.grace_period']);
      }
      // Nothing was rotated.
      expect((await myself(key.secret)).status).toBe(200);
    });
  });

  describe('422', () => {
    it('INVALID_EXPIRY for an expires_at in the past or not after not_before, naming the field; nothing is rotated', async () => {
      const key = await createKey(service, { name: 'window', not_before: isoIn(service.clock, 2 * DAY), expires_at: isoIn(service.clock, 30 * DAY) });
      const past = expectProblem(await rotate(key.id, { expires_at: isoIn(service.clock, -SECOND) }), 422, 'INVALID_EXPIRY');
      expect(past.errors).toEqual([{ path: 'body.expires_at', message: expect.stringContaining('in the past') }]);
      const early = expectProblem(await rotate(key.id, { expires_at: isoIn(service.clock, DAY) }), 422, 'INVALID_EXPIRY');
      expect(early.errors).toEqual([{ path: 'body.expires_at', message: expect.stringContaining('must be earlier than expires_at') }]);
      const read = await call(service, 'GET', `/v1/keys/${key.id}`, { key: service.adminKey });
      expect(read.body).toMatchObject({ hint: key.hint, rotated_at: null, expires_at: key.expires_at });
    });

    it("TTL_EXCEEDS_POLICY beyond the organization's maximum lifetime, or for null where the policy forbids never", async () => {
      const created = await createOrganization(service, { slug: 'rotatepolicy' });
      const admin = created.admin_key.secret;
      unwrap(
        await service.client(admin).api.PATCH('/v1/organizations/{organization_id}', {
          params: { path: { organization_id: created.organization.id } },
          body: { key_policy: { default_ttl_seconds: 7 * 86_400, max_ttl_seconds: 30 * 86_400 } },
        }),
      );
      const key = await createKey(service, { name: 'bounded' }, admin);
      const asAdmin = (body: unknown) => call(service, 'POST', `/v1/keys/${key.id}/rotate`, { key: admin, body });
      const tooLong = expectProblem(await asAdmin({ expires_at: isoIn(service.clock, 30 * DAY + SECOND) }), 422, 'TTL_EXCEEDS_POLICY');
      expect(tooLong.errors).toEqual([{ path: 'body.expires_at', message: expect.stringContaining('30 days') }]);
      const never = expectProblem(await asAdmin({ expires_at: null }), 422, 'TTL_EXCEEDS_POLICY');
      expect(never.errors?.map((e) => e.path)).toEqual(['body.expires_at']);
      // Nothing was rotated; the longest lifetime allowed is fine.
      expect((await myself(key.secret)).status).toBe(200);
      const longest = (await asAdmin({ expires_at: isoIn(service.clock, 30 * DAY) })).body as ApiKeyWithSecret;
      expect(longest.expires_at).toBe(isoIn(service.clock, 30 * DAY));
    });
  });

  describe('404 / 409', () => {
    it('KEY_NOT_FOUND for an unknown id, KEY_REVOKED for a revoked key', async () => {
      expectProblem(await rotate('key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K', {}), 404, 'KEY_NOT_FOUND');
      const key = await aKey();
      await call(service, 'POST', `/v1/keys/${key.id}/revoke`, { key: service.adminKey, body: {} });
      expectProblem(await rotate(key.id, {}), 409, 'KEY_REVOKED');
    });
  });
});
