/**
 * Refused requests cannot stall the service or fill its disk: refusals reach the audit trail
 * through a bounded, coalescing recorder, and an address (or a key hint) that keeps failing
 * authentication gets 429 before any lookup. Each bound is set low here to be reached.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, createKey, expectProblem, neverIssuedSecret, type AuditEvent } from '../helpers/api.js';
import { startService, type StartOptions, type TestService } from '../helpers/service.js';

let service: TestService | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await service?.close();
  service = undefined;
});

async function start(options: StartOptions): Promise<TestService> {
  service = await startService(options);
  return service;
}

/** Every event that belongs to no organization (refusals of unknown keys), oldest first. */
async function eventsWithoutOrganization(s: TestService): Promise<AuditEvent[]> {
  await s.flushRecorders();
  const answer = await call(s, 'GET', '/v1/audit-events?organization=none&limit=200', { key: s.adminKey });
  return [...answer.body.data].reverse();
}

describe('the refusal recorder', () => {
  it('coalesces repeats of one refusal into one event with a count and the first and last time', async () => {
    const s = await start({});
    const key = await createKey(s, { name: 'revoked' });
    await call(s, 'POST', `/v1/keys/${key.id}/revoke`, { key: s.adminKey, body: {} });
    const first = s.clock.now();
    for (let i = 0; i < 5; i++) {
      expectProblem(await call(s, 'GET', '/v1/myself', { key: key.secret }), 401, 'REVOKED_KEY');
      s.clock.advance(100);
    }
    await s.flushRecorders();
    const events = (await call(s, 'GET', `/v1/audit-events?action=auth.refused&actor_key_id=${key.id}`, { key: s.adminKey })).body.data;
    expect(events).toHaveLength(1);
    expect(events[0].details).toEqual({
      code: 'REVOKED_KEY',
      method: 'GET',
      path: '/v1/myself',
      hint: key.hint,
      count: 5,
      first_at: new Date(first).toISOString(),
      last_at: new Date(first + 400).toISOString(),
    });
  });

  it('past the per-source bound, refusals are folded into one event per code: a new key per request adds no row per request', async () => {
    const s = await start({ refusalRecorder: { detailedPerSourcePerMinute: 3 } });
    const secrets = Array.from({ length: 10 }, () => neverIssuedSecret('operator'));
    for (const secret of secrets) expectProblem(await call(s, 'GET', '/v1/myself', { key: secret }), 401, 'UNKNOWN_KEY');
    const events = (await eventsWithoutOrganization(s)).filter((e) => e.details.code === 'UNKNOWN_KEY');
    expect(events.map((e) => e.details.hint ?? null)).toEqual([...secrets.slice(0, 3).map((secret) => `nm_operator_…${secret.slice(-4)}`), null]);
    expect(events[3]!.details).toMatchObject({ code: 'UNKNOWN_KEY', folded: true, count: 7 });
    expect(JSON.stringify(events)).not.toMatch(/nm_operator_[A-Za-z0-9]{20}/);
  });

  it('past its bound of pending events it drops, counts, and says so in an audit.dropped event', async () => {
    const s = await start({ refusalRecorder: { maxPending: 4 } });
    for (let i = 0; i < 10; i++) await call(s, 'GET', '/v1/myself', { key: neverIssuedSecret('operator') });
    const events = await eventsWithoutOrganization(s);
    expect(events.filter((e) => e.action === 'auth.refused')).toHaveLength(4);
    const dropped = events.filter((e) => e.action === 'audit.dropped');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ organization_id: null, request_id: 'recorder', details: { dropped: 6 } });
  });
});

describe('429 for an address or a key hint that keeps failing authentication', () => {
  it('after the limit an address gets 429 with Retry-After and no lookup, while a key this node knows to be good still works', async () => {
    const s = await start({ failedAuthenticationLimit: 5 });
    const good = await createKey(s, { name: 'good', scopes: ['keys:read'] });
    expect((await call(s, 'GET', '/v1/myself', { key: good.secret })).status).toBe(200);
    s.clock.current = Math.ceil(s.clock.current / 60_000) * 60_000 + 1_000; // the start of a minute

    for (let i = 0; i < 5; i++) expectProblem(await call(s, 'GET', '/v1/myself', { key: neverIssuedSecret('operator') }), 401, 'UNKNOWN_KEY');
    const lookups = vi.spyOn(s.store.keys, 'findBySecretHash');
    const throttled = await call(s, 'GET', '/v1/myself', { key: neverIssuedSecret('operator') });
    const problem = expectProblem(throttled, 429, 'RATE_LIMITED');
    expect(problem.detail).toMatch(/Too many failed authentications from this address/);
    expect(throttled.headers.get('retry-after')).toBe('59');
    expect(throttled.headers.get('ratelimit-policy')).toBe('"default";q=5;w=60');
    expect(lookups).not.toHaveBeenCalled();
    // Malformed keys and missing keys from there get the same answer.
    expectProblem(await call(s, 'GET', '/v1/myself', { key: 'nm_operator_short' }), 429, 'RATE_LIMITED');
    expectProblem(await call(s, 'GET', '/v1/myself'), 429, 'RATE_LIMITED');

    // A key this node knows to be good is not held back (an office behind one address).
    expect((await call(s, 'GET', '/v1/myself', { key: good.secret })).status).toBe(200);
    // The next minute the address may try again.
    s.clock.advance(60_000);
    expectProblem(await call(s, 'GET', '/v1/myself', { key: neverIssuedSecret('operator') }), 401, 'UNKNOWN_KEY');

    // Every refusal is in the trail, the throttled ones too.
    const codes = (await eventsWithoutOrganization(s)).map((e) => [e.details.code, e.details.count ?? 1]);
    expect(codes.filter(([code]) => code === 'RATE_LIMITED').reduce((sum, [, count]) => sum + Number(count), 0)).toBe(3);
  });

  it('a good key whose cache entry is due for a refresh is still looked up from a throttled address', async () => {
    // Cache TTL 0: every request of the good key finds its entry expired and reads the store.
    const s = await start({ failedAuthenticationLimit: 2, cacheTtlMs: 0 });
    const good = await createKey(s, { name: 'good, refreshed each time' });
    expect((await call(s, 'GET', '/v1/myself', { key: good.secret })).status).toBe(200);
    s.clock.current = Math.ceil(s.clock.current / 60_000) * 60_000 + 1_000;
    for (let i = 0; i < 3; i++) await call(s, 'GET', '/v1/myself', { key: neverIssuedSecret('operator') });
    expectProblem(await call(s, 'GET', '/v1/myself', { key: neverIssuedSecret('operator') }), 429, 'RATE_LIMITED');
    const lookups = vi.spyOn(s.store.keys, 'findBySecretHash');
    expect((await call(s, 'GET', '/v1/myself', { key: good.secret })).status).toBe(200);
    expect(lookups).toHaveBeenCalledTimes(1);
  });

  it('the 429 of a throttled address is held before it goes out, so a flooding connection idles', async () => {
    const s = await start({ failedAuthenticationLimit: 1, throttledAnswerHoldMs: 300 });
    s.clock.current = Math.ceil(s.clock.current / 60_000) * 60_000 + 1_000;
    expectProblem(await call(s, 'GET', '/v1/myself', { key: neverIssuedSecret('operator') }), 401, 'UNKNOWN_KEY');
    const held = performance.now();
    expectProblem(await call(s, 'GET', '/v1/myself', { key: neverIssuedSecret('operator') }), 429, 'RATE_LIMITED');
    // A lower bound only (a timer's): how fast anything else goes is for the benchmark.
    expect(performance.now() - held).toBeGreaterThanOrEqual(290);
  });

  it("verification: past the limit, an end client's refusing verdicts are held, unchanged; good keys from it are not refused", async () => {
    const s = await start({ failedAuthenticationLimit: 2, throttledAnswerHoldMs: 300 });
    const gateway = await createKey(s, { name: 'gateway', scopes: ['keys:verify'] });
    const good = await createKey(s, { name: 'good' });
    s.clock.current = Math.ceil(s.clock.current / 60_000) * 60_000 + 1_000;
    const verifyFrom = (key: string, ip?: string) => call(s, 'POST', '/v1/keys/verify', { key: gateway.secret, body: { key, ...(ip ? { ip } : {}) } });
    for (let i = 0; i < 2; i++) expect((await verifyFrom(neverIssuedSecret('operator'), '198.51.100.7')).body.code).toBe('NOT_FOUND');
    const held = performance.now();
    const third = await verifyFrom(neverIssuedSecret('operator'), '198.51.100.7');
    expect(third.status).toBe(200);
    expect(third.body.code).toBe('NOT_FOUND');
    expect(performance.now() - held).toBeGreaterThanOrEqual(290);
    expect((await verifyFrom(good.secret, '198.51.100.7')).body.code).toBe('VALID');
    // The gateway itself is not throttled, nor are other clients behind it.
    expect((await verifyFrom(neverIssuedSecret('operator'), '198.51.100.8')).body.code).toBe('NOT_FOUND');
  });

  it('a revoked key tried from many addresses is throttled by its hint', async () => {
    const s = await start({ failedAuthenticationLimit: 3, trustedProxies: ['127.0.0.1'] });
    const key = await createKey(s, { name: 'leaked' });
    await call(s, 'POST', `/v1/keys/${key.id}/revoke`, { key: s.adminKey, body: {} });
    s.clock.current = Math.ceil(s.clock.current / 60_000) * 60_000 + 1_000;
    const from = (i: number) => call(s, 'GET', '/v1/myself', { key: key.secret, headers: { 'x-forwarded-for': `198.51.100.${i}` } });
    for (let i = 1; i <= 3; i++) expectProblem(await from(i), 401, 'REVOKED_KEY');
    const problem = expectProblem(await from(4), 429, 'RATE_LIMITED');
    expect(problem.detail).toMatch(/from this key/);
    // Another address with another key is not affected.
    const other = await createKey(s, { name: 'other' });
    expect((await call(s, 'GET', '/v1/myself', { key: other.secret, headers: { 'x-forwarded-for': '198.51.100.9' } })).status).toBe(200);
  });
});
