import { afterEach, describe, expect, it } from 'vitest';

import { isProblem, KeyplaneProblemError, unwrap } from '../../src/client/index.js';
import { problemBody, sendJson, sendProblem, startStubServer, type StubServer } from '../helpers/stub-server.js';
import { API_KEY_BODY, CREATE_KEY_REQUEST, CREATED_KEY_BODY, KEY_ID, testClient } from './fixtures.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const getKey = { params: { path: { key_id: KEY_ID } } };

const PROXY_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>\r\n</html>\r\n';

describe('problem answers', () => {
  it('come back as a typed error value', async () => {
    server = await startStubServer((_req, res) => sendProblem(res, 404, 'KEY_NOT_FOUND'));
    const { data, error, response } = await testClient(server.url).api.GET('/v1/keys/{key_id}', getKey);
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual(problemBody(404, 'KEY_NOT_FOUND'));
  });

  it('make unwrap throw KeyplaneProblemError with status, code and request id', async () => {
    server = await startStubServer((_req, res) => sendProblem(res, 422, 'INVALID_IP_RULE'));
    const result = await testClient(server.url).api.POST('/v1/keys', { body: CREATE_KEY_REQUEST });
    let thrown: unknown;
    try {
      unwrap(result);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KeyplaneProblemError);
    expect(thrown).toBeInstanceOf(Error);
    const error = thrown as KeyplaneProblemError;
    expect(error.name).toBe('KeyplaneProblemError');
    expect(error.status).toBe(422);
    expect(error.code).toBe('INVALID_IP_RULE');
    expect(error.requestId).toBe('req_stub_invalid_ip_rule');
    expect(error.problem).toEqual(problemBody(422, 'INVALID_IP_RULE'));
    expect(error.message).toBe('Stub INVALID_IP_RULE: stub INVALID_IP_RULE (INVALID_IP_RULE, HTTP 422, request req_stub_invalid_ip_rule)');
  });

  it('unwrap returns data on success, and undefined for a 204', async () => {
    server = await startStubServer((req, res) => {
      if (req.method === 'DELETE') {
        res.writeHead(204);
        res.end();
      } else sendJson(res, 201, CREATED_KEY_BODY);
    });
    const client = testClient(server.url);
    const created = unwrap(await client.api.POST('/v1/keys', { body: CREATE_KEY_REQUEST }));
    expect(created.secret).toBe(CREATED_KEY_BODY.secret);
    expect(unwrap(await client.api.DELETE('/v1/scopes/{scope_name}', { params: { path: { scope_name: 'write' } } }))).toBeUndefined();
  });
});

describe('error answers without a problem document', () => {
  it("turn a proxy's HTML 502 into an UNEXPECTED_RESPONSE problem with the same status", async () => {
    server = await startStubServer((_req, res) => {
      res.writeHead(502, 'Bad Gateway', { 'Content-Type': 'text/html', 'X-Request-Id': 'lb-7f3a' });
      res.end(PROXY_502);
    });
    const { error, response } = await testClient(server.url, { retries: { maxAttempts: 2, baseDelayMs: 0 } }).api.GET(
      '/v1/keys/{key_id}',
      getKey,
    );
    expect(server.requests).toHaveLength(2); // a 502 is retried first
    expect(response.status).toBe(502);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
    expect(isProblem(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
      status: 502,
      title: 'Unexpected response from the server',
      instance: `/v1/keys/${KEY_ID}`,
      request_id: 'lb-7f3a',
    });
    expect(error?.detail).toContain('HTTP 502 Bad Gateway with a body of type text/html');
    expect(error?.detail).toContain('<h1>502 Bad Gateway</h1>');

    const thrown = (() => {
      try {
        return unwrap({ error, response });
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(KeyplaneProblemError);
    expect(thrown).toMatchObject({ status: 502, code: 'UNEXPECTED_RESPONSE', requestId: 'lb-7f3a' });
  });

  it('handle an empty body', async () => {
    server = await startStubServer((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    const { error } = await testClient(server.url, { retries: false }).api.GET('/v1/keys/{key_id}', getKey);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 503, request_id: '' });
    expect(error?.detail).toContain('an empty body');
  });

  it('handle JSON that is not a problem', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 500, { message: 'Internal Server Error' }));
    const { error } = await testClient(server.url).api.GET('/v1/keys/{key_id}', getKey);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 500 });
    expect(error?.detail).toContain('Internal Server Error');
    expect(server.requests).toHaveLength(1);
  });

  it('leave successful answers alone', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 200, API_KEY_BODY));
    const { data, response } = await testClient(server.url).api.GET('/v1/keys/{key_id}', getKey);
    expect(data).toEqual(API_KEY_BODY);
    expect(response.headers.get('Content-Type')).toBe('application/json');
  });
});

describe('isProblem', () => {
  it.each([
    { value: problemBody(404, 'KEY_NOT_FOUND'), expected: true },
    { value: { ...problemBody(400, 'VALIDATION_FAILED'), errors: [{ path: 'body.name', message: 'required' }] }, expected: true },
    { value: { ...problemBody(400, 'VALIDATION_FAILED'), errors: 'x' }, expected: false },
    { value: { ...problemBody(404, 'KEY_NOT_FOUND'), status: '404' }, expected: false },
    { value: { code: 'KEY_NOT_FOUND', status: 404 }, expected: false },
    { value: '<html>', expected: false },
    { value: null, expected: false },
    { value: [problemBody(404, 'KEY_NOT_FOUND')], expected: false },
  ])('$value -> $expected', ({ value, expected }) => {
    expect(isProblem(value)).toBe(expected);
  });
});
