import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { startService, type TestService } from '../helpers/service.js';

describe('smoke', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service.close();
  });

  it('creates, verifies, revokes', async () => {
    const admin = service.client();
    const key = unwrap(await admin.api.POST('/v1/keys', { body: { name: 'CRM Sync', scopes: ['keys:read'] } }));
    const me = unwrap(await service.client(key.secret, 'bearer').api.GET('/v1/myself'));
    expect(me.key?.id).toBe(key.id);
    const v = unwrap(await admin.api.POST('/v1/keys/verify', { body: { key: key.secret, required_scopes: ['keys:read'] } }));
    expect(v.code).toBe('VALID');
    unwrap(await admin.api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: key.id } }, body: {} }));
    const after = await service.client(key.secret).api.GET('/v1/myself');
    expect(after.error?.code).toBe('REVOKED_KEY');
    const bad = await service.fetch('/v1/keys', { method: 'POST', headers: { 'x-api-key': service.adminKey, 'content-type': 'application/json' }, body: '{"name": ' });
    expect(bad.status).toBe(400);
    const list = unwrap(await admin.api.GET('/v1/audit-events', { params: { query: { limit: 10 } } }));
    expect(list.data.length).toBeGreaterThan(0);
    const exp = await service.fetch('/v1/keys/export?format=csv', { headers: { 'x-api-key': service.adminKey } });
    expect(exp.status).toBe(200);
  });
});
