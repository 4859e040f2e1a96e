/**
 * Members under the rules keys live by: managing members takes `admin`, listing them
 * `members:read`; nobody grants (to a key or an invitation) a scope they do not hold, or acts
 * on a member or key holding more than they do (403 SCOPE_ESCALATION); nobody suspends,
 * removes or re-scopes themselves (409 MEMBER_SELF_CHANGE). Suspending or removing a member
 * ends their sessions at once; the keys they made stay. Organised by status code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, createKey, expectProblem, type ApiKeyWithSecret } from '../../helpers/api.js';
import { addMember, expectSessionEnded, invite, newSession, setUpOwner, signIn, type Person } from '../../helpers/people.js';
import { startService, type TestService } from '../../helpers/service.js';

describe('authority of members', () => {
  let service: TestService;
  /** admin and operator. */
  let owner: Person;
  /** admin only: everything in the organization except operator. */
  let admin: Person;
  let keyManager: Person;
  let reader: Person;
  let adminKey: ApiKeyWithSecret;

  beforeAll(async () => {
    service = await startService();
    owner = await setUpOwner(service);
    admin = await addMember(service, owner.browser, { scopes: ['admin'] });
    keyManager = await addMember(service, owner.browser, { scopes: ['keys:write'] });
    reader = await addMember(service, owner.browser, { scopes: ['members:read'] });
    adminKey = await createKey(service, { name: 'organization admin key', scopes: ['admin'] });
  });
  afterAll(async () => {
    await service.close();
  });

  const stored = async (id: string) => (await call(service, 'GET', `/v1/members/${id}`, { key: service.adminKey })).body;

  describe('200/201: within what the caller holds', () => {
    it('members:read lists and reads members, and nothing else of them', async () => {
      const listed = await reader.browser.get('/v1/members');
      expect(listed.status).toBe(200);
      expect(listed.body.data.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining([owner.id, admin.id, keyManager.id, reader.id]));
      expect((await reader.browser.get(`/v1/members/${owner.id}`)).body.email).toBe(owner.email);
      const onlyActive = await reader.browser.get('/v1/members?status=active&limit=2');
      expect(onlyActive.body.data).toHaveLength(2);
      expect(onlyActive.body.next_cursor).toEqual(expect.any(String));
      // A key with members:read reads them too.
      const key = await createKey(service, { name: 'directory sync', scopes: ['members:read'] });
      expect((await call(service, 'GET', '/v1/members', { key: key.secret })).status).toBe(200);
    });

    it('an admin acts on a member holding no more: changes scopes and name, with the change audited', async () => {
      const peer = await addMember(service, owner.browser, { scopes: ['keys:read'] });
      const answer = await admin.browser.patch(`/v1/members/${peer.id}`, { scopes: ['keys:write', 'audit:read'], display_name: 'Promoted Peer' });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body).toMatchObject({ scopes: ['audit:read', 'keys:write'], display_name: 'Promoted Peer' });
      const [event] = await auditEvents(service, { action: 'member.updated', target_id: peer.id });
      expect(event).toMatchObject({
        actor: { type: 'member', id: admin.id, display: expect.stringContaining(admin.email) },
        actor_key_id: null,
        target_type: 'member',
        details: { changes: { scopes: { from: ['keys:read'], to: ['audit:read', 'keys:write'] }, display_name: { from: expect.any(String), to: 'Promoted Peer' } } },
      });
    });

    it('a change of scopes applies to the member’s open session at once', async () => {
      const peer = await addMember(service, owner.browser, { scopes: ['keys:write'] });
      expect((await peer.browser.post('/v1/keys', { name: 'before' })).status).toBe(201);
      expect((await admin.browser.patch(`/v1/members/${peer.id}`, { scopes: ['keys:read'] })).status).toBe(200);
      expectProblem(await peer.browser.post('/v1/keys', { name: 'after' }), 403, 'INSUFFICIENT_SCOPE');
      expect((await peer.browser.get('/v1/keys')).status).toBe(200);
    });

    it('a keys:write member grants keys what they hold, keys:read included', async () => {
      const answer = await keyManager.browser.post('/v1/keys', { name: 'reporting', scopes: ['keys:read'] });
      expect(answer.status, answer.text).toBe(201);
      expect(answer.body.created_by).toEqual({ type: 'member', id: keyManager.id, display: expect.stringContaining(keyManager.email) });
    });

    it('a member may rename themselves, and set their scopes to what they already are', async () => {
      expect((await admin.browser.patch(`/v1/members/${admin.id}`, { display_name: 'Adam Admin' })).status).toBe(200);
      expect((await admin.browser.patch(`/v1/members/${admin.id}`, { scopes: ['admin'] })).status).toBe(200);
      admin.member = await stored(admin.id);
    });
  });

  describe('403 INSUFFICIENT_SCOPE: managing members takes admin, listing members:read', () => {
    it.each([
      ['GET', '/v1/members', undefined],
      ['GET', 'MEMBER', undefined],
    ])('%s %s without members:read', async (method, path) => {
      const answer = await keyManager.browser.request(method, path === 'MEMBER' ? `/v1/members/${reader.id}` : path);
      expect(expectProblem(answer, 403, 'INSUFFICIENT_SCOPE').detail).toContain('members:read');
    });

    it('a member holding keys:write or members:read cannot invite, change, remove, unlock, reset or sign out members', async () => {
      for (const person of [keyManager, reader]) {
        const attempts: Array<[string, string, unknown]> = [
          ['POST', '/v1/members', { email: 'nope@example.com', scopes: [] }],
          ['PATCH', `/v1/members/${admin.id}`, { display_name: 'x' }],
          ['DELETE', `/v1/members/${admin.id}`, undefined],
          ['POST', `/v1/members/${admin.id}/unlock`, undefined],
          ['POST', `/v1/members/${admin.id}/invitation`, undefined],
          ['DELETE', `/v1/members/${admin.id}/sessions`, undefined],
        ];
        for (const [method, path, body] of attempts) {
          const problem = expectProblem(await person.browser.request(method, path, { body }), 403, 'INSUFFICIENT_SCOPE');
          expect(problem.detail).toContain('admin');
        }
      }
      expect((await admin.browser.get('/v1/myself')).status).toBe(200);
    });
  });

  describe('403 SCOPE_ESCALATION: granting or acting above what one holds', () => {
    it('a keys:write member cannot grant a key scopes they do not hold', async () => {
      for (const scopes of [['admin'], ['members:read'], ['keys:read', 'audit:read']]) {
        const problem = expectProblem(await keyManager.browser.post('/v1/keys', { name: 'too much', scopes }), 403, 'SCOPE_ESCALATION');
        expect(problem.errors?.[0]?.path).toMatch(/^body\.scopes/);
      }
    });

    it('a keys:write member cannot change, rotate or revoke a key holding more (the admin key)', async () => {
      for (const [method, suffix, body] of [['PATCH', '', { name: 'mine now' }], ['POST', '/rotate', {}], ['POST', '/revoke', {}]] as const) {
        expectProblem(await keyManager.browser.request(method, `/v1/keys/${adminKey.id}${suffix}`, { body }), 403, 'SCOPE_ESCALATION');
      }
      expect((await call(service, 'GET', '/v1/myself', { key: adminKey.secret })).status).toBe(200);
    });

    it('an admin (without operator) cannot invite with operator, nor give it to a member', async () => {
      const problem = expectProblem(await admin.browser.post('/v1/members', { email: 'operator.wannabe@example.com', scopes: ['operator'] }), 403, 'SCOPE_ESCALATION');
      expect(problem.detail).toContain('operator');
      expectProblem(await admin.browser.patch(`/v1/members/${reader.id}`, { scopes: ['operator'] }), 403, 'SCOPE_ESCALATION');
      expect((await stored(reader.id)).scopes).toEqual(['members:read']);
      expect((await call(service, 'GET', '/v1/members?limit=200', { key: service.adminKey })).text).not.toContain('operator.wannabe');
    });

    it('an admin (without operator) cannot act on the owner, who holds operator: not even a reset link', async () => {
      const attempts: Array<[string, string, unknown]> = [
        ['PATCH', `/v1/members/${owner.id}`, { display_name: 'Demoted' }],
        ['PATCH', `/v1/members/${owner.id}`, { status: 'suspended' }],
        ['PATCH', `/v1/members/${owner.id}`, { scopes: ['admin'] }],
        ['DELETE', `/v1/members/${owner.id}`, undefined],
        ['POST', `/v1/members/${owner.id}/invitation`, undefined],
        ['POST', `/v1/members/${owner.id}/unlock`, undefined],
        ['DELETE', `/v1/members/${owner.id}/sessions`, undefined],
      ];
      for (const [method, path, body] of attempts) {
        const problem = expectProblem(await admin.browser.request(method, path, { body }), 403, 'SCOPE_ESCALATION');
        expect(problem.errors).toEqual([{ path: 'path.member_id', message: expect.stringContaining('operator') }]);
        expect(problem.detail).toContain(owner.id);
      }
      expect(await stored(owner.id)).toMatchObject({ status: 'active', scopes: ['admin', 'operator'], display_name: 'Olive Owner', invitation_expires_at: null });
      expect((await owner.browser.get('/v1/myself')).status).toBe(200);
    });

    it('an API key holding admin is held to the same rule over members', async () => {
      const problem = expectProblem(await call(service, 'PATCH', `/v1/members/${owner.id}`, { key: adminKey.secret, body: { status: 'suspended' } }), 403, 'SCOPE_ESCALATION');
      expect(problem.detail).toMatch(/calling key/i);
      expectProblem(await call(service, 'POST', '/v1/members', { key: adminKey.secret, body: { email: 'by.key@example.com', scopes: ['operator'] } }), 403, 'SCOPE_ESCALATION');
      // Within what it holds, it acts.
      expect((await call(service, 'PATCH', `/v1/members/${reader.id}`, { key: adminKey.secret, body: { display_name: 'Renamed by a key' } })).status).toBe(200);
    });
  });

  describe('409 MEMBER_SELF_CHANGE', () => {
    it.each([
      ['suspend', 'PATCH', { status: 'suspended' }],
      ['change the scopes of', 'PATCH', { scopes: ['keys:read'] }],
      ['remove', 'DELETE', undefined],
    ])('a member cannot %s themselves, naming path.member_id', async (_what, method, body) => {
      const problem = expectProblem(await admin.browser.request(method, `/v1/members/${admin.id}`, { body }), 409, 'MEMBER_SELF_CHANGE');
      expect(problem.errors).toEqual([{ path: 'path.member_id', message: expect.any(String) }]);
      expect(await stored(admin.id)).toMatchObject({ status: 'active', scopes: ['admin'] });
      expect((await admin.browser.get('/v1/myself')).status).toBe(200);
    });

    it('the owner cannot either; another admin holding as much must', async () => {
      expectProblem(await owner.browser.patch(`/v1/members/${owner.id}`, { scopes: ['admin'] }), 409, 'MEMBER_SELF_CHANGE');
    });
  });

  describe('suspension and removal end sessions at once', () => {
    it('suspending: every session gets 401 INVALID_SESSION with the cookie cleared, sign-in is refused; reactivating lets them back', async () => {
      const person = await addMember(service, owner.browser, { scopes: ['keys:read'] });
      const second = await newSession(service, person);
      const answer = await admin.browser.patch(`/v1/members/${person.id}`, { status: 'suspended' });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.status).toBe('suspended');
      expectSessionEnded(await person.browser.get('/v1/myself'));
      expectSessionEnded(await second.get('/v1/keys'));
      expectProblem(await signIn(service, { organization: 'operator', email: person.email, password: person.password }), 401, 'INVALID_CREDENTIALS');
      const [event] = await auditEvents(service, { action: 'member.updated', target_id: person.id });
      expect(event).toMatchObject({ actor: { type: 'member', id: admin.id }, details: { changes: { status: { from: 'active', to: 'suspended' } }, sessions_ended: 2 } });

      expect((await admin.browser.patch(`/v1/members/${person.id}`, { status: 'active' })).status).toBe(200);
      const back = await signIn(service, { organization: 'operator', email: person.email, password: person.password });
      expect(back.status, back.text).toBe(201);
    });

    it('removing: sessions end, the member is gone (404), the keys they made stay with the organization and still name them', async () => {
      const leaver = await addMember(service, owner.browser, { scopes: ['keys:write'], displayName: 'Lee Leaver' });
      const made = await leaver.browser.post('/v1/keys', { name: 'made by the leaver', scopes: ['keys:read'] });
      expect(made.status).toBe(201);
      const answer = await admin.browser.delete(`/v1/members/${leaver.id}`);
      expect(answer.status).toBe(204);
      expectSessionEnded(await leaver.browser.get('/v1/myself'));
      expectProblem(await admin.browser.get(`/v1/members/${leaver.id}`), 404, 'MEMBER_NOT_FOUND');
      expectProblem(await signIn(service, { organization: 'operator', email: leaver.email, password: leaver.password }), 401, 'INVALID_CREDENTIALS');

      const key = await admin.browser.get(`/v1/keys/${made.body.id}`);
      expect(key.body).toMatchObject({ status: 'active', created_by: { type: 'member', id: leaver.id, display: `Lee Leaver <${leaver.email}>` } });
      const verified = await call(service, 'GET', '/v1/myself', { key: made.body.secret });
      expect(verified.status).toBe(200);
      // The trail keeps who created what.
      const [created] = await auditEvents(service, { action: 'key.created', target_id: made.body.id });
      expect(created!.actor).toEqual({ type: 'member', id: leaver.id, display: `Lee Leaver <${leaver.email}>` });
      const [deleted] = await auditEvents(service, { action: 'member.deleted', target_id: leaver.id });
      expect(deleted).toMatchObject({ actor: { type: 'member', id: admin.id }, details: { email: leaver.email, scopes: ['keys:write'], sessions_ended: 1 } });
      // The e-mail is free again.
      expect((await invite(service, admin.browser, { email: leaver.email, scopes: [] })).member.status).toBe('invited');
    });
  });
});
