/**
 * Calls to the service as values (src/provider/service-result.ts): data, the service's
 * refusal with its status, no answer at all; and a bug still throws.
 */
import { describe, expect, it } from 'vitest';
import { createKeyplaneClient, KeyplaneNetworkError } from '../../src/client/index.js';
import { callService, problemReference } from '../../src/provider/service-result.js';
import { neverIssuedSecret } from '../helpers/api.js';
import { startService } from '../helpers/service.js';

describe('callService', () => {
  it('gives the data, or the refusal with the status of the answer', async () => {
    const service = await startService();
    try {
      const { data, error } = await callService(service.client().api.GET('/v1/myself'));
      expect(error).toBeUndefined();
      expect(data?.organization.slug).toBe('operator');

      const missing = await callService(service.client().api.GET('/v1/keys/{key_id}', { params: { path: { key_id: 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K' } } }));
      expect(missing).toEqual({ error: { status: 404, problem: expect.objectContaining({ code: 'KEY_NOT_FOUND', status: 404 }) } });
      expect(problemReference(missing.error as never)).toMatch(/^\(KEY_NOT_FOUND, HTTP 404, request \S+\)$/);

      const stranger = createKeyplaneClient({ endpoint: service.url, apiKey: neverIssuedSecret('operator'), retries: false });
      expect((await callService(stranger.api.GET('/v1/keys'))).error?.status).toBe(401);
    } finally {
      await service.close();
    }
  });

  it("words no answer as the client's error does", async () => {
    const client = createKeyplaneClient({ endpoint: 'http://127.0.0.1:9', apiKey: 'nm_x_y', retries: false });
    const thrown = await client.api.GET('/v1/keys').catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(KeyplaneNetworkError);
    expect(await callService(client.api.GET('/v1/keys'))).toEqual({ error: { unreachable: (thrown as Error).message } });
  });

  it('throws anything else on: a bug is no failure of the service', async () => {
    await expect(callService(Promise.reject(new TypeError('x is undefined')))).rejects.toThrow('x is undefined');
  });
});
