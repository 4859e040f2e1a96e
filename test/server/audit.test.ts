/**
 * GET /v1/audit-events: every key created, updated, rotated and revoked, every scope change and
 * every refused authentication, with actor, time, IP and request id; filters, newest first,
 * cursor pages, and never a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  call,
  createOrganization,
  expectNoSecrets,
  expectProblem,
  MINUTE,
  neverIssuedSecret,
  type AuditEvent,
  type RawAnswer,
} from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('GET /v1/audit-events', () => {
  let service: TestService;
  let admin: string;
  let adminId: string;
  const secrets: string[] = [];
  /** Request ids (X-Request-Id) and times of the steps below. */
  const steps: Record<string, { requestId: string; at: string; answer: RawAnswer }> = {};
  let keyId: string;
  let readerId: string;

  async function step(name: string, method: string, path: string, options: Parameters<typeof call>[3]): Promise<RawAnswer> {
    service.clock.advance(MINUTE);
    const answer = await call(service, method, path, options);
    steps[name] = { requestId: answer.headers.get('x-request-id')!, at: new Date(service.clock.now()).toISOString(), answer };
    return answer;
  }

  beforeAll(async () => {
    service = await startService();
    const created = await createOrganization(service, { slug: 'audited' });
    admin = created.admin_key.secret;
    adminId = created.admin_key.id;
    secrets.push(admin);

    const key = await step('create', 'POST', '/v1/keys', { key: admin, body: { name: 'first', ip_rules: [{ action: 'allow', cidr: '127.0.0.1' }] } });
    keyId = key.body.id;
    secrets.push(key.body.secret);
    await step('update', 'PATCH', `/v1/keys/${keyId}`, { key: admin, body: { name: 'second', metadata: { team: 'ops' } } });
    const rotated = await step('rotate', 'POST', `/v1/keys/${keyId}/rotate`, { key: admin, body: { grace_period: 60 } });
    secrets.push(rotated.body.secret);
    await step('revoke', 'POST', `/v1/keys/${keyId}/revoke`, { key: admin, body: { reason: 'Pasted into a public issue' } });
    await step('scopeCreate', 'POST', '/v1/scopes', { key: admin, body: { name: 'read' } });
    await step('scopeUpdate', 'PATCH', '/v1/scopes/read', { key: admin, body: { description: 'Read everything' } });
    await step('scopeDelete', 'DELETE', '/v1/scopes/read', { key: admin });
    await step('refusedRevoked', 'GET', '/v1/myself', { key: rotated.body.secret });
    const reader = await step('createReader', 'POST', '/v1/keys', { key: admin, body: { name: 'reader', scopes: ['keys:read'] } });
    readerId = reader.body.id;
    secrets.push(reader.body.secret);
    await step('refusedScope', 'POST', '/v1/keys', { key: reader.body.secret, body: { name: 'not allowed' } });
    await step('refusedVerify', 'POST', '/v1/keys/verify', { key: admin, body: { key: rotated.body.secret } });
    // Refusals reach the trail through the recorder, off the request path.
    await service.flushRecorders();
  });
  afterAll(async () => {
    await service.close();
  });

  const stepOf = (name: string) => steps[name]!;
  const base = (name: string) => ({ ip: '127.0.0.1', request_id: stepOf(name).requestId, occurred_at: stepOf(name).at });

  describe('200: contents', () => {
    let all: AuditEvent[];
    beforeAll(async () => {
      all = await auditEvents(service, {}, admin);
    });

    it('lists every event, newest first', async () => {
      expect(all.map((e) => e.action)).toEqual([
        'auth.refused', // verify of the revoked key
        'auth.refused', // reader without keys:write
        'key.created', // reader
        'auth.refused', // revoked key used
        'scope.deleted',
        'scope.updated',
        'scope.created',
        'key.revoked',
        'key.rotated',
        'key.updated',
        'key.created',
        'member.invited', // the organization's first owner, by set-up link
        'key.created', // the organization's first admin key
      ]);
      const ids = all.map((e) => e.id);
      expect(ids).toEqual([...ids].sort().reverse());
      const times = all.map((e) => e.occurred_at);
      expect(times).toEqual([...times].sort().reverse());
      for (const event of all) expect(event.organization_id).toBe(all[0]!.organization_id);
    });

    it('key.created: actor, target, ip, request id equal to X-Request-Id, time', () => {
      const event = all.find((e) => e.action === 'key.created' && e.target_id === keyId)!;
      expect(event).toMatchObject({
        ...base('create'),
        actor_key_id: adminId,
        target_type: 'api_key',
        target_id: keyId,
        details: { name: 'first', scopes: [], ip_rules: [{ action: 'allow', cidr: '127.0.0.1/32', note: null }], hint: stepOf('create').answer.body.hint },
      });
    });

    it('key.updated: each changed field from → to, and only those', () => {
      const event = all.find((e) => e.action === 'key.updated')!;
      expect(event).toMatchObject({ ...base('update'), actor_key_id: adminId, target_id: keyId });
      expect(event.details).toEqual({
        changes: { name: { from: 'first', to: 'second' }, metadata: { from: {}, to: { team: 'ops' } } },
      });
    });

    it('key.rotated and key.revoked, with the grace period, the hints and the reason', () => {
      const rotated = all.find((e) => e.action === 'key.rotated')!;
      expect(rotated).toMatchObject({
        ...base('rotate'),
        target_id: keyId,
        details: {
          grace_period: 60,
          previous_hint: stepOf('create').answer.body.hint,
          hint: stepOf('rotate').answer.body.hint,
        },
      });
      const revoked = all.find((e) => e.action === 'key.revoked')!;
      expect(revoked).toMatchObject({ ...base('revoke'), target_id: keyId, details: { reason: 'Pasted into a public issue' } });
    });

    it('scope events target the scope by name', () => {
      expect(all.find((e) => e.action === 'scope.created')).toMatchObject({ ...base('scopeCreate'), target_type: 'scope', target_id: 'read' });
      expect(all.find((e) => e.action === 'scope.updated')).toMatchObject({
        ...base('scopeUpdate'),
        target_id: 'read',
        details: { changes: { description: { from: null, to: 'Read everything' } } },
      });
      expect(all.find((e) => e.action === 'scope.deleted')).toMatchObject({ ...base('scopeDelete'), target_id: 'read' });
    });

    it('auth.refused: the refused key as actor, the code, the request id of the 401/403', () => {
      const refused = all.filter((e) => e.action === 'auth.refused');
      expect(stepOf('refusedRevoked').answer.status).toBe(401);
      expect(refused.find((e) => e.request_id === stepOf('refusedRevoked').requestId)).toMatchObject({
        ...base('refusedRevoked'),
        actor_key_id: keyId,
        target_type: null,
        details: { code: 'REVOKED_KEY', method: 'GET', path: '/v1/myself', hint: stepOf('rotate').answer.body.hint },
      });
      expect(stepOf('refusedScope').answer.status).toBe(403);
      expect(refused.find((e) => e.request_id === stepOf('refusedScope').requestId)).toMatchObject({
        ...base('refusedScope'),
        actor_key_id: readerId,
        details: { code: 'INSUFFICIENT_SCOPE', method: 'POST', path: '/v1/keys' },
      });
      // A refusal answered by verify is recorded too, about the presented key.
      expect(refused.find((e) => e.request_id === stepOf('refusedVerify').requestId)).toMatchObject({
        ...base('refusedVerify'),
        actor_key_id: adminId,
        target_type: 'api_key',
        target_id: keyId,
        details: { code: 'REVOKED', via: 'verify' },
      });
    });

    it('never holds a secret or a secret hash', async () => {
      const text = (await call(service, 'GET', '/v1/audit-events?limit=200', { key: admin })).text;
      expectNoSecrets(service, text, secrets);
    });
  });

  describe('200: refusals that name no known key', () => {
    it('belong to no organization: not in the tenant trail, but visible to the operator with organization=none', async () => {
      const unknown = neverIssuedSecret('audited');
      const refused = await call(service, 'GET', '/v1/keys', { key: unknown });
      expectProblem(refused, 401, 'UNKNOWN_KEY');
      const missing = await call(service, 'GET', '/v1/keys');
      expectProblem(missing, 401, 'MISSING_KEY');
      await service.flushRecorders();

      const tenant = await auditEvents(service, {}, admin);
      expect(tenant.map((e) => e.request_id)).not.toContain(refused.body.request_id);

      const none = await auditEvents(service, { organization: 'none', action: 'auth.refused' });
      expect(none.find((e) => e.request_id === refused.body.request_id)).toMatchObject({
        organization_id: null,
        actor_key_id: null,
        ip: '127.0.0.1',
        details: { code: 'UNKNOWN_KEY', hint: `nm_audited_…${unknown.slice(-4)}` },
      });
      expect(none.find((e) => e.request_id === missing.body.request_id)).toMatchObject({ details: { code: 'MISSING_KEY' } });
      expectNoSecrets(service, JSON.stringify(none), [unknown]);
    });
  });

  describe('200: filters', () => {
    it('by action', async () => {
      const updated = await auditEvents(service, { action: 'key.updated' }, admin);
      expect(updated.map((e) => e.request_id)).toEqual([stepOf('update').requestId]);
      expect((await auditEvents(service, { action: 'auth.refused' }, admin))).toHaveLength(3);
    });

    it('by actor_key_id', async () => {
      const byReader = await auditEvents(service, { actor_key_id: readerId }, admin);
      expect(byReader.map((e) => [e.action, e.details.code])).toEqual([['auth.refused', 'INSUFFICIENT_SCOPE']]);
      const byAdmin = await auditEvents(service, { actor_key_id: adminId }, admin);
      expect(byAdmin.every((e) => e.actor_key_id === adminId)).toBe(true);
      expect(byAdmin).toHaveLength(9);
    });

    it('by target_id', async () => {
      const aboutKey = await auditEvents(service, { target_id: keyId }, admin);
      expect(aboutKey.map((e) => e.action)).toEqual(['auth.refused', 'key.revoked', 'key.rotated', 'key.updated', 'key.created']);
      expect((await auditEvents(service, { target_id: 'read' }, admin)).map((e) => e.action)).toEqual([
        'scope.deleted',
        'scope.updated',
        'scope.created',
      ]);
    });

    it('by time: since is inclusive, until exclusive', async () => {
      const window = await auditEvents(service, { since: stepOf('update').at, until: stepOf('revoke').at }, admin);
      expect(window.map((e) => e.action)).toEqual(['key.rotated', 'key.updated']);
      const from = await auditEvents(service, { since: stepOf('refusedScope').at }, admin);
      expect(from.map((e) => e.request_id)).toEqual([stepOf('refusedVerify').requestId, stepOf('refusedScope').requestId]);
    });

    it('combined', async () => {
      const combined = await auditEvents(service, { action: 'key.created', actor_key_id: adminId, since: stepOf('create').at }, admin);
      expect(combined.map((e) => e.target_id)).toEqual([readerId, keyId]);
    });
  });

  describe('200: cursor pages', () => {
    it('walks the trail two at a time with no duplicates or gaps, then next_cursor null', async () => {
      const all = await auditEvents(service, {}, admin);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await call(service, 'GET', `/v1/audit-events?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { key: admin });
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.data.map((e: AuditEvent) => e.id));
        cursor = page.body.next_cursor ?? undefined;
        pages++;
      } while (cursor);
      expect(seen).toEqual(all.map((e) => e.id));
      expect(pages).toBe(Math.ceil(all.length / 2));
    });
  });

  describe('400 / 403', () => {
    it('a cursor the service did not issue, an unknown action, a bad time', async () => {
      const cursor = expectProblem(await call(service, 'GET', '/v1/audit-events?cursor=bm9wZQ', { key: admin }), 400, 'VALIDATION_FAILED');
      expect(cursor.errors?.map((e) => e.path)).toEqual(['query.cursor']);
      const action = expectProblem(await call(service, 'GET', '/v1/audit-events?action=key.deleted', { key: admin }), 400, 'VALIDATION_FAILED');
      expect(action.errors?.map((e) => e.path)).toEqual(['query.action']);
      const since = expectProblem(await call(service, 'GET', '/v1/audit-events?since=yesterday', { key: admin }), 400, 'VALIDATION_FAILED');
      expect(since.errors?.map((e) => e.path)).toEqual(['query.since']);
    });

    it('a key without audit:read is refused', async () => {
      const reader = stepOf('createReader').answer.body.secret as string;
      expectProblem(await call(service, 'GET', '/v1/audit-events', { key: reader }), 403, 'INSUFFICIENT_SCOPE');
    });
  });
});
