/**
 * Key lifetimes: expiry in the future only, not_before before expiry, the organization's
 * default and maximum lifetime (its key policy), and expiry changed later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { call, createKey, createOrganization, DAY, expectProblem, HOUR, isoIn, MINUTE } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('expiry', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service.close();
  });

  describe('201', () => {
    it('without expires_at: the organization default of 90 days', async () => {
      const key = await createKey(service, { name: 'default' });
      expect(key.expires_at).toBe(isoIn(service.clock, 90 * DAY));
    });

    it('with expires_at: as given, in UTC with milliseconds', async () => {
      const at = new Date(service.clock.now() + 30 * DAY);
      at.setUTCMilliseconds(0);
      const local = at.toISOString().replace('Z', '+00:00').replace('.000', '');
      const key = await createKey(service, { name: 'given', expires_at: local });
      expect(key.expires_at).toBe(at.toISOString());
    });

    it('expires_at: null never expires when the policy has no maximum', async () => {
      const key = await createKey(service, { name: 'forever', expires_at: null });
      expect(key.expires_at).toBeNull();
      service.clock.advance(400 * DAY);
      expect((await call(service, 'GET', '/v1/myself', { key: key.secret })).status).toBe(200);
    });

    it('with not_before before expires_at', async () => {
      const key = await createKey(service, { name: 'window', not_before: isoIn(service.clock, HOUR), expires_at: isoIn(service.clock, DAY) });
      expect(key).toMatchObject({ status: 'not_yet_valid', not_before: isoIn(service.clock, HOUR) });
    });
  });

  describe('422 INVALID_EXPIRY', () => {
    it.each([
      ['in the past', -MINUTE],
      ['exactly now', 0],
    ])('for an expires_at %s', async (_, offset) => {
      const problem = expectProblem(
        await call(service, 'POST', '/v1/keys', { key: service.adminKey, body: { name: 'past', expires_at: isoIn(service.clock, offset) } }),
        422,
        'INVALID_EXPIRY',
      );
      expect(problem.errors).toEqual([{ path: 'body.expires_at', message: expect.stringContaining('in the past') }]);
    });

    it('for expires_at and expires_in together, naming expires_in; nothing is created', async () => {
      const before = await call(service, 'GET', '/v1/keys?name=both', { key: service.adminKey });
      const problem = expectProblem(
        await call(service, 'POST', '/v1/keys', { key: service.adminKey, body: { name: 'both', expires_at: isoIn(service.clock, DAY), expires_in: 3600 } }),
        422,
        'INVALID_EXPIRY',
      );
      expect(problem.errors).toEqual([{ path: 'body.expires_in', message: 'give expires_at or expires_in, not both' }]);
      const after = await call(service, 'GET', '/v1/keys?name=both', { key: service.adminKey });
      expect(after.body.data).toHaveLength(before.body.data.length);
    });

    it('refuses an expires_in that is not a whole number of seconds of at least 1, naming the field', async () => {
      for (const expires_in of [0, -5, 1.5, 'soon']) {
        const problem = expectProblem(await call(service, 'POST', '/v1/keys', { key: service.adminKey, body: { name: 'bad', expires_in } }), 400, 'VALIDATION_FAILED');
        expect(problem.errors?.map((e) => e.path)).toEqual(['body.expires_in']);
      }
    });

    it('for not_before at or after expires_at', async () => {
      for (const notBefore of [2 * DAY, DAY]) {
        const problem = expectProblem(
          await call(service, 'POST', '/v1/keys', {
            key: service.adminKey,
            body: { name: 'inverted', expires_at: isoIn(service.clock, DAY), not_before: isoIn(service.clock, notBefore) },
          }),
          422,
          'INVALID_EXPIRY',
        );
        expect(problem.errors?.map((e) => e.path)).toEqual(['body.not_before']);
      }
      // Against the default expiry, too: the field sent is the one blamed.
      const problem = expectProblem(
        await call(service, 'POST', '/v1/keys', { key: service.adminKey, body: { name: 'late start', not_before: isoIn(service.clock, 91 * DAY) } }),
        422,
        'INVALID_EXPIRY',
      );
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.not_before']);
    });

    it('a date-time that is not RFC 3339 is a 400 naming the field', async () => {
      const problem = expectProblem(
        await call(service, 'POST', '/v1/keys', { key: service.adminKey, body: { name: 'bad date', expires_at: 'next tuesday' } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.expires_at']);
    });
  });

  describe("the organization's key policy", () => {
    let admin: string;
    let organizationId: string;
    beforeAll(async () => {
      const created = await createOrganization(service, { slug: 'policy' });
      admin = created.admin_key.secret;
      organizationId = created.organization.id;
      // The organization's own admin key sets the policy: 7-day default, 30-day maximum.
      const updated = unwrap(
        await service.client(admin).api.PATCH('/v1/organizations/{organization_id}', {
          params: { path: { organization_id: organizationId } },
          body: { key_policy: { default_ttl_seconds: 7 * 86_400, max_ttl_seconds: 30 * 86_400 } },
        }),
      );
      expect(updated.key_policy).toMatchObject({ default_ttl_seconds: 604_800, max_ttl_seconds: 2_592_000 });
    });

    it('gives keys created without expires_at the new default', async () => {
      const key = await createKey(service, { name: 'policy default' }, admin);
      expect(key.expires_at).toBe(isoIn(service.clock, 7 * DAY));
    });

    it('allows exactly the maximum lifetime and refuses one millisecond more with TTL_EXCEEDS_POLICY', async () => {
      const longest = await createKey(service, { name: 'longest', expires_at: isoIn(service.clock, 30 * DAY) }, admin);
      expect(longest.expires_at).toBe(isoIn(service.clock, 30 * DAY));
      const problem = expectProblem(
        await call(service, 'POST', '/v1/keys', { key: admin, body: { name: 'too long', expires_at: isoIn(service.clock, 30 * DAY + 1) } }),
        422,
        'TTL_EXCEEDS_POLICY',
      );
      expect(problem.errors).toEqual([{ path: 'body.expires_at', message: expect.stringContaining('30 days') }]);
    });

    it('expires_in counts on the service clock: exactly the maximum is allowed, a second more is refused naming expires_in', async () => {
      const longest = await createKey(service, { name: 'longest by duration', expires_in: 30 * 86_400 }, admin);
      expect(longest.expires_at).toBe(isoIn(service.clock, 30 * DAY));
      const problem = expectProblem(
        await call(service, 'POST', '/v1/keys', { key: admin, body: { name: 'too long', expires_in: 30 * 86_400 + 1 } }),
        422,
        'TTL_EXCEEDS_POLICY',
      );
      expect(problem.errors).toEqual([{ path: 'body.expires_in', message: expect.stringContaining('at most 30 days') }]);
      // On update the new lifetime counts from the change.
      service.clock.advance(DAY);
      const updated = await call(service, 'PATCH', `/v1/keys/${longest.id}`, { key: admin, body: { expires_in: 30 * 86_400 } });
      expect(updated.body.expires_at).toBe(isoIn(service.clock, 30 * DAY));
      expectProblem(await call(service, 'PATCH', `/v1/keys/${longest.id}`, { key: admin, body: { expires_in: 31 * 86_400 } }), 422, 'TTL_EXCEEDS_POLICY');
    });

    it('refuses expires_at: null (never) with TTL_EXCEEDS_POLICY, on create and on update', async () => {
      const problem = expectProblem(await call(service, 'POST', '/v1/keys', { key: admin, body: { name: 'never', expires_at: null } }), 422, 'TTL_EXCEEDS_POLICY');
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.expires_at']);
      const key = await createKey(service, { name: 'bounded' }, admin);
      expectProblem(await call(service, 'PATCH', `/v1/keys/${key.id}`, { key: admin, body: { expires_at: null } }), 422, 'TTL_EXCEEDS_POLICY');
      const read = await call(service, 'GET', `/v1/keys/${key.id}`, { key: admin });
      expect(read.body.expires_at).toBe(key.expires_at);
    });

    it('refuses a policy whose default is longer than its maximum (INVALID_POLICY), keeping the old one', async () => {
      const answer = await call(service, 'PATCH', `/v1/organizations/${organizationId}`, {
        key: admin,
        body: { key_policy: { max_ttl_seconds: 86_400 } },
      });
      const problem = expectProblem(answer, 422, 'INVALID_POLICY');
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.key_policy.default_ttl_seconds']);
      const org = await call(service, 'GET', `/v1/organizations/${organizationId}`, { key: admin });
      expect(org.body.key_policy.max_ttl_seconds).toBe(2_592_000);
    });

    it('existing keys keep their expiry when the policy changes', async () => {
      const created = await createOrganization(service, { slug: 'policy2' });
      const key = await createKey(service, { name: 'before the policy', expires_at: null }, created.admin_key.secret);
      unwrap(
        await service.client(created.admin_key.secret).api.PATCH('/v1/organizations/{organization_id}', {
          params: { path: { organization_id: created.organization.id } },
          body: { key_policy: { max_ttl_seconds: 30 * 86_400, default_ttl_seconds: 86_400 } },
        }),
      );
      const read = await call(service, 'GET', `/v1/keys/${key.id}`, { key: created.admin_key.secret });
      expect(read.body.expires_at).toBeNull();
      expect((await call(service, 'GET', '/v1/myself', { key: key.secret })).status).toBe(200);
    });
  });

  describe('200: expiry updated later', () => {
    it('moves the expiry; the key works past its old expiry and stops at the new one', async () => {
      const key = await createKey(service, { name: 'extended', expires_at: isoIn(service.clock, HOUR) });
      const later = isoIn(service.clock, 2 * HOUR);
      const updated = unwrap(
        await service.client().api.PATCH('/v1/keys/{key_id}', { params: { path: { key_id: key.id } }, body: { expires_at: later } }),
      );
      expect(updated.expires_at).toBe(later);
      service.clock.advance(HOUR + MINUTE);
      expect((await call(service, 'GET', '/v1/myself', { key: key.secret })).status).toBe(200);
      service.clock.advance(HOUR);
      expectProblem(await call(service, 'GET', '/v1/myself', { key: key.secret }), 401, 'EXPIRED_KEY');
    });

    it('an expired key can be given a new expiry and works again', async () => {
      const key = await createKey(service, { name: 'revived', expires_at: isoIn(service.clock, MINUTE) });
      service.clock.advance(2 * MINUTE);
      expectProblem(await call(service, 'GET', '/v1/myself', { key: key.secret }), 401, 'EXPIRED_KEY');
      const updated = await call(service, 'PATCH', `/v1/keys/${key.id}`, { key: service.adminKey, body: { expires_at: isoIn(service.clock, DAY) } });
      expect(updated.body.status).toBe('active');
      expect((await call(service, 'GET', '/v1/myself', { key: key.secret })).status).toBe(200);
    });

    it('refuses an update to a past expiry (INVALID_EXPIRY) and a not_before after the current expiry', async () => {
      const key = await createKey(service, { name: 'not backwards', expires_at: isoIn(service.clock, DAY) });
      expectProblem(
        await call(service, 'PATCH', `/v1/keys/${key.id}`, { key: service.adminKey, body: { expires_at: isoIn(service.clock, -1) } }),
        422,
        'INVALID_EXPIRY',
      );
      const problem = expectProblem(
        await call(service, 'PATCH', `/v1/keys/${key.id}`, { key: service.adminKey, body: { not_before: isoIn(service.clock, 2 * DAY) } }),
        422,
        'INVALID_EXPIRY',
      );
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.not_before']);
      const read = await call(service, 'GET', `/v1/keys/${key.id}`, { key: service.adminKey });
      expect(read.body).toMatchObject({ expires_at: key.expires_at, not_before: null });
    });

    it('changing only the name leaves expires_at alone, even once it is within the past', async () => {
      const key = await createKey(service, { name: 'renamed', expires_at: isoIn(service.clock, MINUTE) });
      service.clock.advance(2 * MINUTE);
      const updated = await call(service, 'PATCH', `/v1/keys/${key.id}`, { key: service.adminKey, body: { name: 'renamed again' } });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ name: 'renamed again', expires_at: key.expires_at, status: 'expired' });
    });
  });
});
