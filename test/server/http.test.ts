/**
 * The HTTP surface around the operations: probes without a key, problem+json for unknown
 * routes (404) and wrong methods (405 with Allow), request ids, and bodies the service refuses
 * without ever answering 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, expectProblem } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('HTTP surface', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service.close();
  });

  describe('200: probes need no key', () => {
    it.each(['/health', '/ready'])('%s answers {status: ok}', async (path) => {
      const answer = await call(service, 'GET', path);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ status: 'ok' });
      expect(answer.headers.get('x-request-id')).toMatch(/^req_[0-9A-HJKMNP-TV-Z]{26}$/);
    });

    it('a key sent to a probe is neither needed nor checked', async () => {
      expect((await call(service, 'GET', '/health', { key: 'not a key at all' })).status).toBe(200);
    });
  });

  describe('404', () => {
    it.each(['/', '/v1', '/v2/keys', '/v1/key', '/v1/keys/key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K/restore'])(
      'NOT_FOUND problem for %s',
      async (path) => {
        const answer = await call(service, 'GET', path, { key: service.adminKey });
        const problem = expectProblem(answer, 404, 'NOT_FOUND');
        expect(problem.instance).toBe(path);
      },
    );

    it('an unknown route answers 404 even without a key', async () => {
      expectProblem(await call(service, 'POST', '/v1/nothing-here', { body: {} }), 404, 'NOT_FOUND');
    });
  });

  describe('405', () => {
    it.each([
      ['DELETE', '/v1/keys', 'GET, POST'],
      ['PUT', '/v1/keys/key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K', 'GET, PATCH'],
      ['PUT', '/v1/keys/verify', 'POST'],
      ['DELETE', '/v1/keys/key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K/revoke', 'POST'],
      ['POST', '/health', 'GET'],
      ['PUT', '/v1/scopes/read', 'GET, PATCH, DELETE'],
    ])('%s %s → METHOD_NOT_ALLOWED with Allow: %s', async (method, path, allow) => {
      const answer = await call(service, method, path, { key: service.adminKey });
      const problem = expectProblem(answer, 405, 'METHOD_NOT_ALLOWED');
      expect(answer.headers.get('allow')).toBe(allow);
      expect(problem.detail).toContain(allow.replaceAll(', ', ' or '));
    });
  });

  describe('a secret put where it does not belong is never echoed', () => {
    it('in the path of a 400 or a 404, nor in the audit trail', async () => {
      const key = await createKey(service, { name: 'pasted in a URL' });
      for (const [method, path] of [
        ['GET', `/v1/keys/${key.secret}`],
        ['GET', `/v1/${key.secret}`],
        ['POST', `/v1/keys/${key.secret}/revoke`],
        // A secret has the form of a scope name: these reach the handler, which answers 404/409.
        ['GET', `/v1/scopes/${key.secret}`],
        ['PATCH', `/v1/scopes/${key.secret}`],
        ['DELETE', `/v1/scopes/${key.secret}`],
      ] as const) {
        const body = method === 'POST' ? {} : method === 'PATCH' ? { description: 'x' } : undefined;
        const answer = await call(service, method, path, { key: service.adminKey, body });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.text).not.toContain(key.secret);
        expect(answer.body.instance).toContain(key.hint);
      }
      // A refused request with the secret in its URL (it has the form of a scope name, so the
      // request gets as far as authentication): the refusal's audit event redacts it.
      const refused = await call(service, 'GET', `/v1/scopes/${key.secret}`);
      expectProblem(refused, 401, 'MISSING_KEY');
      expect(refused.text).not.toContain(key.secret);
      await service.flushRecorders();
      const events = await call(service, 'GET', '/v1/audit-events?organization=none&action=auth.refused', { key: service.adminKey });
      const event = events.body.data.find((e: { request_id: string }) => e.request_id === refused.body.request_id);
      expect(event.details.path).toBe(`/v1/scopes/${key.hint}`);
      expect(events.text).not.toContain(key.secret);
    });
  });

  describe('request ids', () => {
    it('every answer carries X-Request-Id, different each time, equal to the problem request_id', async () => {
      const a = await call(service, 'GET', '/v1/myself', { key: service.adminKey });
      const b = await call(service, 'GET', '/v1/myself');
      expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
      expect(b.body.request_id).toBe(b.headers.get('x-request-id'));
    });
  });

  describe('4xx for what a client may send, never 500', () => {
    const post = (body: string, contentType = 'application/json') =>
      call(service, 'POST', '/v1/keys', { key: service.adminKey, body, headers: { 'content-type': contentType } });

    it('MALFORMED_JSON for broken JSON and an empty JSON body', async () => {
      expectProblem(await post('{"name": '), 400, 'MALFORMED_JSON');
      expectProblem(await post(''), 400, 'MALFORMED_JSON');
    });

    it('VALIDATION_FAILED naming the body for JSON that is not an object', async () => {
      for (const body of ['null', '[]', '"name"', '42']) {
        const problem = expectProblem(await post(body), 400, 'VALIDATION_FAILED');
        expect(problem.errors).toEqual([{ path: 'body', message: 'must be object' }]);
      }
    });

    it('VALIDATION_FAILED for a body nested thousands of levels deep (the validator would overflow its stack)', async () => {
      const deep = `{"name": "x", "scopes": [${'['.repeat(20_000)}${']'.repeat(20_000)}, []]}`;
      const problem = expectProblem(await post(deep), 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([{ path: 'body', message: expect.stringContaining('nested more than 32 levels') }]);
    });

    it('no prototype pollution: __proto__ or constructor.prototype in a body is refused', async () => {
      expectProblem(await post('{"name": "x", "__proto__": {"admin": true}}'), 400, 'MALFORMED_JSON');
      expectProblem(await post('{"name": "x", "constructor": {"prototype": {"admin": true}}}'), 400, 'MALFORMED_JSON');
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('a JSON body sent as text/plain gets 415 on every operation that takes a body, and changes nothing', async () => {
      const operations = service.app.keyplane.contract.operations.filter((operation) => operation.bodyPointer !== null);
      expect(operations.length).toBeGreaterThan(5);
      const before = (await call(service, 'GET', '/v1/keys?limit=200', { key: service.adminKey })).body.data.length;
      for (const operation of operations) {
        const path = operation.routerPath.replace(/:[^/]+/g, 'placeholder');
        const answer = await call(service, operation.method.toUpperCase(), path, {
          key: service.adminKey,
          body: '{"name": "x"}',
          headers: { 'content-type': 'text/plain' },
        });
        const problem = expectProblem(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
        expect(problem.detail, operation.operationId).toMatch(/application\/json/);
      }
      expect((await call(service, 'GET', '/v1/keys?limit=200', { key: service.adminKey })).body.data.length).toBe(before);
    });

    // openapi.yaml documents neither 413 nor 415 for any operation, so these answers would be
    // reported as contract violations: they are sent around the harness's checked fetch.
    const unchecked = (body: string, contentType: string) =>
      fetch(`${service.url}/v1/keys`, { method: 'POST', headers: { 'x-api-key': service.adminKey, 'content-type': contentType }, body });

    it('UNSUPPORTED_MEDIA_TYPE (415) for a form body', async () => {
      const response = await unchecked('name=x', 'application/x-www-form-urlencoded');
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 });
    });

    it('PAYLOAD_TOO_LARGE (413) for a body over 256 KiB', async () => {
      const response = await unchecked(JSON.stringify({ name: 'x', description: 'x'.repeat(300 * 1024) }), 'application/json');
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    });

    it('PATCH with an empty object is a 400 (at least one field)', async () => {
      const key = await createKey(service, { name: 'patched' });
      const problem = expectProblem(await call(service, 'PATCH', `/v1/keys/${key.id}`, { key: service.adminKey, body: {} }), 400, 'VALIDATION_FAILED');
      expect(problem.errors?.[0]?.message).toBe('must set at least one field');
    });
  });
});
