/**
 * Rate limits: requests a minute per key from the organization's plan (Free 60), lowered per
 * key, 429 with Retry-After and the RateLimit headers, recovery in the next window, and on
 * verify the presented key's limit (RATE_LIMITED) rather than the caller's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { call, createKey, createOrganization, expectProblem, SECOND, startOfNextMinute, verify } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('rate limits', () => {
  let service: TestService;
  let freeAdmin: string;
  beforeAll(async () => {
    service = await startService();
    const created = await createOrganization(service, { slug: 'freeplan', plan: 'free' });
    expect(created.organization).toMatchObject({ plan: 'free', effective_rate_limit_per_minute: 60 });
    freeAdmin = created.admin_key.secret;
  });
  afterAll(async () => {
    await service.close();
  });

  const myself = (secret: string) => call(service, 'GET', '/v1/myself', { key: secret });

  describe('429', () => {
    it('the 61st request of a minute on the free plan, with Retry-After and RateLimit headers, then recovery', async () => {
      const key = await createKey(service, { name: 'busy' }, freeAdmin);
      startOfNextMinute(service.clock);
      for (let i = 1; i <= 60; i++) {
        const answer = await myself(key.secret);
        expect(answer.status).toBe(200);
        expect(answer.headers.get('ratelimit-policy')).toBe('"default";q=60;w=60');
        expect(answer.headers.get('ratelimit')).toBe(`"default";r=${60 - i};t=60`);
        expect(answer.headers.get('retry-after')).toBeNull();
      }
      const limited = await myself(key.secret);
      const problem = expectProblem(limited, 429, 'RATE_LIMITED');
      expect(problem.detail).toContain('60 requests a minute');
      expect(limited.headers.get('retry-after')).toBe('60');
      expect(limited.headers.get('ratelimit-policy')).toBe('"default";q=60;w=60');
      expect(limited.headers.get('ratelimit')).toBe('"default";r=0;t=60');

      // Later in the same window: still refused, and Retry-After counts down.
      service.clock.advance(45 * SECOND);
      const still = await myself(key.secret);
      expectProblem(still, 429, 'RATE_LIMITED');
      expect(still.headers.get('retry-after')).toBe('15');
      expect(still.headers.get('ratelimit')).toBe('"default";r=0;t=15');

      // The next window: allowed again, with a fresh budget.
      service.clock.advance(15 * SECOND);
      const recovered = await myself(key.secret);
      expect(recovered.status).toBe(200);
      expect(recovered.headers.get('ratelimit')).toBe('"default";r=59;t=60');
    });

    it('counts per key: another key of the same organization is not limited by the first', async () => {
      const first = await createKey(service, { name: 'first' }, freeAdmin);
      const second = await createKey(service, { name: 'second' }, freeAdmin);
      startOfNextMinute(service.clock);
      for (let i = 0; i < 60; i++) await myself(first.secret);
      expectProblem(await myself(first.secret), 429, 'RATE_LIMITED');
      const other = await myself(second.secret);
      expect(other.status).toBe(200);
      expect(other.headers.get('ratelimit')).toBe('"default";r=59;t=60');
    });

    it('a per-key limit lower than the plan applies instead', async () => {
      const key = await createKey(service, { name: 'capped', rate_limit_per_minute: 5 }, freeAdmin);
      startOfNextMinute(service.clock);
      for (let i = 1; i <= 5; i++) {
        const answer = await myself(key.secret);
        expect(answer.status).toBe(200);
        expect(answer.headers.get('ratelimit-policy')).toBe('"default";q=5;w=60');
      }
      const limited = await myself(key.secret);
      expectProblem(limited, 429, 'RATE_LIMITED');
      expect(limited.headers.get('ratelimit-policy')).toBe('"default";q=5;w=60');
      // Raising the key's own limit applies to its next request.
      unwrap(await service.client(freeAdmin).api.PATCH('/v1/keys/{key_id}', { params: { path: { key_id: key.id } }, body: { rate_limit_per_minute: 10 } }));
      const raised = await myself(key.secret);
      expect(raised.status).toBe(200);
      expect(raised.headers.get('ratelimit-policy')).toBe('"default";q=10;w=60');
    });
  });

  describe('422', () => {
    it('INVALID_RATE_LIMIT for a per-key limit above the plan', async () => {
      const problem = expectProblem(
        await call(service, 'POST', '/v1/keys', { key: freeAdmin, body: { name: 'greedy', rate_limit_per_minute: 61 } }),
        422,
        'INVALID_RATE_LIMIT',
      );
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.rate_limit_per_minute']);
    });

    it('INVALID_RATE_LIMIT for an enterprise organization without its agreed figure', async () => {
      const answer = await call(service, 'POST', '/v1/organizations', {
        key: service.adminKey,
        body: { slug: 'bigcorp', name: 'Big Corp', plan: 'enterprise' },
      });
      expect(expectProblem(answer, 422, 'INVALID_RATE_LIMIT').errors?.map((e) => e.path)).toEqual(['body.rate_limit_per_minute']);
    });
  });

  describe('plans', () => {
    it('an operator moving the organization to team raises every key to 500 on its next request', async () => {
      const created = await createOrganization(service, { slug: 'upgrade', plan: 'free' });
      const key = created.admin_key.secret;
      expect((await myself(key)).headers.get('ratelimit-policy')).toBe('"default";q=60;w=60');
      const org = unwrap(
        await service.client().api.PATCH('/v1/organizations/{organization_id}', {
          params: { path: { organization_id: created.organization.id } },
          body: { plan: 'team' },
        }),
      );
      expect(org.effective_rate_limit_per_minute).toBe(500);
      expect((await myself(key)).headers.get('ratelimit-policy')).toBe('"default";q=500;w=60');
    });
  });

  describe('on POST /v1/keys/verify', () => {
    it('answers RATE_LIMITED (200) for the presented key over its limit, and never 429s the caller', async () => {
      const gateway = await createKey(service, { name: 'gateway', scopes: ['keys:verify'] }, freeAdmin);
      const presented = await createKey(service, { name: 'client', rate_limit_per_minute: 3 }, freeAdmin);
      startOfNextMinute(service.clock);
      const codes: string[] = [];
      // More calls than the gateway's own 60 a minute: verification does not count against it.
      for (let i = 0; i < 65; i++) {
        const { data, response } = await service.client(gateway.secret).api.POST('/v1/keys/verify', { body: { key: presented.secret } });
        expect(response.status).toBe(200);
        expect(response.headers.get('retry-after')).toBeNull();
        codes.push(data!.code);
        // The presented key's limit is in the headers too, for the gateway to pass on.
        expect(response.headers.get('ratelimit-policy')).toBe('"default";q=3;w=60');
        expect(response.headers.get('ratelimit')).toBe(`"default";r=${Math.max(0, 2 - i)};t=60`);
        if (i === 2) expect(data!.rate_limit).toEqual({ limit: 3, remaining: 0, reset_seconds: 60 });
        if (i === 3) {
          expect(data).toMatchObject({ valid: false, code: 'RATE_LIMITED', key: { id: presented.id }, rate_limit: { limit: 3, remaining: 0, reset_seconds: 60 } });
        }
      }
      expect(codes.slice(0, 3)).toEqual(['VALID', 'VALID', 'VALID']);
      expect(new Set(codes.slice(3))).toEqual(new Set(['RATE_LIMITED']));
      // The gateway's own budget is untouched; the presented key's is spent, for its own calls too.
      const gatewayCall = await myself(gateway.secret);
      expect(gatewayCall.status).toBe(200);
      expect(gatewayCall.headers.get('ratelimit')).toBe('"default";r=59;t=60');
      expectProblem(await myself(presented.secret), 429, 'RATE_LIMITED');

      // A refusal decided before the rate limit spends nothing, so it describes no limit.
      const unknown = await call(service, 'POST', '/v1/keys/verify', { key: gateway.secret, body: { key: 'nm_x_' } });
      expect(unknown.body.code).toBe('MALFORMED');
      expect(unknown.headers.get('ratelimit')).toBeNull();

      // Next window: valid again.
      service.clock.advance(60 * SECOND);
      const verdict = await verify(service, { key: presented.secret }, gateway.secret);
      expect(verdict).toMatchObject({ code: 'VALID', rate_limit: { limit: 3, remaining: 2, reset_seconds: 60 } });
    });

    it('reports the plan limit of the presented key', async () => {
      startOfNextMinute(service.clock);
      const presented = await createKey(service, { name: 'plan client' }, freeAdmin);
      const verdict = await verify(service, { key: presented.secret }, freeAdmin);
      expect(verdict.rate_limit).toEqual({ limit: 60, remaining: 59, reset_seconds: 60 });
    });
  });

  describe('endpoints without a key are limited per address', () => {
    let small: TestService;
    beforeAll(async () => {
      small = await startService({ publicRateLimitPerMinute: 3 });
    });
    afterAll(async () => {
      await small.close();
    });

    it('429 on /health past the public limit, with Retry-After', async () => {
      startOfNextMinute(small.clock);
      for (let i = 0; i < 3; i++) expect((await call(small, 'GET', '/health')).status).toBe(200);
      const limited = await call(small, 'GET', '/health');
      expectProblem(limited, 429, 'RATE_LIMITED');
      expect(limited.headers.get('retry-after')).toBe('60');
      expect(limited.headers.get('ratelimit-policy')).toBe('"default";q=3;w=60');
      small.clock.advance(60 * SECOND);
      expect((await call(small, 'GET', '/ready')).status).toBe(200);
    });
  });
});
