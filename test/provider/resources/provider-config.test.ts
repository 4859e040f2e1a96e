/**
 * The provider configuration: environment fallback, diagnostics at the attribute, unknown
 * values tolerated, and a client that sends nothing once Terraform asked the provider to stop.
 */
import { describe, expect, it } from 'vitest';
import { SchemaCodec, Unknown, isProviderStopped, type CtyValue, type PlanOf } from '../../../src/provider/framework/index.js';
import { configureProvider, configureProviderAndCheckKey, providerSchema } from '../../../src/provider/provider-config.js';
import { organizationOnce } from '../../../src/provider/provider-data.js';
import { apiErrorDiagnostics } from '../../../src/provider/resources/api-errors.js';
import { callService } from '../../../src/provider/service-result.js';
import { createKeyplaneClient, unwrap } from '../../../src/client/index.js';
import { HOUR, createKey, neverIssuedSecret } from '../../helpers/api.js';
import { startService } from '../../helpers/service.js';

const codec = new SchemaCodec(providerSchema);
const config = (values: Record<string, CtyValue>) => codec.complete(values) as PlanOf<typeof providerSchema>;
const signal = new AbortController().signal;

describe('configureProvider', () => {
  it('falls back to KEYPLANE_ENDPOINT and KEYPLANE_API_KEY', () => {
    const result = configureProvider(config({}), { KEYPLANE_ENDPOINT: 'http://127.0.0.1:9', KEYPLANE_API_KEY: 'nm_x_y' }, '1.11.4', signal);
    expect(result.diagnostics).toEqual([]);
    expect(result.data?.client.endpoint).toBe('http://127.0.0.1:9');
  });

  it('reports what is missing or wrong at its attribute, never throwing', () => {
    const missing = configureProvider(config({}), {}, '1.11.4', signal);
    expect(missing.data).toBeUndefined();
    expect(missing.diagnostics?.map((d) => [d.summary, d.path])).toEqual([
      ['Missing endpoint', [{ attribute: 'endpoint' }]],
      ['Missing api_key', [{ attribute: 'api_key' }]],
    ]);
    const bad = configureProvider(config({ endpoint: 'http://user:pw@host', api_key: 'has space', timeout_seconds: 0 }), {}, '1.11.4', signal);
    expect(bad.diagnostics?.map((d) => d.path?.[0])).toEqual([{ attribute: 'timeout_seconds' }]);
    const credentials = configureProvider(config({ endpoint: 'http://user:pw@host', api_key: 'k' }), {}, '1.11.4', signal);
    expect(credentials.diagnostics).toEqual([expect.objectContaining({ summary: 'Invalid endpoint', path: [{ attribute: 'endpoint' }] })]);
    expect(JSON.stringify(credentials.diagnostics)).not.toContain('pw@');
  });

  it('waits for values known only after apply', () => {
    const pending = configureProvider(config({ endpoint: Unknown, api_key: 'k' }), {}, '1.11.4', signal);
    expect(pending).toEqual({ pending: 'endpoint is not known until apply' });
  });

  it('sends nothing once stopped: the call fails at once with a diagnostic that says why', async () => {
    const stop = new AbortController();
    const { data } = configureProvider(config({ endpoint: 'http://127.0.0.1:9', api_key: 'k', max_retries: 3 }), {}, '1.11.4', stop.signal);
    stop.abort();
    const started = Date.now();
    const error = await data!.client.api.GET('/v1/keys').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isProviderStopped(error)).toBe(true);
    const { error: failure } = await callService(data!.client.api.GET('/v1/keys'));
    expect(Date.now() - started).toBeLessThan(1000); // no backoff waits
    expect(apiErrorDiagnostics(failure!, 'list keys')).toEqual([
      expect.objectContaining({ severity: 'error', summary: 'Could not list keys', detail: expect.stringMatching(/asked the provider to stop/) }),
    ]);
  });
});

describe('apiErrorDiagnostics', () => {
  it("says a 401 is about the provider's own api_key, not the key being managed", async () => {
    const service = await startService();
    try {
      const client = createKeyplaneClient({ endpoint: service.url, apiKey: neverIssuedSecret('operator'), retries: false });
      const { error } = await callService(client.api.GET('/v1/keys'));
      const [diagnostic] = apiErrorDiagnostics(error!, 'create the API key');
      expect(diagnostic).toMatchObject({
        summary: 'Could not create the API key',
        detail: expect.stringMatching(/^The provider's api_key \(KEYPLANE_API_KEY, or api_key in the provider "keyplane" block\) was refused: The API key .* is not known\. .*\(UNKNOWN_KEY, HTTP 401/),
      });
    } finally {
      await service.close();
    }
  });
});

describe('configureProviderAndCheckKey: the provider\'s own key, checked when Terraform configures it (plan time)', () => {
  it('says the api_key expired, naming where it comes from, and keeps valid and unreachable cases as they were', async () => {
    const service = await startService();
    try {
      const valid = await createKey(service, { name: 'terraform', scopes: ['keys:write'], expires_at: new Date(service.clock.now() + 2 * HOUR).toISOString() });
      const revoked = await createKey(service, { name: 'terraform (old)', scopes: ['keys:write'] });
      unwrap(await service.client().api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: revoked.id } }, body: {} }));

      const fine = await configureProviderAndCheckKey(config({ endpoint: service.url }), { KEYPLANE_API_KEY: valid.secret }, '1.11.4', signal);
      expect(fine.diagnostics).toEqual([]);
      expect(fine.data).toBeDefined();

      const wasRevoked = await configureProviderAndCheckKey(config({ endpoint: service.url, api_key: revoked.secret }), {}, '1.11.4', signal);
      expect(wasRevoked.data).toBeUndefined();
      expect(wasRevoked.diagnostics).toEqual([
        expect.objectContaining({
          severity: 'error',
          summary: "The provider's api_key was revoked",
          detail: expect.stringMatching(/^The provider's api_key \(api_key in the provider "keyplane" block\) was revoked: .*\(REVOKED_KEY, HTTP 401/),
          path: [{ attribute: 'api_key' }],
        }),
      ]);

      service.clock.advance(3 * HOUR);
      const expired = await configureProviderAndCheckKey(config({ endpoint: service.url }), { KEYPLANE_API_KEY: valid.secret }, '1.11.4', signal);
      expect(expired.data).toBeUndefined();
      expect(expired.diagnostics).toEqual([
        expect.objectContaining({
          severity: 'error',
          summary: "The provider's api_key expired",
          detail: expect.stringMatching(/^The provider's api_key \(KEYPLANE_API_KEY\) expired: .*\(EXPIRED_KEY, HTTP 401/),
        }),
      ]);
      // From the environment there is no attribute to point at.
      expect(expired.diagnostics![0]!.path).toBeUndefined();
      expect(JSON.stringify(expired.diagnostics)).not.toContain(valid.secret);
    } finally {
      await service.close();
    }
  });

  it('leaves an unreachable service to the calls that need it (a plan that only creates does not)', async () => {
    const result = await configureProviderAndCheckKey(config({ endpoint: 'http://127.0.0.1:9', api_key: 'nm_x_y', max_retries: 0 }), {}, '1.11.4', signal);
    expect(result.diagnostics).toEqual([]);
    expect(result.data).toBeDefined();
  });
});

describe("the provider key's organization (read once per provider process, for plan-time policy checks)", () => {
  it('is the answer of the key check itself: no second request, and the policy is there', async () => {
    const service = await startService();
    try {
      const result = await configureProviderAndCheckKey(config({ endpoint: service.url }), { KEYPLANE_API_KEY: service.adminKey }, '1.11.4', signal);
      // Revoking the key now would refuse any further request: the organization must not need one.
      unwrap(await service.client().api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: service.adminKeyId } }, body: {} }));
      const { data: organization } = await result.data!.organization();
      expect(organization).toMatchObject({ id: service.organizationId, slug: 'operator', key_policy: { max_ttl_seconds: null } });
    } finally {
      await service.close();
    }
  });

  it('is read on first use when configure did not read it, and a failure is not kept', async () => {
    const service = await startService();
    try {
      const { data } = configureProvider(config({ endpoint: service.url, max_retries: 0 }), { KEYPLANE_API_KEY: service.adminKey }, '1.11.4', signal);
      const [first, second] = await Promise.all([data!.organization(), data!.organization()]);
      expect(first).toBe(second); // one request, shared
      expect(first.data?.slug).toBe('operator');

      const unreachable = configureProvider(config({ endpoint: 'http://127.0.0.1:9', api_key: 'nm_x_y', max_retries: 0 }), {}, '1.11.4', signal);
      const failed = await unreachable.data!.organization();
      expect(failed.error?.unreachable).toMatch(/^Could not reach the Keyplane service/);
      expect(await unreachable.data!.organization()).not.toBe(failed); // tried again, not a kept failure
    } finally {
      await service.close();
    }
  });
});

describe('organizationOnce', () => {
  it('calls the read at most once while it succeeds, and again after a failure', async () => {
    let calls = 0;
    let fail = true;
    const organization = { slug: 'acme' } as never;
    const once = organizationOnce(async () => {
      calls += 1;
      return fail ? { error: { unreachable: 'unreachable' } } : { data: organization };
    });
    expect(await once()).toEqual({ error: { unreachable: 'unreachable' } });
    fail = false;
    expect(await once()).toEqual({ data: organization });
    expect(await once()).toEqual({ data: organization });
    expect(calls).toBe(2);
    expect(await organizationOnce(async () => Promise.reject(new Error('never read')), organization)()).toEqual({ data: organization });
  });
});
