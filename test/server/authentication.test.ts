/**
 * How a calling key is found and judged: both header styles, and one distinct 401 code per
 * reason, each with a WWW-Authenticate challenge. A malformed key is refused without a
 * database lookup.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  call,
  createKey,
  expectProblem,
  HOUR,
  isoIn,
  MINUTE,
  neverIssuedSecret,
  withChecksumOffByOne,
  type ApiKeyWithSecret,
} from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('authentication', () => {
  let service: TestService;
  let reader: ApiKeyWithSecret;
  beforeAll(async () => {
    service = await startService();
    reader = await createKey(service, { name: 'reader', scopes: ['keys:read'] });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await service.close();
  });

  describe('200: both header styles', () => {
    it.each([
      ['X-API-Key', (secret: string) => ({ 'X-API-Key': secret })],
      ['x-api-key in lower case', (secret: string) => ({ 'x-api-key': secret })],
      ['Authorization: Bearer', (secret: string) => ({ Authorization: `Bearer ${secret}` })],
      ['Authorization: bearer (scheme case-insensitive)', (secret: string) => ({ Authorization: `bearer ${secret}` })],
      ['Authorization: BEARER (scheme case-insensitive)', (secret: string) => ({ Authorization: `BEARER ${secret}` })],
      ['both headers with the same key', (secret: string) => ({ 'X-API-Key': secret, Authorization: `Bearer ${secret}` })],
    ])('accepts %s', async (_, headers) => {
      const answer = await call(service, 'GET', '/v1/myself', { headers: headers(reader.secret) });
      expect(answer.status).toBe(200);
      expect(answer.body.key.id).toBe(reader.id);
    });

    it('works the same through the typed client in both styles', async () => {
      for (const style of ['x-api-key', 'bearer'] as const) {
        const { data, response } = await service.client(reader.secret, style).api.GET('/v1/myself');
        expect(response.status).toBe(200);
        expect(data?.key?.id).toBe(reader.id);
        expect(data?.effective_scopes).toEqual(['keys:read']);
      }
    });
  });

  describe('401', () => {
    const challenge = (answer: { headers: Headers }) => answer.headers.get('www-authenticate');

    it('MISSING_KEY without a key, with the challenge naming the scheme', async () => {
      const variants: Array<Record<string, string>> = [{}, { 'x-api-key': '' }, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: 'Bearer' }];
      for (const headers of variants) {
        const answer = await call(service, 'GET', '/v1/keys', { headers });
        expectProblem(answer, 401, 'MISSING_KEY');
        expect(challenge(answer)).toBe('Bearer realm="keyplane"');
      }
    });

    it('MALFORMED_KEY when both headers carry different keys', async () => {
      const answer = await call(service, 'GET', '/v1/myself', {
        headers: { 'X-API-Key': reader.secret, Authorization: `Bearer ${service.adminKey}` },
      });
      const problem = expectProblem(answer, 401, 'MALFORMED_KEY');
      expect(problem.detail).toMatch(/different keys/);
      expect(challenge(answer)).toBe('Bearer realm="keyplane", error="invalid_token"');
    });

    it('MALFORMED_KEY when the Authorization header comes twice, whichever key comes first', async () => {
      for (const pair of [
        [`Bearer ${reader.secret}`, `Bearer ${service.adminKey}`],
        [`Bearer ${service.adminKey}`, `Bearer ${reader.secret}`],
        [`Bearer ${reader.secret}`, `Bearer ${reader.secret}`],
      ]) {
        const answer = await rawGet(service.url, '/v1/myself', { authorization: pair });
        expect(answer.status).toBe(401);
        expect(answer.body).toMatchObject({ code: 'MALFORMED_KEY', detail: expect.stringMatching(/more than one Authorization header/) });
        expect(answer.text).not.toContain(reader.secret);
      }
    });

    it('MALFORMED_KEY for two different X-API-Key headers', async () => {
      const answer = await rawGet(service.url, '/v1/myself', { 'x-api-key': [reader.secret, service.adminKey] });
      expect(answer.status).toBe(401);
      expect(answer.body.code).toBe('MALFORMED_KEY');
    });

    it('MALFORMED_KEY for a checksum off by one character, decided without a database lookup', async () => {
      const lookup = vi.spyOn(service.store.keys, 'findBySecretHash');
      const mistyped = withChecksumOffByOne(reader.secret);
      const variants: Array<Record<string, string>> = [{ 'x-api-key': mistyped }, { authorization: `Bearer ${mistyped}` }];
      for (const headers of variants) {
        const answer = await call(service, 'GET', '/v1/myself', { headers });
        const problem = expectProblem(answer, 401, 'MALFORMED_KEY');
        expect(problem.detail).toMatch(/checksum/);
        expect(answer.text).not.toContain(mistyped);
        expect(challenge(answer)).toBe('Bearer realm="keyplane", error="invalid_token"');
      }
      expect(lookup).not.toHaveBeenCalled();
      // The spy does see lookups: a well-formed unknown key is looked up.
      await call(service, 'GET', '/v1/myself', { key: neverIssuedSecret() });
      expect(lookup).toHaveBeenCalledTimes(1);
    });

    it.each([
      ['not in the key format', 'hello'],
      ['a key with a space inside', 'nm_operator_abc def'],
      ['a key longer than 200 characters', `nm_operator_${'a'.repeat(250)}`],
    ])('MALFORMED_KEY for %s', async (_, presented) => {
      const lookup = vi.spyOn(service.store.keys, 'findBySecretHash');
      expectProblem(await call(service, 'GET', '/v1/myself', { key: presented }), 401, 'MALFORMED_KEY');
      expect(lookup).not.toHaveBeenCalled();
    });

    it('UNKNOWN_KEY for a well-formed key with a valid checksum that was never issued', async () => {
      const answer = await call(service, 'GET', '/v1/myself', { key: neverIssuedSecret() });
      expectProblem(answer, 401, 'UNKNOWN_KEY');
      expect(challenge(answer)).toBe('Bearer realm="keyplane", error="invalid_token"');
    });

    it('EXPIRED_KEY once the clock reaches expires_at (exactly then, not a millisecond before)', async () => {
      const key = await createKey(service, { name: 'short-lived', expires_at: isoIn(service.clock, HOUR) });
      expect((await call(service, 'GET', '/v1/myself', { key: key.secret })).status).toBe(200);
      service.clock.advance(HOUR - 1);
      expect((await call(service, 'GET', '/v1/myself', { key: key.secret })).status).toBe(200);
      service.clock.advance(1);
      const atExpiry = await call(service, 'GET', '/v1/myself', { key: key.secret });
      expectProblem(atExpiry, 401, 'EXPIRED_KEY');
      expect(challenge(atExpiry)).toBe('Bearer realm="keyplane", error="invalid_token"');
      service.clock.advance(MINUTE);
      expectProblem(await call(service, 'GET', '/v1/myself', { key: key.secret }), 401, 'EXPIRED_KEY');
      const read = await call(service, 'GET', `/v1/keys/${key.id}`, { key: service.adminKey });
      expect(read.body.status).toBe('expired');
    });

    it('REVOKED_KEY after a revocation', async () => {
      const key = await createKey(service, { name: 'to revoke' });
      expect((await call(service, 'GET', '/v1/myself', { key: key.secret })).status).toBe(200);
      expect((await call(service, 'POST', `/v1/keys/${key.id}/revoke`, { key: service.adminKey })).status).toBe(200);
      const answer = await call(service, 'GET', '/v1/myself', { bearer: key.secret });
      expectProblem(answer, 401, 'REVOKED_KEY');
      expect(challenge(answer)).toBe('Bearer realm="keyplane", error="invalid_token"');
    });

    it('KEY_NOT_YET_VALID before not_before, then valid once the clock gets there', async () => {
      const key = await createKey(service, { name: 'later', not_before: isoIn(service.clock, HOUR) });
      expect(key.status).toBe('not_yet_valid');
      const early = await call(service, 'GET', '/v1/myself', { key: key.secret });
      expectProblem(early, 401, 'KEY_NOT_YET_VALID');
      expect(challenge(early)).toBe('Bearer realm="keyplane", error="invalid_token"');
      service.clock.advance(HOUR - 1);
      expectProblem(await call(service, 'GET', '/v1/myself', { key: key.secret }), 401, 'KEY_NOT_YET_VALID');
      service.clock.advance(1);
      const onTime = await call(service, 'GET', '/v1/myself', { key: key.secret });
      expect(onTime.status).toBe(200);
      expect(onTime.body.key.status).toBe('active');
    });

    it('a refused key says nothing of the resource: 401 comes before 404', async () => {
      const answer = await call(service, 'GET', '/v1/keys/key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K', { key: neverIssuedSecret() });
      expectProblem(answer, 401, 'UNKNOWN_KEY');
    });
  });

  describe('403', () => {
    it('INSUFFICIENT_SCOPE (not 401) for a valid key without the operation scope, and no challenge', async () => {
      const answer = await call(service, 'POST', '/v1/keys', { key: reader.secret, body: { name: 'x' } });
      const problem = expectProblem(answer, 403, 'INSUFFICIENT_SCOPE');
      expect(problem.detail).toContain('keys:write');
      expect(answer.headers.get('www-authenticate')).toBeNull();
    });
  });
});

/**
 * A GET through node:http, which sends an array header value as repeated header lines (fetch
 * would fold them into one), to see what the service makes of a repeated header.
 */
function rawGet(base: string, path: string, headers: Record<string, string | string[]>): Promise<{ status: number; text: string; body: any }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, base), { method: 'GET', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text, body: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end();
  });
}
