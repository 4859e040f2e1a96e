/**
 * The first owner and the README's flow: at the first start the operator organization gets a
 * set-up link for its first owner; accepting it (with an e-mail and a password) signs them
 * in; they sign in again, invite a colleague, who accepts and signs in. A new tenant made by
 * `POST /v1/organizations` gets its own owner link. Organised by what a person does, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, DAY, expectProblem, type CreatedOrganization } from '../../helpers/api.js';
import {
  acceptAs,
  acceptInvitation,
  Browser,
  freshEmail,
  invite,
  newSession,
  parseSetCookie,
  signIn,
  strongPassword,
  type Person,
  type SignedIn,
} from '../../helpers/people.js';
import { startService, type TestService } from '../../helpers/service.js';

describe('the first owner and the README flow', () => {
  let service: TestService;
  let owner: Person;
  const ownerEmail = 'owner@example.com';
  const ownerPassword = 'correct horse battery staple';

  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service.close();
  });

  describe('before the link is used', () => {
    it('the owner exists as an invited member holding admin and operator, with no e-mail, made by the system', async () => {
      const members = (await call(service, 'GET', '/v1/members', { key: service.adminKey })).body.data;
      expect(members).toEqual([
        expect.objectContaining({
          email: null,
          display_name: null,
          scopes: ['admin', 'operator'],
          status: 'invited',
          locked: false,
          invitation_expires_at: new Date(service.clock.now() + 7 * DAY).toISOString(),
          created_by: { type: 'system', id: 'bootstrap', display: 'bootstrap' },
          last_sign_in_at: null,
        }),
      ]);
      expect(service.ownerSetupToken).toMatch(/^kp_invite_[0-9A-Za-z]{43}$/);
    });

    it('the set-up link needs the e-mail the owner will sign in with (400 naming body.email), and stays usable', async () => {
      const answer = await acceptInvitation(service, { token: service.ownerSetupToken, password: ownerPassword });
      const problem = expectProblem(answer, 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([{ path: 'body.email', message: expect.any(String) }]);
      expect(answer.headers.getSetCookie()).toEqual([]);
    });

    it('a weak password is refused (422 WEAK_PASSWORD), and the link stays usable', async () => {
      const answer = await acceptInvitation(service, { token: service.ownerSetupToken, password: 'operator12345678', email: ownerEmail });
      const problem = expectProblem(answer, 422, 'WEAK_PASSWORD');
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.password']);
    });
  });

  describe('accepting the set-up link', () => {
    let answer: Awaited<ReturnType<typeof acceptInvitation>>;
    let browser: Browser;
    beforeAll(async () => {
      browser = new Browser(service);
      answer = await acceptInvitation(
        service,
        { token: service.ownerSetupToken, email: ownerEmail, password: ownerPassword, display_name: 'Olive Owner' },
        browser,
      );
      expect(answer.status, answer.text).toBe(201);
      const signedIn = answer.body as SignedIn;
      owner = {
        id: signedIn.member.id,
        organizationSlug: 'operator',
        email: ownerEmail,
        password: ownerPassword,
        displayName: 'Olive Owner',
        scopes: signedIn.member.scopes,
        browser,
        member: signedIn.member,
      };
    });

    it('activates the owner and signs them in: the session, the member, the organization, the scopes and a CSRF token', () => {
      const body = answer.body as SignedIn;
      expect(body.member).toMatchObject({
        email: ownerEmail,
        display_name: 'Olive Owner',
        scopes: ['admin', 'operator'],
        status: 'active',
        locked: false,
        invitation_expires_at: null,
        created_by: { type: 'system', id: 'bootstrap', display: 'bootstrap' },
      });
      expect(body.organization).toMatchObject({ slug: 'operator', is_operator: true, session_policy: { idle_timeout_seconds: 1800, absolute_timeout_seconds: 43_200 } });
      expect(body.effective_scopes).toEqual(expect.arrayContaining(['admin', 'operator', 'members:read', 'keys:write', 'audit:read']));
      expect(body.session).toMatchObject({ member_id: body.member.id, organization_id: body.organization.id, ip: '127.0.0.1', current: true });
      expect(body.session.user_agent).toContain('KeyplaneTest');
      expect(new Date(body.session.expires_at).getTime() - new Date(body.session.created_at).getTime()).toBe(43_200_000);
      expect(body.csrf_token.length).toBeGreaterThanOrEqual(20);
    });

    it('sets an HttpOnly, SameSite=Strict, Path=/ cookie, not Secure over plain HTTP; the token is nowhere in the body', () => {
      const cookies = answer.headers.getSetCookie();
      expect(cookies).toHaveLength(1);
      const cookie = parseSetCookie(cookies[0]!);
      expect(cookie.name).toBe('keyplane_session');
      expect(cookie.value).toMatch(/^kp_session_[0-9A-Za-z]{43}$/);
      expect(cookie.attributes).toEqual(new Map([['path', '/'], ['httponly', ''], ['samesite', 'Strict'], ['max-age', '43200']]));
      expect(answer.text).not.toContain(cookie.value);
      expect(answer.text).not.toContain(service.ownerSetupToken);
    });

    it('the link works once: a second acceptance is 401 INVITATION_INVALID, setting no cookie', async () => {
      const again = await acceptInvitation(service, { token: service.ownerSetupToken, email: 'someone.else@example.com', password: strongPassword() });
      expectProblem(again, 401, 'INVITATION_INVALID');
      expect(again.headers.getSetCookie()).toEqual([]);
      const members = (await call(service, 'GET', '/v1/members', { key: service.adminKey })).body.data;
      expect(members.map((m: { email: string }) => m.email)).toEqual([ownerEmail]);
    });

    it('the session is the owner: /v1/myself names the member as actor, with no key', async () => {
      const me = await owner.browser.get('/v1/myself');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        actor: { type: 'member', id: owner.id, display: `Olive Owner <${ownerEmail}>` },
        key: null,
        member: { id: owner.id, email: ownerEmail, status: 'active' },
        organization: { slug: 'operator' },
      });
      expect(me.body.effective_scopes).toEqual(expect.arrayContaining(['admin', 'operator']));
    });
  });

  describe('the README flow: sign in again, invite a colleague, who accepts and signs in', () => {
    let session: Browser;
    let invitedEmail: string;
    let invitationToken: string;
    let colleague: Person;

    it('the owner signs in with the organization slug, e-mail and password', async () => {
      session = new Browser(service);
      const answer = await signIn(service, { organization: 'operator', email: ownerEmail, password: ownerPassword }, session);
      expect(answer.status, answer.text).toBe(201);
      expect(answer.body.session.id).not.toBe(owner.browser.signedIn!.session.id);
      expect(answer.body.csrf_token).not.toBe(owner.browser.csrf);
      expect(answer.body.member.last_sign_in_at).toBe(new Date(service.clock.now()).toISOString());
    });

    it('invites a colleague with keys:read and audit:read: a one-time link shown once, in a URL fragment, valid 7 days', async () => {
      invitedEmail = 'ada@example.com';
      const invited = await invite(service, session, { email: invitedEmail, display_name: 'Ada', scopes: ['keys:read', 'audit:read'] });
      invitationToken = invited.invitation.token;
      expect(invited.invitation).toEqual({
        url: `${service.url}/console/#/accept-invitation?token=${invitationToken}`,
        token: expect.stringMatching(/^kp_invite_[0-9A-Za-z]{43}$/),
        expires_at: new Date(service.clock.now() + 7 * DAY).toISOString(),
        purpose: 'invitation',
      });
      expect(invited.member).toMatchObject({
        email: invitedEmail,
        display_name: 'Ada',
        scopes: ['audit:read', 'keys:read'],
        status: 'invited',
        invitation_expires_at: invited.invitation.expires_at,
        created_by: { type: 'member', id: owner.id, display: `Olive Owner <${ownerEmail}>` },
      });
      // Shown once: reading the member again never shows the token.
      const read = await session.get(`/v1/members/${invited.member.id}`);
      expect(read.status).toBe(200);
      expect(read.text).not.toContain(invitationToken);
      expect((await session.get('/v1/members')).text).not.toContain(invitationToken);
    });

    it('the colleague accepts (an e-mail sent with an invitation is ignored) and is signed in with what they were granted', async () => {
      colleague = await acceptAs(service, invitationToken, { organizationSlug: 'operator', email: 'not.ada@example.com', displayName: 'Ada Lovelace' });
      expect(colleague.member).toMatchObject({ email: invitedEmail, display_name: 'Ada Lovelace', status: 'active', scopes: ['audit:read', 'keys:read'] });
      colleague.email = invitedEmail;
      expect(colleague.browser.signedIn!.effective_scopes).toEqual(['audit:read', 'keys:read']);
    });

    it('the colleague signs in, reads keys and the audit trail, and may not create a key (403 INSUFFICIENT_SCOPE)', async () => {
      const browser = await newSession(service, colleague);
      expect((await browser.get('/v1/keys')).status).toBe(200);
      expect((await browser.get('/v1/audit-events')).status).toBe(200);
      const refused = await browser.post('/v1/keys', { name: 'not mine to make' });
      const problem = expectProblem(refused, 403, 'INSUFFICIENT_SCOPE');
      expect(problem.detail).toContain('keys:write');
      // Without members:read, the list of members is closed too.
      expectProblem(await browser.get('/v1/members'), 403, 'INSUFFICIENT_SCOPE');
    });

    it('the owner sees both members, oldest first, never a password or token', async () => {
      const listed = await session.get('/v1/members');
      expect(listed.body.data.map((m: { email: string; status: string }) => [m.email, m.status])).toEqual([
        [ownerEmail, 'active'],
        [invitedEmail, 'active'],
      ]);
      expect(listed.text).not.toMatch(/password|scrypt|kp_invite_|kp_session_/);
    });
  });

  describe('a new tenant gets its own owner link', () => {
    let tenant: CreatedOrganization;

    it('POST /v1/organizations (by the owner, signed in) answers the owner invitation once, for an owner holding admin only', async () => {
      const answer = await owner.browser.post('/v1/organizations', { slug: 'tenant', name: 'Tenant', plan: 'team' });
      expect(answer.status, answer.text).toBe(201);
      tenant = answer.body;
      expect(tenant.owner_invitation).toEqual({
        url: `${service.url}/console/#/accept-invitation?token=${tenant.owner_invitation.token}`,
        token: expect.stringMatching(/^kp_invite_/),
        expires_at: new Date(service.clock.now() + 7 * DAY).toISOString(),
        purpose: 'owner_setup',
      });
      expect(tenant.admin_key.created_by).toEqual({ type: 'member', id: owner.id, display: `Olive Owner <${ownerEmail}>` });
      const members = (await call(service, 'GET', '/v1/members', { key: tenant.admin_key.secret })).body.data;
      expect(members).toEqual([expect.objectContaining({ email: null, scopes: ['admin'], status: 'invited' })]);
    });

    it('the tenant owner accepts with their e-mail, signs in with the tenant slug, and is not an operator', async () => {
      const email = freshEmail('tenant.owner');
      const tenantOwner = await acceptAs(service, tenant.owner_invitation.token, { organizationSlug: 'tenant', email, displayName: 'Tara Tenant' });
      expect(tenantOwner.member).toMatchObject({ email, scopes: ['admin'], organization_id: tenant.organization.id });
      const browser = await newSession(service, tenantOwner);
      expect((await browser.get('/v1/myself')).body.organization.slug).toBe('tenant');
      expectProblem(await browser.get('/v1/organizations'), 403, 'INSUFFICIENT_SCOPE');
      // The same e-mail and password do not open the operator organization.
      expectProblem(await signIn(service, { organization: 'operator', email, password: tenantOwner.password }), 401, 'INVALID_CREDENTIALS');
    });
  });
});

describe('over HTTPS (publicUrl https://…)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService({ publicUrl: 'https://keys.example.com/' });
  });
  afterAll(async () => {
    await service.close();
  });

  it('the cookie is __Host-keyplane_session, Secure, Path=/ and has no Domain; links start with the public URL', async () => {
    const browser = new Browser(service);
    const answer = await acceptInvitation(service, { token: service.ownerSetupToken, email: 'secure.owner@example.com', password: strongPassword() }, browser);
    expect(answer.status, answer.text).toBe(201);
    const cookie = parseSetCookie(answer.headers.getSetCookie()[0]!);
    expect(cookie.name).toBe('__Host-keyplane_session');
    expect(cookie.attributes).toEqual(
      new Map([['path', '/'], ['httponly', ''], ['samesite', 'Strict'], ['max-age', '43200'], ['secure', '']]),
    );
    expect((await browser.get('/v1/myself')).status).toBe(200);
    const invited = await invite(service, browser, { email: 'x@example.com', scopes: [] });
    expect(invited.invitation.url).toBe(`https://keys.example.com/console/#/accept-invitation?token=${invited.invitation.token}`);
    // The unprefixed name is not the session cookie there: a planted one is not read.
    const planted = await call(service, 'GET', '/v1/myself', { headers: { cookie: `keyplane_session=${browser.token}` } });
    expectProblem(planted, 401, 'MISSING_KEY');
    // Sign-out clears the prefixed cookie, Secure too.
    const out = await browser.delete('/v1/sessions/current');
    expect(out.status).toBe(204);
    expect(parseSetCookie(out.headers.getSetCookie()[0]!)).toMatchObject({ name: '__Host-keyplane_session', value: '' });
    expect(out.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    expect(out.headers.getSetCookie()[0]).toMatch(/; Secure/);
  });
});
