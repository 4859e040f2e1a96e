/**
 * One-time links: invitations, password reset links and owner set-up links. Shown once,
 * stored hashed, single use, void after 7 days or once a newer link is made. Accepting sets a
 * password the policy accepts, and signs the person in. Organised by what happens to a link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, createOrganization, DAY, expectProblem, storedHashOf } from '../../helpers/api.js';
import {
  acceptAs,
  acceptInvitation,
  addMember,
  expectSessionEnded,
  freshEmail,
  invite,
  newSession,
  setUpOwner,
  signIn,
  strongPassword,
  type Person,
} from '../../helpers/people.js';
import { startService, type TestService } from '../../helpers/service.js';

describe('invitation and reset links', () => {
  let service: TestService;
  let owner: Person;

  beforeAll(async () => {
    service = await startService();
    owner = await setUpOwner(service);
  });
  afterAll(async () => {
    await service.close();
  });

  const memberAsAdmin = async (id: string) => (await call(service, 'GET', `/v1/members/${id}`, { key: service.adminKey })).body;

  describe('single use', () => {
    it('the second acceptance of a link is 401 INVITATION_INVALID, and changes nothing', async () => {
      const email = freshEmail('once');
      const invited = await invite(service, owner.browser, { email, scopes: ['keys:read'] });
      const first = await acceptAs(service, invited.invitation.token, { organizationSlug: 'operator', email, displayName: 'Once' });
      const again = await acceptInvitation(service, { token: invited.invitation.token, password: strongPassword(), display_name: 'Twice' });
      const problem = expectProblem(again, 401, 'INVITATION_INVALID');
      expect(problem.detail).toMatch(/new link/);
      expect(again.headers.getSetCookie()).toEqual([]);
      expect(await memberAsAdmin(first.id)).toMatchObject({ display_name: 'Once', status: 'active' });
      // The first password still signs in.
      expect((await signIn(service, { organization: 'operator', email, password: first.password })).status).toBe(201);
    });

    it('an unknown token is the same 401, and the refusal reaches the audit trail without the token', async () => {
      const made = `kp_invite_${'A'.repeat(43)}`;
      // Earlier refusals of the same kind would coalesce with this one (same code, address and path).
      await service.flushRecorders();
      const answer = await acceptInvitation(service, { token: made, password: strongPassword() });
      expectProblem(answer, 401, 'INVITATION_INVALID');
      await service.flushRecorders();
      const refused = (await auditEvents(service, { action: 'session.refused' }, service.adminKey)).concat(
        (await call(service, 'GET', '/v1/audit-events?organization=none&action=session.refused&limit=200', { key: service.adminKey })).body.data,
      );
      expect(refused.some((e) => e.details.code === 'INVITATION_INVALID' && e.request_id === answer.body.request_id)).toBe(true);
      expect(JSON.stringify(refused)).not.toContain(made);
      expect(JSON.stringify(refused)).not.toContain(storedHashOf(service, made));
    });

    it('the token is stored only hashed, and never shown again', async () => {
      const invited = await invite(service, owner.browser, { email: freshEmail('hashed'), scopes: [] });
      const { token } = invited.invitation;
      for (const answer of [await owner.browser.get(`/v1/members/${invited.member.id}`), await owner.browser.get('/v1/members?limit=200'), await owner.browser.get('/v1/audit-events?limit=200')]) {
        expect(answer.text).not.toContain(token);
        expect(answer.text).not.toContain(storedHashOf(service, token));
      }
    });
  });

  describe('expiry after 7 days', () => {
    it('a link works until 7 days have passed, and not after; the member shows no open invitation then', async () => {
      const email = freshEmail('late');
      const invited = await invite(service, owner.browser, { email, scopes: [] });
      const late = await invite(service, owner.browser, { email: freshEmail('later'), scopes: [] });
      service.clock.advance(7 * DAY - 1000);
      expect((await memberAsAdmin(invited.member.id)).invitation_expires_at).toBe(invited.invitation.expires_at);
      await acceptAs(service, invited.invitation.token, { organizationSlug: 'operator', email, displayName: 'Just in time' });
      service.clock.advance(1000);
      expectProblem(await acceptInvitation(service, { token: late.invitation.token, password: strongPassword() }), 401, 'INVITATION_INVALID');
      expect(await memberAsAdmin(late.member.id)).toMatchObject({ status: 'invited', invitation_expires_at: null });
      // The owner's session (used within its idle timeout) is long gone after a week; sign in again.
      owner.browser = await newSession(service, owner);
    });
  });

  describe('a new link voids the last', () => {
    it('POST /v1/members/{id}/invitation for an invited member makes a new invitation; the old link is void', async () => {
      const email = freshEmail('reissued');
      const invited = await invite(service, owner.browser, { email, scopes: ['keys:read'] });
      const again = await owner.browser.post(`/v1/members/${invited.member.id}/invitation`);
      expect(again.status, again.text).toBe(201);
      expect(again.body.invitation).toMatchObject({ purpose: 'invitation', expires_at: new Date(service.clock.now() + 7 * DAY).toISOString() });
      expect(again.body.invitation.token).not.toBe(invited.invitation.token);
      expect(again.body.member).toMatchObject({ id: invited.member.id, status: 'invited' });
      expectProblem(await acceptInvitation(service, { token: invited.invitation.token, password: strongPassword() }), 401, 'INVITATION_INVALID');
      const person = await acceptAs(service, again.body.invitation.token, { organizationSlug: 'operator', email, displayName: 'Reissued' });
      expect(person.member.status).toBe('active');
      const [event] = await auditEvents(service, { action: 'member.invitation_reissued', target_id: invited.member.id });
      expect(event).toMatchObject({ actor: { type: 'member', id: owner.id }, details: { purpose: 'invitation' } });
    });

    it('an owner set-up link made again stays an owner set-up link', async () => {
      const tenant = await createOrganization(service, { slug: 'relinked' });
      const [pending] = (await call(service, 'GET', '/v1/members', { key: tenant.admin_key.secret })).body.data;
      const again = await call(service, 'POST', `/v1/members/${pending.id}/invitation`, { key: tenant.admin_key.secret });
      expect(again.status, again.text).toBe(201);
      expect(again.body.invitation.purpose).toBe('owner_setup');
      expectProblem(
        await acceptInvitation(service, { token: tenant.owner_invitation.token, email: freshEmail('x'), password: strongPassword() }),
        401,
        'INVITATION_INVALID',
      );
      const person = await acceptAs(service, again.body.invitation.token, { organizationSlug: 'relinked', email: freshEmail('relinked'), displayName: 'Re Linked' });
      expect(person.member.scopes).toEqual(['admin']);
    });
  });

  describe('a reset link for an active member', () => {
    let person: Person;
    beforeAll(async () => {
      person = await addMember(service, owner.browser, { scopes: ['keys:read'] });
    });

    it('is a password_reset link; accepting it sets the new password, ends every other session and signs in', async () => {
      const elsewhere = await newSession(service, person);
      const answer = await owner.browser.post(`/v1/members/${person.id}/invitation`);
      expect(answer.status, answer.text).toBe(201);
      expect(answer.body.invitation.purpose).toBe('password_reset');
      expect(answer.body.member).toMatchObject({ status: 'active', invitation_expires_at: answer.body.invitation.expires_at });
      // Until it is used, the old password and sessions still work.
      expect((await person.browser.get('/v1/myself')).status).toBe(200);

      const newPassword = strongPassword();
      const reset = await acceptInvitation(service, { token: answer.body.invitation.token, password: newPassword, email: 'ignored@example.com' });
      expect(reset.status, reset.text).toBe(201);
      expect(reset.body.member).toMatchObject({ id: person.id, email: person.email, status: 'active', invitation_expires_at: null });
      expectSessionEnded(await person.browser.get('/v1/myself'));
      expectSessionEnded(await elsewhere.get('/v1/myself'));
      expectProblem(await signIn(service, { organization: 'operator', email: person.email, password: person.password }), 401, 'INVALID_CREDENTIALS');
      person.password = newPassword;
      person.browser = await newSession(service, person);
      const [event] = await auditEvents(service, { action: 'member.password_changed', target_id: person.id });
      expect(event).toMatchObject({ actor: { type: 'member', id: person.id }, details: { via: 'password_reset' } });
    });

    it('a suspended member gets no link (409 MEMBER_NOT_ACTIVE), and a link made before the suspension is void', async () => {
      const other = await addMember(service, owner.browser, { scopes: [] });
      const link = (await owner.browser.post(`/v1/members/${other.id}/invitation`)).body.invitation;
      expect((await owner.browser.patch(`/v1/members/${other.id}`, { status: 'suspended' })).status).toBe(200);
      expectProblem(await owner.browser.post(`/v1/members/${other.id}/invitation`), 409, 'MEMBER_NOT_ACTIVE');
      expectProblem(await acceptInvitation(service, { token: link.token, password: strongPassword() }), 401, 'INVITATION_INVALID');
      expect(await memberAsAdmin(other.id)).toMatchObject({ status: 'suspended' });
    });
  });

  describe('422 WEAK_PASSWORD naming body.password; the link stays usable', () => {
    let email: string;
    let token: string;
    beforeAll(async () => {
      email = freshEmail('weak');
      token = (await invite(service, owner.browser, { email, scopes: [], display_name: 'Wendeline Marchbanks' })).invitation.token;
    });

    it.each([
      ['too short (14 characters)', 'fourteen chars'],
      ['one of the most common passwords', 'password1234567'],
      ['a repeated character', 'aaaaaaaaaaaaaaaaaaaa'],
      ['a repeated group', 'abcabcabcabcabcabc'],
      ['a keyboard walk', 'qwertyuiopasdfghjkl'],
      ["made of the person's own name", 'wendelinemarchbanks'],
    ])('%s', async (_why, password) => {
      const answer = await acceptInvitation(service, { token, password });
      const problem = expectProblem(answer, 422, 'WEAK_PASSWORD');
      expect(problem.errors).toEqual([{ path: 'body.password', message: expect.any(String) }]);
      expect(answer.text).not.toContain(password);
      expect(answer.headers.getSetCookie()).toEqual([]);
    });

    it('and then a strong one is accepted with the same link', async () => {
      const person = await acceptAs(service, token, { organizationSlug: 'operator', email, displayName: 'Wendeline Marchbanks' });
      expect(person.member.status).toBe('active');
    });

    it('15 characters of unrelated words are enough; spaces and any characters are welcome', async () => {
      const invited = await invite(service, owner.browser, { email: freshEmail('fifteen'), scopes: [] });
      const answer = await acceptInvitation(service, { token: invited.invitation.token, password: 'ñandú vélo 象 ok' });
      expect(answer.status, answer.text).toBe(201);
    });
  });

  describe('409 MEMBER_EMAIL_TAKEN: one member per e-mail, ignoring case', () => {
    it('inviting an e-mail already a member, in another case, is refused naming body.email', async () => {
      const email = freshEmail('unique');
      await invite(service, owner.browser, { email, scopes: [] });
      for (const variant of [email, email.toUpperCase(), email.replace(/^./, (c) => c.toUpperCase())]) {
        const answer = await owner.browser.post('/v1/members', { email: variant, scopes: [] });
        const problem = expectProblem(answer, 409, 'MEMBER_EMAIL_TAKEN');
        expect(problem.errors).toEqual([{ path: 'body.email', message: expect.any(String) }]);
      }
      expect((await owner.browser.post('/v1/members', { email: owner.email.toUpperCase(), scopes: [] })).status).toBe(409);
    });

    it('an owner setting up with an e-mail another member has is refused, and the link stays usable', async () => {
      const tenant = await createOrganization(service, { slug: 'taken' });
      const email = freshEmail('first.come');
      await invite(service, tenant.admin_key.secret, { email, scopes: [] });
      const answer = await acceptInvitation(service, { token: tenant.owner_invitation.token, email: email.toUpperCase(), password: strongPassword() });
      const problem = expectProblem(answer, 409, 'MEMBER_EMAIL_TAKEN');
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.email']);
      await acceptAs(service, tenant.owner_invitation.token, { organizationSlug: 'taken', email: freshEmail('second.come'), displayName: 'Second' });
    });

    it('the same e-mail may be a member of two organizations', async () => {
      const tenant = await createOrganization(service, { slug: 'twoorgs' });
      const invited = await invite(service, tenant.admin_key.secret, { email: owner.email, scopes: [] });
      expect(invited.member.email).toBe(owner.email);
    });
  });

  describe('withdrawing an invitation', () => {
    it('deleting an invited member voids their link', async () => {
      const invited = await invite(service, owner.browser, { email: freshEmail('withdrawn'), scopes: [] });
      expect((await owner.browser.delete(`/v1/members/${invited.member.id}`)).status).toBe(204);
      expectProblem(await acceptInvitation(service, { token: invited.invitation.token, password: strongPassword() }), 401, 'INVITATION_INVALID');
    });

    it('an invited member cannot be made active or suspended by an update (409 MEMBER_NOT_ACTIVE): only accepting activates', async () => {
      const invited = await invite(service, owner.browser, { email: freshEmail('pending'), scopes: [] });
      for (const status of ['active', 'suspended']) {
        const problem = expectProblem(await owner.browser.patch(`/v1/members/${invited.member.id}`, { status }), 409, 'MEMBER_NOT_ACTIVE');
        expect(problem.errors?.map((e) => e.path)).toEqual(['body.status']);
      }
    });
  });
});
