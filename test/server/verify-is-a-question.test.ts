/**
 * A verification is a question, not a change: it writes nothing on the request path (the
 * database files are byte-for-byte the same after any number of verifications, valid or
 * refused, until the recorders flush) and it is never replayed, whatever Idempotency-Key a
 * client sends.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKeyplaneClient, unwrap } from '../../src/client/index.js';
import { call, createKey, neverIssuedSecret, withChecksumOffByOne, type ApiKeyWithSecret } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('POST /v1/keys/verify is a question', () => {
  let service: TestService;
  let gateway: ApiKeyWithSecret;
  beforeAll(async () => {
    service = await startService();
    gateway = await createKey(service, { name: 'gateway', scopes: ['keys:verify'] });
  });
  afterAll(async () => {
    await service.close();
  });

  const verifyRaw = (body: unknown, headers: Record<string, string> = {}) =>
    call(service, 'POST', '/v1/keys/verify', { key: gateway.secret, body, headers });

  /** The bytes of the database and its write-ahead log, hashed. */
  const databaseBytes = async () => {
    const hash = createHash('sha256');
    for (const file of [service.dbPath, `${service.dbPath}-wal`]) hash.update(await readFile(file).catch(() => Buffer.alloc(0)));
    return hash.digest('hex');
  };

  it('valid and refused verifications leave the database files byte-for-byte unchanged; the recorders write later', async () => {
    const valid = await createKey(service, { name: 'valid' });
    const revoked = await createKey(service, { name: 'revoked' });
    await call(service, 'POST', `/v1/keys/${revoked.id}/revoke`, { key: service.adminKey, body: {} });
    // Warm the gateway key and flush what its creation queued, so only verifications remain.
    await verifyRaw({ key: valid.secret });
    await service.flushRecorders();
    const transaction = vi.spyOn(service.store, 'transaction');

    const before = await databaseBytes();
    const codes: string[] = [];
    for (const key of [valid.secret, revoked.secret, neverIssuedSecret('operator'), withChecksumOffByOne(valid.secret), 'not a key']) {
      for (let i = 0; i < 3; i++) codes.push((await verifyRaw({ key }, { 'Idempotency-Key': `retry-${i}` })).body.code);
    }
    expect(new Set(codes)).toEqual(new Set(['VALID', 'REVOKED', 'NOT_FOUND', 'MALFORMED']));
    expect(await databaseBytes()).toBe(before);
    expect(transaction).not.toHaveBeenCalled();
    transaction.mockRestore();

    // What the requests noted lands when the recorders flush: the use, and the refusals,
    // coalesced (three identical refusals of the revoked key are one event counting three).
    await service.flushRecorders();
    expect(await databaseBytes()).not.toBe(before);
    const audit = await call(service, 'GET', `/v1/audit-events?action=auth.refused&target_id=${revoked.id}`, { key: service.adminKey });
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0].details).toMatchObject({ code: 'REVOKED', via: 'verify', count: 3 });
    expect((await call(service, 'GET', `/v1/keys/${valid.id}`, { key: service.adminKey })).body.last_used_at).not.toBeNull();
  });

  it('a retried verification with the same Idempotency-Key judges the key as it is now: REVOKED after a revoke', async () => {
    const key = await createKey(service, { name: 'revoked between retries' });
    const first = await verifyRaw({ key: key.secret }, { 'Idempotency-Key': 'gateway-retry-1' });
    expect(first.body.code).toBe('VALID');
    await call(service, 'POST', `/v1/keys/${key.id}/revoke`, { key: service.adminKey, body: {} });
    const retry = await verifyRaw({ key: key.secret }, { 'Idempotency-Key': 'gateway-retry-1' });
    expect(retry.status).toBe(200);
    expect(retry.body.code).toBe('REVOKED');
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('the typed client sends an Idempotency-Key with a create but none with a verification', async () => {
    const sent: Array<[string, string | null]> = [];
    const client = createKeyplaneClient({
      endpoint: service.url,
      apiKey: service.adminKey,
      retries: false,
      fetch: (request: Request) => {
        sent.push([new URL(request.url).pathname, request.headers.get('idempotency-key')]);
        return fetch(request);
      },
    });
    const created = unwrap(await client.api.POST('/v1/keys', { body: { name: 'client verify' } }));
    expect(unwrap(await client.api.POST('/v1/keys/verify', { body: { key: created.secret } })).code).toBe('VALID');
    expect(sent).toEqual([
      ['/v1/keys', expect.stringMatching(/^[0-9a-f-]{36}$/)],
      ['/v1/keys/verify', null],
    ]);
  });
});
