import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { startPostgres, type RunningPostgres } from '../helpers/postgres.js';
import { startService, type TestService } from '../helpers/service.js';

/**
 * Two nodes of the service on one PostgreSQL database, as in a multi-node deployment:
 * what one node writes the other serves, and a revocation made on one node reaches the
 * other within the documented bound, the cache TTL.
 */
describe('two nodes sharing PostgreSQL', () => {
  const cacheTtlMs = 1_000;
  const serverSecret = randomBytes(32);
  let postgres: RunningPostgres;
  let stores: Store[];
  let a: TestService;
  let b: TestService;

  beforeAll(async () => {
    postgres = await startPostgres();
    stores = [openPostgresStore({ connectionString: postgres.connectionString }), openPostgresStore({ connectionString: postgres.connectionString })];
    a = await startService({ store: stores[0], serverSecret, cacheTtlMs });
    // The second node finds the organization the first one bootstrapped: it makes none.
    b = await startService({ store: stores[1], serverSecret, cacheTtlMs });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const store of stores ?? []) await store.close();
    await postgres?.stop();
  });

  it('bootstraps once: the second node reuses the first admin key', async () => {
    expect(b.adminKey).toBe('');
    const me = unwrap(await b.client(a.adminKey).api.GET('/v1/myself'));
    expect(me.key?.id).toBe(a.adminKeyId);
  });

  it('serves on one node a key created on the other, and sees its revocation within the cache TTL', async () => {
    const created = unwrap(await a.client().api.POST('/v1/keys', { body: { name: 'shared', scopes: ['keys:read'] } }));
    const onB = b.client(created.secret);
    expect(unwrap(await onB.api.GET("/v1/myself")).key?.id).toBe(created.id);

    unwrap(await a.client().api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: created.id } }, body: {} }));
    // Immediate on the node that revoked.
    expect((await a.client(created.secret).api.GET('/v1/myself')).error?.code).toBe('REVOKED_KEY');

    // Node B may still serve its cached copy, but for no longer than the TTL.
    const revokedAt = Date.now();
    let code: string | undefined;
    while (Date.now() - revokedAt < cacheTtlMs + 2_000) {
      code = (await onB.api.GET('/v1/myself')).error?.code;
      if (code === 'REVOKED_KEY') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(code).toBe('REVOKED_KEY');
    expect(Date.now() - revokedAt).toBeLessThan(cacheTtlMs + 1_000);
  });

  it('runs the whole key life cycle on PostgreSQL: scopes, verify, rotate, list, audit, export', async () => {
    const admin = b.client(a.adminKey);
    unwrap(await admin.api.POST('/v1/scopes', { body: { name: 'read' } }));
    unwrap(await admin.api.POST('/v1/scopes', { body: { name: 'write', includes: ['read'] } }));
    const key = unwrap(
      await admin.api.POST('/v1/keys', {
        body: { name: 'ci-pipeline', scopes: ['write'], ip_rules: [{ action: 'allow', cidr: '2001:db8::/32' }] },
      }),
    );
    const verdict = unwrap(await admin.api.POST('/v1/keys/verify', { body: { key: key.secret, required_scopes: ['read'], ip: '2001:db8::7' } }));
    expect(verdict.code).toBe('VALID');
    const rotated = unwrap(await a.client().api.POST('/v1/keys/{key_id}/rotate', { params: { path: { key_id: key.id } }, body: { grace_period: 3600 } }));
    for (const secret of [key.secret, rotated.secret]) {
      const check = unwrap(await admin.api.POST('/v1/keys/verify', { body: { key: secret, ip: '2001:db8::7' } }));
      expect(check.code).toBe('VALID');
    }
    const listed = unwrap(await admin.api.GET('/v1/keys', { params: { query: { scope: 'write' } } }));
    expect(listed.data.map((k) => k.id)).toEqual([key.id]);
    const events = unwrap(await admin.api.GET('/v1/audit-events', { params: { query: { target_id: key.id } } }));
    expect(events.data.map((e) => e.action)).toEqual(['key.rotated', 'key.created']);
    const exported = await b.fetch('/v1/keys/export?format=csv', { headers: { 'x-api-key': a.adminKey } });
    const csv = await exported.text();
    expect(csv).toContain(key.id);
    expect(csv).not.toContain(key.secret);
    expect(csv).not.toContain(rotated.secret);
  });
});
