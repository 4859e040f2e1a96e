/**
 * Reads of keys by id, gathered (src/provider/key-reads.ts), against the real service: reads
 * made together become one `GET /v1/keys?id=…` of up to 100 ids, a lone read stays a
 * `GET /v1/keys/{key_id}`, a key the organization does not have reads as null, and a service
 * from before the `id` filter is read a key at a time.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyplaneClient, unwrap } from '../../src/client/index.js';
import { keyReader } from '../../src/provider/key-reads.js';
import { createKey, createOrganization, type ApiKeyWithSecret } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('keyReader', () => {
  let service: TestService;
  let admin: string;
  const keys: ApiKeyWithSecret[] = [];
  let otherOrganizationKey: string;
  const NEVER_MADE = 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K';

  beforeAll(async () => {
    service = await startService();
    const org = await createOrganization(service, { slug: 'gathered' });
    admin = org.admin_key.secret;
    for (let i = 0; i < 120; i++) keys.push(await createKey(service, { name: `key ${i}` }, admin));
    unwrap(await service.client(admin).api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: keys[1]!.id } }, body: {} }));
    otherOrganizationKey = (await createOrganization(service, { slug: 'gatheredother' })).admin_key.id;
  });
  afterAll(async () => {
    await service?.close();
  });

  /** A reader with the provider's key, and the requests it sent (method and path with query). */
  const reader = (endpoint = service.url, apiKey = admin) => {
    const sent: string[] = [];
    const client = createKeyplaneClient({
      endpoint,
      apiKey,
      fetch: (request) => {
        const url = new URL(request.url);
        sent.push(`${request.method} ${url.pathname}${url.search}`);
        return fetch(request);
      },
    });
    return { read: keyReader(client), sent };
  };

  it('reads keys asked for together with one request, the revoked one as it is, and those the organization does not have as null', async () => {
    const { read, sent } = reader();
    const asked = [keys[0]!.id, keys[1]!.id, NEVER_MADE, keys[2]!.id, otherOrganizationKey];
    const results = await Promise.all(asked.map((id) => read(id)));
    expect(sent).toEqual([`GET /v1/keys?${asked.map((id) => `id=${id}`).join('&')}&limit=100`]);
    expect(results.map((result) => result.error)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(results.map((result) => result.data?.id ?? null)).toEqual([keys[0]!.id, keys[1]!.id, null, keys[2]!.id, null]);
    expect(results[1]!.data?.status).toBe('revoked');
    expect(JSON.stringify(results)).not.toContain(keys[0]!.secret);
  });

  it('reads a lone key with GET /v1/keys/{key_id}, and one it does not have as null', async () => {
    const { read, sent } = reader();
    expect((await read(keys[3]!.id)).data?.name).toBe('key 3');
    expect(await read(NEVER_MADE)).toEqual({ data: null });
    expect(sent).toEqual([`GET /v1/keys/${keys[3]!.id}`, `GET /v1/keys/${NEVER_MADE}`]);
  });

  it('names each id once, however many reads ask for it, and at most 100 ids a request', async () => {
    const { read, sent } = reader();
    const asked = [...keys.map((key) => key.id), keys[5]!.id, keys[5]!.id];
    const results = await Promise.all(asked.map((id) => read(id)));
    expect(results.map((result) => result.data?.id)).toEqual(asked);
    expect(sent).toHaveLength(2);
    expect(sent.map((request) => new URLSearchParams(request.split('?')[1]).getAll('id').length)).toEqual([100, 20]);
  });

  it('gives every read of the request the refusal when the service refuses the provider key', async () => {
    const reader403 = reader(service.url, (await createKey(service, { name: 'no scopes', scopes: [] }, admin)).secret);
    const results = await Promise.all([keys[0]!.id, keys[2]!.id].map((id) => reader403.read(id)));
    expect(results.map((result) => [result.error?.status, result.error?.problem?.code])).toEqual([
      [403, 'INSUFFICIENT_SCOPE'],
      [403, 'INSUFFICIENT_SCOPE'],
    ]);
  });

  describe('a service from before the id filter', () => {
    // The previous release refuses a query parameter it does not know, as every release does
    // (the answer below is its answer); it cannot run here, so a proxy in front of today's
    // service answers the list by id as it did and passes everything else through.
    let proxy: http.Server;
    let proxyUrl: string;
    beforeAll(async () => {
      proxy = http.createServer((request, response) => {
        const url = new URL(request.url!, 'http://proxy');
        if (url.pathname === '/v1/keys' && url.searchParams.has('id')) {
          response.writeHead(400, { 'Content-Type': 'application/problem+json' });
          response.end(
            JSON.stringify({
              type: 'https://keyplane.dev/problems/validation-failed',
              title: 'Validation failed',
              status: 400,
              code: 'VALIDATION_FAILED',
              detail: 'The request is not valid: query.id is not a parameter of this operation.',
              instance: '/v1/keys',
              request_id: 'req_01JD3Q6Z8M4Y2W7V5T1R9P0N3K',
              errors: [{ path: 'query.id', message: 'is not a parameter of this operation' }],
            }),
          );
          return;
        }
        const forwarded = http.request(`${service.url}${request.url}`, { method: request.method, headers: request.headers }, (answer) => {
          response.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(response);
        });
        request.pipe(forwarded);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => proxy.close(resolve));
    });

    it('is read a key at a time once it has refused the filter', async () => {
      const { read, sent } = reader(proxyUrl);
      const first = await Promise.all([keys[0]!.id, NEVER_MADE].map((id) => read(id)));
      expect(first.map((result) => result.data?.id ?? null)).toEqual([keys[0]!.id, null]);
      expect(sent).toEqual([`GET /v1/keys?id=${keys[0]!.id}&id=${NEVER_MADE}&limit=100`, `GET /v1/keys/${keys[0]!.id}`, `GET /v1/keys/${NEVER_MADE}`]);
      const second = await Promise.all([keys[2]!.id, keys[3]!.id].map((id) => read(id)));
      expect(second.map((result) => result.data?.name)).toEqual(['key 2', 'key 3']);
      expect(sent.slice(3)).toEqual([`GET /v1/keys/${keys[2]!.id}`, `GET /v1/keys/${keys[3]!.id}`]);
    });
  });
});
