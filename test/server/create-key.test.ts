/**
 * POST /v1/keys: the secret is shown exactly once, in the documented format, and nothing
 * else the service answers ever contains it or its stored hash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { parseSecret, secretHint } from '../../src/core/key-format.js';
import { call, createKey, createOrganization, DAY, expectNoSecrets, expectProblem, storedHashOf } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('POST /v1/keys', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service.close();
  });

  describe('201', () => {
    it('answers the key with its secret, a Location header and the organization defaults', async () => {
      const now = service.clock.now();
      const answer = await call(service, 'POST', '/v1/keys', { key: service.adminKey, body: { name: 'CRM Sync' } });
      expect(answer.status).toBe(201);
      const key = answer.body;
      expect(answer.headers.get('location')).toBe(`/v1/keys/${key.id}`);
      expect(key).toEqual({
        id: expect.stringMatching(/^key_[0-9A-HJKMNP-TV-Z]{26}$/),
        organization_id: service.organizationId,
        name: 'CRM Sync',
        description: null,
        scopes: [],
        // The organization's default lifetime: 90 days.
        expires_at: new Date(now + 90 * DAY).toISOString(),
        not_before: null,
        ip_rules: [],
        metadata: {},
        hint: secretHint(key.secret),
        status: 'active',
        rate_limit_per_minute: null,
        created_at: new Date(now).toISOString(),
        created_by: { type: 'key', id: service.adminKeyId, display: expect.stringMatching(/^Admin \(nm_operator_…\w{4}\)$/) },
        updated_at: new Date(now).toISOString(),
        last_used_at: null,
        revoked_at: null,
        rotated_at: null,
        previous_secret_expires_at: null,
        secret: expect.any(String),
      });
    });

    it('makes a secret nm_<slug>_<32 base62><6 base62 checksum> that parses, with a hint of prefix and last 4', async () => {
      const key = await createKey(service, { name: 'format' });
      expect(key.secret).toMatch(/^nm_operator_[0-9A-Za-z]{38}$/);
      const parsed = parseSecret(key.secret);
      expect(parsed).toEqual({ ok: true, issuer: 'nm', tag: 'operator', random: key.secret.slice(12, 44), checksum: key.secret.slice(44) });
      expect(key.hint).toBe(`nm_operator_…${key.secret.slice(-4)}`);
      // Two keys never share a secret.
      const other = await createKey(service, { name: 'format 2' });
      expect(other.secret).not.toBe(key.secret);
    });

    it('uses the environment tag when the organization policy says so (nm_live_...)', async () => {
      const created = await createOrganization(service, {
        slug: 'envtag',
        key_policy: { tag_style: 'environment', environment_tag: 'live' },
      });
      expect(created.admin_key.secret).toMatch(/^nm_live_[0-9A-Za-z]{38}$/);
      const key = await createKey(service, { name: 'live key' }, created.admin_key.secret);
      expect(key.secret).toMatch(/^nm_live_[0-9A-Za-z]{38}$/);
      expect(parseSecret(key.secret).ok).toBe(true);
    });

    it('stores only the keyed hash of the secret', async () => {
      const key = await createKey(service, { name: 'hashed' });
      const stored = await service.store.keys.get(service.organizationId, key.id);
      expect(stored?.secretHash).toBe(storedHashOf(service, key.secret));
      expect(JSON.stringify(stored)).not.toContain(key.secret);
    });

    it('keeps every field given, canonical (scopes sorted, IP rules ordered)', async () => {
      const key = await createKey(service, {
        name: 'Power BI Integration',
        description: 'Nightly export',
        scopes: ['keys:verify', 'keys:read'],
        ip_rules: [
          { action: 'deny', cidr: '203.0.113.9' },
          { action: 'allow', cidr: '203.0.113.0/24', note: 'Office' },
        ],
        metadata: { team: 'finance' },
        rate_limit_per_minute: 100,
      });
      expect(key).toMatchObject({
        description: 'Nightly export',
        scopes: ['keys:read', 'keys:verify'],
        ip_rules: [
          { action: 'allow', cidr: '203.0.113.0/24', note: 'Office' },
          { action: 'deny', cidr: '203.0.113.9/32', note: null },
        ],
        metadata: { team: 'finance' },
        rate_limit_per_minute: 100,
      });
    });
  });

  describe('the secret is shown exactly once', () => {
    it('never appears again in get, list, export, audit, myself or verify, nor does its hash', async () => {
      const key = await createKey(service, { name: 'shown once', scopes: ['keys:read'] });
      const admin = service.adminKey;
      // In order: the key is used and changed before it is revoked.
      const requests: Array<[string, string, Parameters<typeof call>[3]]> = [
        ['GET', `/v1/keys/${key.id}`, { key: admin }],
        ['GET', '/v1/keys?limit=200', { key: admin }],
        ['GET', `/v1/keys?name=${encodeURIComponent('shown once')}`, { key: admin }],
        ['GET', '/v1/keys/export', { key: admin }],
        ['GET', '/v1/keys/export?format=csv', { key: admin }],
        ['GET', '/v1/myself', { key: key.secret }],
        ['POST', '/v1/keys/verify', { key: admin, body: { key: key.secret } }],
        ['PATCH', `/v1/keys/${key.id}`, { key: admin, body: { name: 'shown once (renamed)' } }],
        ['POST', `/v1/keys/${key.id}/revoke`, { key: admin, body: {} }],
        ['GET', '/v1/audit-events?limit=200', { key: admin }],
      ];
      const texts = [];
      for (const [method, path, options] of requests) texts.push(await call(service, method, path, options));
      for (const answer of texts) {
        expect(answer.status).toBeLessThan(300);
        expectNoSecrets(service, answer.text, [key.secret]);
        // No hash of any key at all: nothing shaped like a SHA-256 hex digest.
        expect(answer.text).not.toMatch(/[0-9a-f]{64}/i);
      }
      // The audit trail of the refusal of the revoked key holds its hint, not the secret.
      await call(service, 'GET', '/v1/myself', { key: key.secret });
      await service.flushRecorders();
      const audit = await call(service, 'GET', '/v1/audit-events?action=auth.refused&limit=200', { key: admin });
      expect(audit.text).toContain(key.hint);
      expectNoSecrets(service, audit.text, [key.secret]);
    });

    it('the typed GET of the key has no secret field', async () => {
      const key = await createKey(service, { name: 'no secret field' });
      const read = unwrap(await service.client().api.GET('/v1/keys/{key_id}', { params: { path: { key_id: key.id } } }));
      expect(read).not.toHaveProperty('secret');
      expect(read).toEqual(Object.fromEntries(Object.entries(key).filter(([field]) => field !== 'secret')));
    });
  });

  describe('400', () => {
    it('refuses a missing name, an unknown field and a name over 100 characters, naming each field', async () => {
      const missing = expectProblem(await call(service, 'POST', '/v1/keys', { key: service.adminKey, body: {} }), 400, 'VALIDATION_FAILED');
      expect(missing.errors).toEqual([{ path: 'body.name', message: 'is required' }]);
      const unknown = expectProblem(
        await call(service, 'POST', '/v1/keys', { key: service.adminKey, body: { name: 'x', secret: 'mine' } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(unknown.errors?.map((e) => e.path)).toEqual(['body.secret']);
      const long = expectProblem(
        await call(service, 'POST', '/v1/keys', { key: service.adminKey, body: { name: 'x'.repeat(101) } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(long.errors?.map((e) => e.path)).toEqual(['body.name']);
    });

    it('refuses a body that is not JSON without echoing it', async () => {
      const key = await createKey(service, { name: 'echo' });
      const answer = await call(service, 'POST', '/v1/keys', {
        key: service.adminKey,
        body: `{"name": "${key.secret}"`,
      });
      expectProblem(answer, 400, 'MALFORMED_JSON');
      expect(answer.text).not.toContain(key.secret);
    });
  });

  describe('403', () => {
    it('refuses a key without keys:write', async () => {
      const reader = await createKey(service, { name: 'reader', scopes: ['keys:read'] });
      const answer = await call(service, 'POST', '/v1/keys', { key: reader.secret, body: { name: 'nope' } });
      expectProblem(answer, 403, 'INSUFFICIENT_SCOPE');
      expect(answer.headers.get('www-authenticate')).toBeNull();
    });
  });
});
