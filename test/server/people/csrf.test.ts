/**
 * CSRF: a request made with the session cookie that is not a GET must carry the session's own
 * token in `X-CSRF-Token`, or it is refused (403 CSRF_TOKEN_INVALID) before it changes
 * anything. Reads need no token, and neither does a request made with an API key (a browser
 * never sends a key on its own). Organised by status code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, expectProblem } from '../../helpers/api.js';
import { addMember, Browser, newSession, setUpOwner, type Person } from '../../helpers/people.js';
import { startService, type TestService } from '../../helpers/service.js';

describe('CSRF tokens on requests made with the session cookie', () => {
  let service: TestService;
  let owner: Person;
  /** A second session of the owner (another browser). */
  let ownerElsewhere: Browser;
  /** Another member, an admin too. */
  let colleague: Person;
  /** A member the changes below would act on. */
  let target: Person;

  beforeAll(async () => {
    service = await startService();
    owner = await setUpOwner(service);
    ownerElsewhere = await newSession(service, owner);
    colleague = await addMember(service, owner.browser, { scopes: ['admin'] });
    target = await addMember(service, owner.browser, { scopes: ['keys:read'] });
  });
  afterAll(async () => {
    await service.close();
  });

  const keyCount = async () => (await call(service, 'GET', '/v1/keys?limit=200', { key: service.adminKey })).body.data.length;

  /** Changes a session could make, each with what must not have happened if refused. */
  const changes = (): Array<[string, string, string, unknown]> => [
    ['create a key', 'POST', '/v1/keys', { name: 'via csrf' }],
    ['invite a member', 'POST', '/v1/members', { email: 'csrf.victim@example.com', scopes: ['admin'] }],
    ['suspend a member', 'PATCH', `/v1/members/${target.id}`, { status: 'suspended' }],
    ['sign a member out everywhere', 'DELETE', `/v1/members/${target.id}/sessions`, undefined],
    ['make a reset link for a member', 'POST', `/v1/members/${target.id}/invitation`, undefined],
    ['change my password', 'POST', '/v1/sessions/current/password', { current_password: 'whatever it is', new_password: 'a brand new passphrase of words' }],
    ['sign out', 'DELETE', '/v1/sessions/current', undefined],
    ['create a scope', 'POST', '/v1/scopes', { name: 'csrf_scope' }],
  ];

  describe('403 CSRF_TOKEN_INVALID', () => {
    it.each([
      ['without the header', false as const],
      ['with a made-up token', 'bm90IHRoZSB0b2tlbiBvZiB0aGlzIHNlc3Npb24'],
      ['with the session token itself (a naive double submit)', 'the cookie'],
    ])('every change is refused %s, and nothing changes', async (_how, given) => {
      const csrf = given === 'the cookie' ? owner.browser.token! : given;
      const keysBefore = await keyCount();
      for (const [what, method, path, body] of changes()) {
        const answer = await owner.browser.request(method, path, { body, csrf });
        const problem = expectProblem(answer, 403, 'CSRF_TOKEN_INVALID');
        expect(problem.detail, what).toContain('X-CSRF-Token');
      }
      expect(await keyCount()).toBe(keysBefore);
      const member = (await call(service, 'GET', `/v1/members/${target.id}`, { key: service.adminKey })).body;
      expect(member).toMatchObject({ status: 'active', invitation_expires_at: null });
      expect((await target.browser.get('/v1/myself')).status).toBe(200);
      expect((await owner.browser.get('/v1/sessions/current')).status).toBe(200);
      expect((await call(service, 'GET', '/v1/members?limit=200', { key: service.adminKey })).text).not.toContain('csrf.victim');
    });

    it("another session's token is refused, even the same member's", async () => {
      expect(ownerElsewhere.csrf).not.toBe(owner.browser.csrf);
      for (const csrf of [ownerElsewhere.csrf!, colleague.browser.csrf!, target.browser.csrf!]) {
        expectProblem(await owner.browser.post('/v1/keys', { name: 'borrowed token' }, { csrf }), 403, 'CSRF_TOKEN_INVALID');
      }
    });

    it('the token sent twice is refused, even when both are right', async () => {
      const answer = await call(service, 'POST', '/v1/keys', {
        headers: { cookie: `keyplane_session=${owner.browser.token}`, 'x-csrf-token': [owner.browser.csrf, owner.browser.csrf].join(', ') },
        body: { name: 'twice' },
      });
      expectProblem(answer, 403, 'CSRF_TOKEN_INVALID');
    });

    it('a refusal is audited as a refused authentication of the member, without the token', async () => {
      expectProblem(await colleague.browser.post('/v1/scopes', { name: 'audited_csrf' }, { csrf: false }), 403, 'CSRF_TOKEN_INVALID');
      await service.flushRecorders();
      const refused = (await auditEvents(service, { action: 'auth.refused', actor_id: colleague.id })).filter((e) => e.details.code === 'CSRF_TOKEN_INVALID');
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({
        actor: { type: 'member', id: colleague.id },
        actor_key_id: null,
        details: { code: 'CSRF_TOKEN_INVALID', method: 'POST', path: '/v1/scopes' },
      });
      expect(JSON.stringify(refused)).not.toContain(colleague.browser.csrf!);
      expect(JSON.stringify(refused)).not.toContain(colleague.browser.token!);
    });
  });

  describe('2xx: the right token, a read, or an API key', () => {
    it('the session’s own token lets the change through, as the member', async () => {
      const created = await owner.browser.post('/v1/keys', { name: 'with the right token' });
      expect(created.status, created.text).toBe(201);
      expect(created.body.created_by).toEqual({ type: 'member', id: owner.id, display: `Olive Owner <${owner.email}>` });
      const otherSession = await ownerElsewhere.post('/v1/keys', { name: 'from the other browser' });
      expect(otherSession.status).toBe(201);
    });

    it('GET /v1/sessions/current answers the same token as sign-in did', async () => {
      const current = await ownerElsewhere.get('/v1/sessions/current');
      expect(current.status).toBe(200);
      expect(current.body.csrf_token).toBe(ownerElsewhere.csrf);
      expect(current.body.session).toMatchObject({ id: ownerElsewhere.signedIn!.session.id, current: true });
    });

    it('reads need no token', async () => {
      for (const path of ['/v1/myself', '/v1/keys', '/v1/members', `/v1/members/${target.id}`, '/v1/sessions', '/v1/sessions/current', '/v1/audit-events', '/v1/scopes']) {
        const answer = await owner.browser.get(path, { csrf: false });
        expect(answer.status, `${path}: ${answer.text}`).toBe(200);
      }
    });

    it('a request with an API key needs no token, even when a session cookie comes with it: the key is the caller', async () => {
      const answer = await call(service, 'POST', '/v1/keys', {
        key: service.adminKey,
        headers: { cookie: `keyplane_session=${owner.browser.token}` },
        body: { name: 'made with the key' },
      });
      expect(answer.status, answer.text).toBe(201);
      expect(answer.body.created_by).toMatchObject({ type: 'key', id: service.adminKeyId });
      const suspend = await call(service, 'PATCH', `/v1/members/${target.id}`, { key: service.adminKey, body: { display_name: 'Renamed with a key' } });
      expect(suspend.status).toBe(200);
    });

    it('sign-in and accepting an invitation need neither a session nor a token', async () => {
      const fresh = new Browser(service);
      const answer = await fresh.post('/v1/sessions', { organization: 'operator', email: target.email, password: target.password });
      expect(answer.status, answer.text).toBe(201);
    });
  });

  describe('401: a token is worth nothing without its session', () => {
    it('after sign-out the old cookie and token are refused with INVALID_SESSION', async () => {
      const browser = await newSession(service, colleague);
      const { token, csrf } = browser;
      expect((await browser.delete('/v1/sessions/current')).status).toBe(204);
      const replay = await call(service, 'POST', '/v1/keys', { headers: { cookie: `keyplane_session=${token}`, 'x-csrf-token': csrf! }, body: { name: 'replayed' } });
      expectProblem(replay, 401, 'INVALID_SESSION');
    });

    it('the cookie sent twice is read as no cookie at all', async () => {
      const answer = await call(service, 'GET', '/v1/myself', {
        headers: { cookie: `keyplane_session=${owner.browser.token}; keyplane_session=${ownerElsewhere.token}` },
      });
      expectProblem(answer, 401, 'MISSING_KEY');
    });
  });
});
