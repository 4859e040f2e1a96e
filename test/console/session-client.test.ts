/**
 * The client's session mode, which the console uses in the browser: no API key, the cookie
 * sent by the browser (`credentials: 'same-origin'`), `X-CSRF-Token` on every request that
 * is not a GET, an Idempotency-Key on POSTs, against the real service. (Node has no cookie
 * jar: the test's fetch adds the cookie, as a browser does.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionClient, KeyplaneConfigError } from '../../src/client/index.js';
import { newIdempotencyKey } from '../../src/client/idempotency-key.js';
import { setUpOwner, type Person } from '../helpers/people.js';
import { startService, type TestService } from '../helpers/service.js';

describe('createSessionClient', () => {
  let service: TestService;
  let owner: Person;
  const sent: Request[] = [];

  beforeAll(async () => {
    service = await startService();
    owner = await setUpOwner(service);
  });
  afterAll(async () => {
    await service?.close();
  });

  function client(csrf: () => string | null) {
    return createSessionClient({
      endpoint: service.url,
      csrfToken: csrf,
      retries: false,
      fetch: (request) => {
        sent.push(request.clone());
        const headers = new Headers(request.headers);
        headers.set('cookie', `${owner.browser.cookieName}=${owner.browser.token}`);
        return service.fetch(new URL(request.url).pathname + new URL(request.url).search, { method: request.method, headers, body: request.body, duplex: 'half' } as RequestInit);
      },
    }).api;
  }

  it('reads with the cookie alone, and sends no key, no CSRF token and no User-Agent of its own on a GET', async () => {
    sent.length = 0;
    const { data } = await client(() => owner.browser.csrf).GET('/v1/sessions/current');
    expect(data?.member.id).toBe(owner.id);
    const request = sent[0]!;
    expect(request.credentials).toBe('same-origin');
    expect(request.headers.get('x-api-key')).toBeNull();
    expect(request.headers.get('authorization')).toBeNull();
    expect(request.headers.get('x-csrf-token')).toBeNull();
    expect(request.headers.get('user-agent')).toBeNull();
  });

  it('sends the session CSRF token (read at the time of the call) and an Idempotency-Key with a change', async () => {
    sent.length = 0;
    let token: string | null = null;
    const api = client(() => token);
    const refused = await api.POST('/v1/keys', { body: { name: 'from a session' } });
    expect(refused.error?.code).toBe('CSRF_TOKEN_INVALID');
    token = owner.browser.csrf;
    const created = await api.POST('/v1/keys', { body: { name: 'from a session' } });
    expect(created.data?.created_by).toMatchObject({ type: 'member', id: owner.id });
    expect(sent[0]!.headers.get('x-csrf-token')).toBeNull();
    expect(sent[1]!.headers.get('x-csrf-token')).toBe(owner.browser.csrf);
    expect(sent[1]!.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('makes idempotency keys where crypto.randomUUID is missing (a page served over plain HTTP)', () => {
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey()));
      expect(keys.size).toBe(100);
      for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID;
    }
    expect(typeof globalThis.crypto.randomUUID).toBe('function');
  });

  it('refuses options it cannot use, naming what is wrong', () => {
    expect(() => createSessionClient({ endpoint: 'not a url', csrfToken: () => null })).toThrow(KeyplaneConfigError);
    expect(() => createSessionClient({ endpoint: 'https://keys.example.com' } as never)).toThrow(/csrfToken/);
  });
});
