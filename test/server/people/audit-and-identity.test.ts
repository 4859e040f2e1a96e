/**
 * Every change names its actor, a key or a member (or the system), and so does every
 * session event: sign-in, refused sign-in (through the refusal recorder), sign-out,
 * invitation, joining, role change, session revocation, lock and unlock. `actor_id` filters
 * the trail by key or member. `/v1/myself` answers for a session too, and a member's
 * requests count against the organization's per-minute limit as a key's do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, createKey, createOrganization, expectProblem, startOfNextMinute, type AuditEvent } from '../../helpers/api.js';
import { acceptAs, addMember, ensureSignInBudget, freshEmail, newSession, setUpOwner, signIn, type Person } from '../../helpers/people.js';
import { startService, type TestService } from '../../helpers/service.js';

describe('audit trail and identity of members', () => {
  let service: TestService;
  let owner: Person;
  let ownerActor: { type: 'member'; id: string; display: string };

  beforeAll(async () => {
    service = await startService();
    owner = await setUpOwner(service, { displayName: 'Olive Owner' });
    ownerActor = { type: 'member', id: owner.id, display: `Olive Owner <${owner.email}>` };
  });
  afterAll(async () => {
    await service.close();
  });

  describe('what a member does, and what is done to them, is in the trail with typed actors', () => {
    let person: Person;
    let personActor: { type: 'member'; id: string; display: string };
    /** The person's events, oldest first. */
    let trail: AuditEvent[];

    beforeAll(async () => {
      // Invited, joins, signs in, fails to sign in, is re-scoped, signed out by an admin,
      // signs in, signs out, is locked out by guesses, and unlocked.
      person = await addMember(service, owner.browser, { scopes: ['keys:read'], displayName: 'Pat Person' });
      personActor = { type: 'member', id: person.id, display: `Pat Person <${person.email}>` };
      const second = await newSession(service, person);
      ensureSignInBudget(service, 10, { organization: 'operator', email: person.email });
      for (let i = 0; i < 10; i++) expectProblem(await signIn(service, { organization: 'operator', email: person.email, password: `guess ${i}` }), 401, 'INVALID_CREDENTIALS');
      expect((await owner.browser.post(`/v1/members/${person.id}/unlock`)).status).toBe(200);
      expect((await owner.browser.patch(`/v1/members/${person.id}`, { scopes: ['keys:write'] })).status).toBe(200);
      expect((await owner.browser.delete(`/v1/members/${person.id}/sessions`)).body).toEqual({ ended: 2 });
      const third = await newSession(service, person);
      expect((await third.post('/v1/keys', { name: 'made by Pat' })).status).toBe(201);
      expect((await third.delete('/v1/sessions/current')).status).toBe(204);
      await service.flushRecorders();
      const aboutOrBy = [...(await auditEvents(service, { target_id: person.id })), ...(await auditEvents(service, { actor_id: person.id }))];
      trail = [...new Map(aboutOrBy.map((e) => [e.id, e])).values()].sort((a, b) => a.id.localeCompare(b.id));
      expect(second.token).not.toBe(third.token);
    });

    it('each event, in order, with its actor, target and details', () => {
      const summary = trail.map((e) => [e.action, e.actor?.type ?? null, e.target_type]);
      expect(summary).toEqual([
        ['member.invited', 'member', 'member'],
        ['member.joined', 'member', 'member'],
        ['session.created', 'member', 'session'],
        ['session.created', 'member', 'session'],
        ['session.refused', 'member', null],
        ['member.locked', null, 'member'],
        ['member.unlocked', 'member', 'member'],
        ['member.updated', 'member', 'member'],
        ['session.revoked', 'member', 'member'],
        ['session.created', 'member', 'session'],
        ['key.created', 'member', 'api_key'],
        ['session.ended', 'member', 'session'],
      ]);
      const byAction = (action: string) => trail.filter((e) => e.action === action);
      expect(byAction('member.invited')[0]).toMatchObject({ actor: ownerActor, actor_key_id: null, details: { email: person.email, scopes: ['keys:read'] } });
      expect(byAction('member.joined')[0]).toMatchObject({ actor: personActor, details: { via: 'invitation' } });
      expect(byAction('session.created').map((e) => e.details.via)).toEqual(['invitation', 'sign_in', 'sign_in']);
      for (const event of byAction('session.created')) expect(event.actor).toEqual(personActor);
      expect(byAction('session.refused')[0]).toMatchObject({
        actor: personActor,
        organization_id: service.organizationId,
        ip: '127.0.0.1',
        details: { code: 'INVALID_CREDENTIALS', method: 'POST', path: '/v1/sessions', reason: 'wrong_password', count: 10 },
      });
      expect(byAction('member.locked')[0]).toMatchObject({ actor: null, target_id: person.id, details: { failed_sign_ins: 10 } });
      expect(byAction('member.unlocked')[0]).toMatchObject({ actor: ownerActor, details: { was_locked: true, failed_sign_ins: 10 } });
      expect(byAction('member.updated')[0]).toMatchObject({ actor: ownerActor, details: { changes: { scopes: { from: ['keys:read'], to: ['keys:write'] } } } });
      expect(byAction('session.revoked')[0]).toMatchObject({ actor: ownerActor, target_id: person.id, details: { via: 'admin', sessions_ended: 2 } });
      expect(byAction('key.created')[0]).toMatchObject({ actor: personActor, actor_key_id: null });
      expect(byAction('session.ended')[0]).toMatchObject({ actor: personActor, details: { via: 'sign_out' } });
    });

    it('no event holds a password, a token or a hash', () => {
      const text = JSON.stringify(trail);
      expect(text).not.toContain(person.password);
      expect(text).not.toMatch(/kp_session_|kp_invite_|scrypt|guess \d/);
    });

    it('actor_id filters by member: only what the member did, newest first', async () => {
      const events = await auditEvents(service, { actor_id: person.id });
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) expect(event.actor?.id).toBe(person.id);
      expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort().reverse());
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['key.created', 'session.ended', 'member.joined']));
      expect(events.map((e) => e.action)).not.toContain('member.updated');
    });

    it('actor_id filters by key as actor_key_id does; a malformed one is 400', async () => {
      const key = await createKey(service, { name: 'audited key', scopes: ['keys:write'] });
      expect((await call(service, 'POST', '/v1/keys', { key: key.secret, body: { name: 'made by a key' } })).status).toBe(201);
      const byActorId = await auditEvents(service, { actor_id: key.id });
      expect(byActorId.map((e) => [e.action, e.actor, e.actor_key_id])).toEqual([
        ['key.created', { type: 'key', id: key.id, display: `audited key (${key.hint})` }, key.id],
      ]);
      expect(await auditEvents(service, { actor_key_id: key.id })).toEqual(byActorId);
      expectProblem(await call(service, 'GET', '/v1/audit-events?actor_id=person', { key: service.adminKey }), 400, 'VALIDATION_FAILED');
      expectProblem(await call(service, 'GET', `/v1/audit-events?actor_key_id=${person.id}`, { key: service.adminKey }), 400, 'VALIDATION_FAILED');
    });

    it('the system is an actor too: the bootstrap events', async () => {
      const [invitedOwner] = await auditEvents(service, { action: 'member.invited', target_id: owner.id });
      expect(invitedOwner).toMatchObject({ actor: { type: 'system', id: 'bootstrap', display: 'bootstrap' }, actor_key_id: null, request_id: 'bootstrap' });
    });

    it('a refused sign-in of an unknown e-mail names no actor and keeps no e-mail', async () => {
      const email = freshEmail('stranger');
      expectProblem(await signIn(service, { organization: 'operator', email, password: 'some password here' }), 401, 'INVALID_CREDENTIALS');
      await service.flushRecorders();
      const refused = (await auditEvents(service, { action: 'session.refused' })).filter((e) => e.details.reason === 'unknown_email');
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]).toMatchObject({ actor: null, organization_id: service.organizationId });
      expect(JSON.stringify(refused)).not.toContain(email);
    });
  });

  describe('GET /v1/myself', () => {
    it('with a session: the member is the actor, key is null', async () => {
      const me = await owner.browser.get('/v1/myself');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ actor: ownerActor, key: null, member: { id: owner.id, email: owner.email, scopes: ['admin', 'operator'] }, organization: { id: service.organizationId } });
      expect(me.body.effective_scopes).toEqual(expect.arrayContaining(['admin', 'operator', 'members:read', 'keys:write']));
    });

    it('with a key: the key is the actor, member is null', async () => {
      const me = await call(service, 'GET', '/v1/myself', { key: service.adminKey });
      expect(me.body).toMatchObject({ actor: { type: 'key', id: service.adminKeyId }, member: null, key: { id: service.adminKeyId } });
    });

    it("a member's effective scopes follow includes, as a key's do", async () => {
      expect((await owner.browser.post('/v1/scopes', { name: 'reports', includes: ['keys:read'] })).status).toBe(201);
      const analyst = await addMember(service, owner.browser, { scopes: ['reports'] });
      const me = await analyst.browser.get('/v1/myself');
      expect(me.body.effective_scopes).toEqual(['keys:read', 'reports']);
      expect((await analyst.browser.get('/v1/keys')).status).toBe(200);
    });

    it("shows a member's change at the next request of their session (the member's JSON is kept per record)", async () => {
      const analyst = await addMember(service, owner.browser, { scopes: ['keys:read'] });
      expect((await analyst.browser.get('/v1/myself')).body.member).toMatchObject({ display_name: expect.any(String), scopes: ['keys:read'], invitation_expires_at: null });
      expect((await owner.browser.patch(`/v1/members/${analyst.id}`, { display_name: 'Renamed Analyst', scopes: ['keys:read', 'members:read'] })).status).toBe(200);
      const after = (await analyst.browser.get('/v1/myself')).body.member;
      expect(after).toMatchObject({ display_name: 'Renamed Analyst', scopes: ['keys:read', 'members:read'], invitation_expires_at: null });
    });
  });

  describe("a member's requests count against the organization's per-minute limit, per member", () => {
    it('on the free plan (60 a minute): the 61st request of a member is 429; other members and keys have their own count', async () => {
      const tenant = await createOrganization(service, { slug: 'freeplan', plan: 'free' });
      const first = await acceptAs(service, tenant.owner_invitation.token, { organizationSlug: 'freeplan', email: freshEmail('free'), displayName: 'Free Owner' });
      const second = await addMember(service, first.browser, { scopes: ['keys:read'], organizationSlug: 'freeplan' });
      const firstElsewhere = await newSession(service, first);
      startOfNextMinute(service.clock);
      for (let i = 0; i < 60; i++) {
        const answer = await (i % 2 ? first.browser : firstElsewhere).get('/v1/myself');
        expect(answer.status, `request ${i + 1}`).toBe(200);
        if (i === 0) expect(answer.headers.get('ratelimit-policy')).toBe('"default";q=60;w=60');
      }
      // Both sessions of the member share one count.
      for (const browser of [first.browser, firstElsewhere]) {
        const refused = await browser.get('/v1/keys');
        expect(expectProblem(refused, 429, 'RATE_LIMITED').detail).toMatch(/member/);
        expect(refused.headers.get('retry-after')).toBe('60');
      }
      expect((await second.browser.get('/v1/myself')).status).toBe(200);
      expect((await call(service, 'GET', '/v1/myself', { key: tenant.admin_key.secret })).status).toBe(200);
      service.clock.advance(60_000);
      expect((await first.browser.get('/v1/myself')).status).toBe(200);
    });
  });
});
