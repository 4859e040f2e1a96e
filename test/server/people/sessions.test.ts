/**
 * Sessions a member holds: listing them, ending one, signing out, being signed out
 * everywhere by an administrator, and changing the password (which ends the others). An
 * ended session's next request is 401 INVALID_SESSION and clears the cookie. Organised by
 * what ends a session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, expectProblem } from '../../helpers/api.js';
import {
  addMember,
  Browser,
  expectSessionEnded,
  freshEmail,
  newSession,
  parseSetCookie,
  setUpOwner,
  signIn,
  strongPassword,
  type Person,
  type Session,
} from '../../helpers/people.js';
import { startService, type TestService } from '../../helpers/service.js';

describe('sessions', () => {
  let service: TestService;
  let owner: Person;
  let member: Person;

  beforeAll(async () => {
    service = await startService();
    owner = await setUpOwner(service);
    member = await addMember(service, owner.browser, { scopes: ['keys:write'] });
  });
  afterAll(async () => {
    await service.close();
  });

  describe('my sessions', () => {
    it('GET /v1/sessions lists mine, newest first, the current one marked, with address and browser, never a token', async () => {
      const laptop = await newSession(service, member, 'Laptop Browser/2.0');
      service.clock.advance(1000);
      const phone = await newSession(service, member, 'Phone Browser/3.0');
      const listed = await phone.get('/v1/sessions');
      expect(listed.status).toBe(200);
      const sessions = listed.body.data as Session[];
      expect(sessions.map((s) => s.id)).toEqual([phone.signedIn!.session.id, laptop.signedIn!.session.id, member.browser.signedIn!.session.id]);
      expect(sessions.map((s) => s.current)).toEqual([true, false, false]);
      expect(sessions.map((s) => s.user_agent)).toEqual(['Phone Browser/3.0', 'Laptop Browser/2.0', expect.stringContaining('KeyplaneTest')]);
      for (const session of sessions) expect(session).toMatchObject({ member_id: member.id, ip: '127.0.0.1' });
      expect(listed.text).not.toMatch(/kp_session_/);
      for (const browser of [laptop, phone, member.browser]) expect(listed.text).not.toContain(browser.token);
      // Another member sees only theirs.
      const theirs = (await owner.browser.get('/v1/sessions')).body.data as Session[];
      expect(theirs.every((s) => s.member_id === owner.id)).toBe(true);
    });

    it('DELETE /v1/sessions/{id} ends one of mine: that browser is signed out at once, the others go on', async () => {
      const kept = await newSession(service, member);
      const lost = await newSession(service, member);
      const answer = await kept.delete(`/v1/sessions/${lost.signedIn!.session.id}`);
      expect(answer.status).toBe(204);
      expectSessionEnded(await lost.get('/v1/myself'));
      expect((await kept.get('/v1/myself')).status).toBe(200);
      const [event] = await auditEvents(service, { action: 'session.revoked', target_id: lost.signedIn!.session.id });
      expect(event).toMatchObject({ actor: { type: 'member', id: member.id }, target_type: 'session', details: { via: 'self' } });
    });

    it("another member's session is 404 SESSION_NOT_FOUND, like one that never existed, and keeps working", async () => {
      const theirs = owner.browser.signedIn!.session.id;
      const problem = expectProblem(await member.browser.delete(`/v1/sessions/${theirs}`), 404, 'SESSION_NOT_FOUND');
      const none = expectProblem(await member.browser.delete('/v1/sessions/ses_01JD3Q6Z8M4Y2W7V5T1R9P0N3K'), 404, 'SESSION_NOT_FOUND');
      expect(problem.detail.replace(theirs, 'ID')).toBe(none.detail.replace('ses_01JD3Q6Z8M4Y2W7V5T1R9P0N3K', 'ID'));
      expect((await owner.browser.get('/v1/myself')).status).toBe(200);
    });

    it('the session operations are for people: an API key gets 401 SESSION_REQUIRED', async () => {
      for (const [method, path] of [
        ['GET', '/v1/sessions'],
        ['GET', '/v1/sessions/current'],
        ['DELETE', '/v1/sessions/current'],
        ['DELETE', `/v1/sessions/${member.browser.signedIn!.session.id}`],
      ] as const) {
        expectProblem(await call(service, method, path, { key: service.adminKey }), 401, 'SESSION_REQUIRED');
      }
      expectProblem(await call(service, 'GET', '/v1/sessions'), 401, 'SESSION_REQUIRED');
    });
  });

  describe('signing out', () => {
    it('DELETE /v1/sessions/current ends the session and clears the cookie; the old cookie replayed is refused and cleared', async () => {
      const browser = await newSession(service, member);
      const token = browser.token!;
      const sessionId = browser.signedIn!.session.id;
      const out = await browser.delete('/v1/sessions/current');
      expect(out.status).toBe(204);
      const cleared = parseSetCookie(out.headers.getSetCookie()[0]!);
      expect(cleared).toMatchObject({ name: 'keyplane_session', value: '' });
      expect(cleared.attributes).toEqual(new Map([['path', '/'], ['httponly', ''], ['samesite', 'Strict'], ['max-age', '0']]));
      expect(browser.token).toBeNull();
      expectSessionEnded(await call(service, 'GET', '/v1/myself', { headers: { cookie: `keyplane_session=${token}` } }));
      const listed = (await member.browser.get('/v1/sessions')).body.data as Session[];
      expect(listed.map((s) => s.id)).not.toContain(sessionId);
      const [event] = await auditEvents(service, { action: 'session.ended', target_id: sessionId });
      expect(event).toMatchObject({ actor: { type: 'member', id: member.id }, details: { via: 'sign_out' } });
    });

    it('a made-up session cookie is 401 INVALID_SESSION and is cleared', async () => {
      expectSessionEnded(await call(service, 'GET', '/v1/myself', { headers: { cookie: 'keyplane_session=kp_session_0000000000000000000000000000000000000000000' } }));
    });
  });

  describe('signed out everywhere by an administrator', () => {
    it('DELETE /v1/members/{id}/sessions ends every session of the member at once; they may sign in again', async () => {
      const second = await newSession(service, member);
      const listed = (await member.browser.get('/v1/sessions')).body.data as Session[];
      const answer = await owner.browser.delete(`/v1/members/${member.id}/sessions`);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ ended: listed.length });
      expectSessionEnded(await member.browser.get('/v1/myself'));
      expectSessionEnded(await second.post('/v1/keys', { name: 'too late' }));
      const [event] = await auditEvents(service, { action: 'session.revoked', target_id: member.id });
      expect(event).toMatchObject({ actor: { type: 'member', id: owner.id }, target_type: 'member', details: { via: 'admin', sessions_ended: listed.length } });
      member.browser = await newSession(service, member);
      expect((await member.browser.get('/v1/myself')).status).toBe(200);
    });

    it('with no session open it ends none', async () => {
      const quiet = await addMember(service, owner.browser, { scopes: [] });
      expect((await quiet.browser.delete('/v1/sessions/current')).status).toBe(204);
      expect((await owner.browser.delete(`/v1/members/${quiet.id}/sessions`)).body).toEqual({ ended: 0 });
    });
  });

  describe('changing my password', () => {
    let person: Person;
    let other: Browser;
    beforeAll(async () => {
      person = await addMember(service, owner.browser, {
        scopes: ['keys:read'],
        displayName: 'Dorothea Quillfeather',
        email: freshEmail('dorothea.quillfeather'),
      });
      other = await newSession(service, person);
    });

    it('a wrong current password is 401 INVALID_CREDENTIALS naming body.current_password; nothing changes', async () => {
      const answer = await person.browser.post('/v1/sessions/current/password', { current_password: 'not my password at all', new_password: strongPassword() });
      const problem = expectProblem(answer, 401, 'INVALID_CREDENTIALS');
      expect(problem.errors).toEqual([{ path: 'body.current_password', message: expect.any(String) }]);
      // The sessions stay (the failure counts towards the lock-out: sign-in-guard.test.ts).
      expect((await person.browser.get('/v1/myself')).status).toBe(200);
      expect((await other.get('/v1/myself')).status).toBe(200);
    });

    it.each([
      ['too short', 'short words'],
      ['a common password', 'password123456789'],
      ['a repeat', 'abcabcabcabcabcabcabc'],
      // Strong for anyone else; guessable for this person.
      ['made of my own name', 'quillfeatherdorothea'],
    ])('a weak new password (%s) is 422 WEAK_PASSWORD naming body.new_password', async (_why, newPassword) => {
      const answer = await person.browser.post('/v1/sessions/current/password', { current_password: person.password, new_password: newPassword });
      const problem = expectProblem(answer, 422, 'WEAK_PASSWORD');
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.new_password']);
      expect(answer.text).not.toContain(newPassword);
      expect(answer.text).not.toContain(person.password);
    });

    it('the right one changes it: 204, this session stays, every other ends, only the new password signs in', async () => {
      const newPassword = strongPassword();
      const answer = await person.browser.post('/v1/sessions/current/password', { current_password: person.password, new_password: newPassword });
      expect(answer.status, answer.text).toBe(204);
      expect((await person.browser.get('/v1/myself')).status).toBe(200);
      expectSessionEnded(await other.get('/v1/myself'));
      expectProblem(await signIn(service, { organization: 'operator', email: person.email, password: person.password }), 401, 'INVALID_CREDENTIALS');
      const oldPassword = person.password;
      person.password = newPassword;
      expect((await signIn(service, { organization: 'operator', email: person.email, password: newPassword })).status).toBe(201);
      const [event] = await auditEvents(service, { action: 'member.password_changed', target_id: person.id });
      expect(event).toMatchObject({ actor: { type: 'member', id: person.id }, details: { via: 'change', sessions_ended: 1 } });
      expect(JSON.stringify(event)).not.toContain(oldPassword);
      expect(JSON.stringify(event)).not.toContain(newPassword);
    });

    it('needs the CSRF token like every change', async () => {
      const answer = await person.browser.post('/v1/sessions/current/password', { current_password: person.password, new_password: strongPassword() }, { csrf: false });
      expectProblem(answer, 403, 'CSRF_TOKEN_INVALID');
    });
  });

  describe('signing in', () => {
    it('e-mails are matched ignoring case and surrounding spaces', async () => {
      const answer = await signIn(service, { organization: 'operator', email: `  ${member.email.toUpperCase()} `, password: member.password });
      expect(answer.status, answer.text).toBe(201);
      expect(answer.body.member.id).toBe(member.id);
    });

    it('without a cookie: 401 MISSING_KEY where a key would do, SESSION_REQUIRED where only a session will', async () => {
      expectProblem(await new Browser(service).get('/v1/myself'), 401, 'MISSING_KEY');
      expectProblem(await new Browser(service).get('/v1/sessions'), 401, 'SESSION_REQUIRED');
    });
  });
});
