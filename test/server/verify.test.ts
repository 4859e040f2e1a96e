/**
 * POST /v1/keys/verify, the hot path: a verdict on the presented key with a code from the
 * contract's list, decided in the documented order; 401/403 only ever about the calling key.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  call,
  createKey,
  expectProblem,
  HOUR,
  isoIn,
  MINUTE,
  neverIssuedSecret,
  verify,
  withChecksumOffByOne,
  type ApiKeyWithSecret,
} from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('POST /v1/keys/verify', () => {
  let service: TestService;
  let gateway: ApiKeyWithSecret;
  beforeAll(async () => {
    service = await startService();
    gateway = await createKey(service, { name: 'gateway', scopes: ['keys:verify'] });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await service.close();
  });

  const check = (body: Parameters<typeof verify>[1]) => verify(service, body, gateway.secret);

  describe('200 valid', () => {
    it('VALID with the key, its effective scopes, metadata and rate-limit state', async () => {
      const key = await createKey(service, { name: 'production-agent', scopes: ['keys:write'], metadata: { service: 'agent' } });
      const verdict = await check({ key: key.secret, required_scopes: ['keys:read'], ip: '203.0.113.7' });
      expect(verdict).toEqual({
        valid: true,
        code: 'VALID',
        detail: 'The key is valid for this request.',
        key: {
          id: key.id,
          organization_id: key.organization_id,
          name: 'production-agent',
          scopes: ['keys:write'],
          effective_scopes: ['keys:read', 'keys:write'],
          metadata: { service: 'agent' },
          expires_at: key.expires_at,
          status: 'active',
        },
        rate_limit: { limit: 10_000, remaining: 9_999, reset_seconds: expect.any(Number) },
      });
    });

    it('records the key as used (last_used_at) within moments', async () => {
      const key = await createKey(service, { name: 'used' });
      expect(key.last_used_at).toBeNull();
      await check({ key: key.secret });
      const usedAt = new Date(service.clock.now()).toISOString();
      await expect
        .poll(async () => (await call(service, 'GET', `/v1/keys/${key.id}`, { key: service.adminKey })).body.last_used_at, { timeout: 3000 })
        .toBe(usedAt);
    });
  });

  describe('200 refused, one code per reason', () => {
    it('MALFORMED for a mistyped checksum, answered without looking the key up', async () => {
      const key = await createKey(service, { name: 'typo' });
      const lookup = vi.spyOn(service.store.keys, 'findBySecretHash');
      const verdict = await check({ key: withChecksumOffByOne(key.secret) });
      expect(verdict).toEqual({ valid: false, code: 'MALFORMED', detail: expect.stringContaining('checksum'), key: null });
      expect((await check({ key: 'Bearer something' })).code).toBe('MALFORMED');
      expect(lookup).not.toHaveBeenCalled();
    });

    it('NOT_FOUND for a well-formed key never issued', async () => {
      const verdict = await check({ key: neverIssuedSecret() });
      expect(verdict).toEqual({ valid: false, code: 'NOT_FOUND', detail: expect.any(String), key: null });
    });

    it('EXPIRED at expires_at exactly', async () => {
      const key = await createKey(service, { name: 'expiring', expires_at: isoIn(service.clock, HOUR) });
      service.clock.advance(HOUR - 1);
      expect((await check({ key: key.secret })).code).toBe('VALID');
      service.clock.advance(1);
      expect(await check({ key: key.secret })).toMatchObject({ valid: false, code: 'EXPIRED', key: { id: key.id, status: 'expired' } });
    });

    it('NOT_YET_VALID before not_before', async () => {
      const key = await createKey(service, { name: 'future', not_before: isoIn(service.clock, MINUTE) });
      expect(await check({ key: key.secret })).toMatchObject({ code: 'NOT_YET_VALID', key: { status: 'not_yet_valid' } });
      service.clock.advance(MINUTE);
      expect((await check({ key: key.secret })).code).toBe('VALID');
    });

    it('INSUFFICIENT_SCOPE lists what is missing, including scopes that do not exist', async () => {
      const key = await createKey(service, { name: 'narrow', scopes: ['keys:read'] });
      const verdict = await check({ key: key.secret, required_scopes: ['keys:read', 'keys:write', 'no-such-scope'] });
      expect(verdict).toMatchObject({ valid: false, code: 'INSUFFICIENT_SCOPE', missing_scopes: ['keys:write', 'no-such-scope'] });
    });
  });

  describe('codes are decided in the documented order', () => {
    it('REVOKED before EXPIRED before NOT_YET_VALID before IP_NOT_ALLOWED before INSUFFICIENT_SCOPE before RATE_LIMITED', async () => {
      const everything = {
        scopes: [] as string[],
        ip_rules: [{ action: 'allow' as const, cidr: '10.0.0.0/8' }],
        rate_limit_per_minute: 1,
      };
      const request = (secret: string) => ({ key: secret, required_scopes: ['keys:read'], ip: '192.0.2.1' });

      const revoked = await createKey(service, { name: 'all wrong', ...everything, not_before: isoIn(service.clock, MINUTE), expires_at: isoIn(service.clock, 2 * MINUTE) });
      await call(service, 'POST', `/v1/keys/${revoked.id}/revoke`, { key: service.adminKey, body: {} });
      const expired = await createKey(service, { name: 'expired and more', ...everything, expires_at: isoIn(service.clock, MINUTE) });
      const early = await createKey(service, { name: 'early and more', ...everything, not_before: isoIn(service.clock, 10 * MINUTE) });
      const ip = await createKey(service, { name: 'wrong ip and scope', ...everything });
      const scope = await createKey(service, { name: 'wrong scope', scopes: [], rate_limit_per_minute: 1 });
      service.clock.advance(MINUTE);

      expect((await check(request(revoked.secret))).code).toBe('REVOKED');
      expect((await check(request(expired.secret))).code).toBe('EXPIRED');
      expect((await check(request(early.secret))).code).toBe('NOT_YET_VALID');
      expect((await check(request(ip.secret))).code).toBe('IP_NOT_ALLOWED');
      // Refusals do not use up the rate limit: the scope check answers every time.
      for (let i = 0; i < 3; i++) expect((await check(request(scope.secret))).code).toBe('INSUFFICIENT_SCOPE');
      expect((await check({ key: scope.secret })).code).toBe('VALID');
      expect((await check({ key: scope.secret })).code).toBe('RATE_LIMITED');
    });
  });

  describe('401 / 403 are about the calling key', () => {
    it('403 INSUFFICIENT_SCOPE for a caller without keys:verify, even for a valid presented key', async () => {
      const caller = await createKey(service, { name: 'no verify', scopes: ['keys:read'] });
      const answer = await call(service, 'POST', '/v1/keys/verify', { key: caller.secret, body: { key: gateway.secret } });
      expectProblem(answer, 403, 'INSUFFICIENT_SCOPE');
    });

    it('401 for a revoked caller, whatever it presents', async () => {
      const caller = await createKey(service, { name: 'revoked gateway', scopes: ['keys:verify'] });
      await call(service, 'POST', `/v1/keys/${caller.id}/revoke`, { key: service.adminKey, body: {} });
      expectProblem(await call(service, 'POST', '/v1/keys/verify', { key: caller.secret, body: { key: gateway.secret } }), 401, 'REVOKED_KEY');
    });

    it('a presented key that is revoked is a 200 answer, not a 401', async () => {
      const presented = await createKey(service, { name: 'presented revoked' });
      await call(service, 'POST', `/v1/keys/${presented.id}/revoke`, { key: service.adminKey, body: {} });
      const answer = await call(service, 'POST', '/v1/keys/verify', { key: gateway.secret, body: { key: presented.secret } });
      expect(answer.status).toBe(200);
      expect(answer.body.code).toBe('REVOKED');
    });
  });

  describe('400', () => {
    it('refuses a missing key, an empty key, an unknown field and a bad scope name, naming each', async () => {
      for (const [body, path] of [
        [{}, 'body.key'],
        [{ key: '' }, 'body.key'],
        [{ key: 'x', scopes: ['read'] }, 'body.scopes'],
        [{ key: 'x', required_scopes: ['not a scope'] }, 'body.required_scopes[0]'],
      ] as const) {
        const problem = expectProblem(await call(service, 'POST', '/v1/keys/verify', { key: gateway.secret, body }), 400, 'VALIDATION_FAILED');
        expect(problem.errors?.map((e) => e.path)).toEqual([path]);
      }
    });
  });
});
