/**
 * Signing in gives nothing away and cannot be used to guess: every way to fail is the same
 * 401 INVALID_CREDENTIALS; ten attempts a minute per e-mail and thirty per client address
 * (sign-ins and invitation acceptances together), then 429 with Retry-After; ten failed
 * sign-ins in a row lock the member out until an administrator unlocks them. The limiters
 * are fixed one-minute windows on the service's clock, which the tests move.
 *
 * What is counted here does not depend on what a hash costs, and this file makes about a
 * hundred attempts: the service runs with a cheap scrypt (N=2^10, p=1) so that they take
 * milliseconds, not half a minute. The real cost, and the equal work for an unknown e-mail,
 * are measured in sign-in-timing.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, expectProblem, startOfNextMinute, type RawAnswer } from '../../helpers/api.js';
import {
  addMember,
  Browser,
  ensureSignInBudget,
  freshEmail,
  invite,
  setUpOwner,
  signIn,
  type Person,
} from '../../helpers/people.js';
import { startService, type TestService } from '../../helpers/service.js';

describe('sign-in refusals, throttling and lock-out', () => {
  let service: TestService;
  let owner: Person;

  beforeAll(async () => {
    service = await startService({ passwordHashing: { parameters: { log2N: 10, r: 8, p: 1 } } });
    owner = await setUpOwner(service);
  });
  afterAll(async () => {
    await service.close();
  });

  const stored = async (id: string) => (await call(service, 'GET', `/v1/members/${id}`, { key: service.adminKey })).body;
  const attempt = (email: string, password: string, organization = 'operator') => signIn(service, { organization, email, password });
  /** A sign-in without the helper's budget keeping, for the throttling tests. */
  const rawAttempt = (email: string, password: string) => new Browser(service).post('/v1/sessions', { organization: 'operator', email, password });

  describe('401 INVALID_CREDENTIALS: one answer for every way to fail', () => {
    it('unknown e-mail, wrong password, never set up, suspended and locked get the same answer, and no cookie', async () => {
      const wrongPassword = await addMember(service, owner.browser, { scopes: [] });
      const suspended = await addMember(service, owner.browser, { scopes: [] });
      expect((await owner.browser.patch(`/v1/members/${suspended.id}`, { status: 'suspended' })).status).toBe(200);
      const invitedEmail = freshEmail('invited');
      await invite(service, owner.browser, { email: invitedEmail, scopes: [] });
      const locked = await addMember(service, owner.browser, { scopes: [] });
      await lockOut(locked);

      const answers: Array<[string, RawAnswer]> = [
        ['unknown e-mail', await attempt(freshEmail('unknown'), wrongPassword.password)],
        ['unknown organization', await attempt(wrongPassword.email, wrongPassword.password, 'nosuchorg')],
        ['wrong password', await attempt(wrongPassword.email, 'not the password at all')],
        ['invited, never set up', await attempt(invitedEmail, 'whatever they might type')],
        ['suspended, right password', await attempt(suspended.email, suspended.password)],
        ['locked, right password', await attempt(locked.email, locked.password)],
      ];
      const shapes = answers.map(([what, answer]) => {
        const problem = expectProblem(answer, 401, 'INVALID_CREDENTIALS');
        expect(answer.headers.getSetCookie(), what).toEqual([]);
        const headerNames = [...answer.headers.keys()].filter((name) => !['date', 'x-request-id', 'content-length'].includes(name)).sort();
        return { title: problem.title, detail: problem.detail, errors: problem.errors ?? null, headerNames };
      });
      for (const shape of shapes.slice(1)) expect(shape).toEqual(shapes[0]);
    });
  });

  /** Ten wrong passwords for `person`, each 401, within one minute's budgets. */
  async function lockOut(person: Person): Promise<void> {
    ensureSignInBudget(service, 10, { organization: 'operator', email: person.email });
    for (let i = 0; i < 10; i++) expectProblem(await attempt(person.email, `wrong guess number ${i}`), 401, 'INVALID_CREDENTIALS');
  }

  describe('lock-out after 10 failed sign-ins in a row', () => {
    let person: Person;
    beforeAll(async () => {
      person = await addMember(service, owner.browser, { scopes: ['keys:read'], displayName: 'Lucky Lockout' });
    });

    it('nine failures do not lock; a success starts the count again', async () => {
      ensureSignInBudget(service, 10, { organization: 'operator', email: person.email });
      for (let i = 0; i < 9; i++) expectProblem(await attempt(person.email, `nearly ${i}`), 401, 'INVALID_CREDENTIALS');
      expect(await stored(person.id)).toMatchObject({ locked: false, locked_at: null });
      expect((await attempt(person.email, person.password)).status).toBe(201);
      ensureSignInBudget(service, 10, { organization: 'operator', email: person.email });
      for (let i = 0; i < 9; i++) expectProblem(await attempt(person.email, `again ${i}`), 401, 'INVALID_CREDENTIALS');
      expect((await stored(person.id)).locked).toBe(false);
      expect((await attempt(person.email, person.password)).status).toBe(201);
    });

    it('the tenth locks: locked and locked_at are set, member.locked is audited once, and the right password no longer works', async () => {
      await lockOut(person);
      const lockedAt = new Date(service.clock.now()).toISOString();
      expect(await stored(person.id)).toMatchObject({ locked: true, locked_at: lockedAt, status: 'active' });
      ensureSignInBudget(service, 2, { organization: 'operator', email: person.email });
      expectProblem(await attempt(person.email, person.password), 401, 'INVALID_CREDENTIALS');
      expectProblem(await attempt(person.email, 'and one more wrong one'), 401, 'INVALID_CREDENTIALS');
      const locks = await auditEvents(service, { action: 'member.locked', target_id: person.id });
      expect(locks).toHaveLength(1);
      expect(locks[0]).toMatchObject({ actor: null, target_type: 'member', details: { failed_sign_ins: 10 } });
    });

    it('POST /v1/members/{id}/unlock lifts it (audited with the admin as actor); the member signs in again', async () => {
      const answer = await owner.browser.post(`/v1/members/${person.id}/unlock`);
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body).toMatchObject({ id: person.id, locked: false, locked_at: null });
      const [event] = await auditEvents(service, { action: 'member.unlocked', target_id: person.id });
      expect(event).toMatchObject({ actor: { type: 'member', id: owner.id }, details: { was_locked: true, failed_sign_ins: 11 } });
      ensureSignInBudget(service, 1, { organization: 'operator', email: person.email });
      expect((await attempt(person.email, person.password)).status).toBe(201);
    });

    it('unlocking a member who is not locked changes nothing and audits nothing', async () => {
      const answer = await owner.browser.post(`/v1/members/${person.id}/unlock`);
      expect(answer.status).toBe(200);
      expect(await auditEvents(service, { action: 'member.unlocked', target_id: person.id })).toHaveLength(1);
    });

    it('wrong current passwords when changing the password count too, and lock (audited like a sign-in lock)', async () => {
      const victim = await addMember(service, owner.browser, { scopes: [] });
      ensureSignInBudget(service, 10, { organization: 'operator', email: victim.email });
      for (let i = 0; i < 10; i++) {
        const answer = await victim.browser.post('/v1/sessions/current/password', { current_password: `guess ${i}`, new_password: 'a brand new passphrase of words' });
        expectProblem(answer, 401, 'INVALID_CREDENTIALS');
      }
      expect((await stored(victim.id)).locked).toBe(true);
      ensureSignInBudget(service, 1, { organization: 'operator', email: victim.email });
      expectProblem(await attempt(victim.email, victim.password), 401, 'INVALID_CREDENTIALS');
      const locks = await auditEvents(service, { action: 'member.locked', target_id: victim.id });
      expect(locks, 'a lock reached through POST /v1/sessions/current/password is not in the audit trail').toHaveLength(1);
    });
  });

  describe('429 RATE_LIMITED with Retry-After', () => {
    it('per e-mail: the 11th attempt in a minute is refused before any password is checked, whoever asks; other e-mails go on', async () => {
      const person = await addMember(service, owner.browser, { scopes: [] });
      startOfNextMinute(service.clock);
      service.clock.advance(15_000);
      for (let i = 0; i < 10; i++) {
        const answer = await rawAttempt(i % 2 ? person.email.toUpperCase() : ` ${person.email}`, i === 9 ? person.password : `wrong ${i}`);
        expect(answer.status, answer.text).toBe(i === 9 ? 201 : 401);
      }
      // Even the right password is refused now: the limit counts attempts, not failures.
      const refused = await rawAttempt(person.email, person.password);
      const problem = expectProblem(refused, 429, 'RATE_LIMITED');
      expect(problem.detail).toContain('e-mail');
      expect(refused.headers.get('retry-after')).toBe('45');
      expect(refused.headers.get('ratelimit-policy')).toBe('"default";q=10;w=60');
      expect(refused.headers.getSetCookie()).toEqual([]);
      // An unknown e-mail is limited the same way (nothing tells it apart); another e-mail is not.
      expect((await rawAttempt(freshEmail('other'), 'some password or other')).status).toBe(401);
      // The next window lets the person in.
      startOfNextMinute(service.clock);
      expect((await rawAttempt(person.email, person.password)).status).toBe(201);
    });

    it('an unknown e-mail is limited after 10 attempts too', async () => {
      startOfNextMinute(service.clock);
      const nobody = freshEmail('nobody');
      for (let i = 0; i < 10; i++) expectProblem(await rawAttempt(nobody, `guess ${i}`), 401, 'INVALID_CREDENTIALS');
      expectProblem(await rawAttempt(nobody, 'guess 10'), 429, 'RATE_LIMITED');
    });

    it('per address: 30 sign-ins and invitation acceptances a minute together, then 429 for both, until the next minute', async () => {
      const person = await addMember(service, owner.browser, { scopes: [] });
      startOfNextMinute(service.clock);
      // Acceptances of made-up links are cheap (no password is hashed) and count as attempts.
      for (let i = 0; i < 29; i++) {
        expectProblem(await new Browser(service).post('/v1/invitations/accept', { token: `kp_invite_made_up_${i}`, password: 'irrelevant password here' }), 401, 'INVITATION_INVALID');
      }
      expect((await rawAttempt(person.email, person.password)).status).toBe(201);
      const signInRefused = await rawAttempt(person.email, person.password);
      expect(expectProblem(signInRefused, 429, 'RATE_LIMITED').detail).toContain('address');
      expect(signInRefused.headers.get('ratelimit-policy')).toBe('"default";q=30;w=60');
      expect(Number(signInRefused.headers.get('retry-after'))).toBe(60);
      const acceptRefused = await new Browser(service).post('/v1/invitations/accept', { token: 'kp_invite_x', password: 'irrelevant password here' });
      expectProblem(acceptRefused, 429, 'RATE_LIMITED');
      expect(acceptRefused.headers.get('retry-after')).toBe('60');
      // Signed-in people are not affected: their requests are not sign-ins.
      expect((await owner.browser.get('/v1/myself')).status).toBe(200);
      service.clock.advance(60_000);
      expect((await rawAttempt(person.email, person.password)).status).toBe(201);
    });

    it('a throttled attempt is audited as session.refused with RATE_LIMITED, without the e-mail or password', async () => {
      startOfNextMinute(service.clock);
      const nobody = freshEmail('throttled');
      for (let i = 0; i < 10; i++) await rawAttempt(nobody, `guess ${i}`);
      await service.flushRecorders();
      const secret = 'this is the secret guess';
      const answer = await rawAttempt(nobody, secret);
      expectProblem(answer, 429, 'RATE_LIMITED');
      await service.flushRecorders();
      const events = (await call(service, 'GET', '/v1/audit-events?organization=none&action=session.refused&limit=200', { key: service.adminKey })).body.data;
      const event = events.find((e: { request_id: string }) => e.request_id === answer.body.request_id);
      expect(event).toMatchObject({ organization_id: null, actor: null, ip: '127.0.0.1', details: { code: 'RATE_LIMITED', method: 'POST', path: '/v1/sessions' } });
      // Nor in the organization's own refusals of the same e-mail (unknown there).
      const own = await auditEvents(service, { action: 'session.refused' });
      expect(own.some((e) => e.details.reason === 'unknown_email')).toBe(true);
      for (const text of [JSON.stringify(events), JSON.stringify(own)]) {
        expect(text).not.toContain(nobody);
        expect(text).not.toContain(secret);
      }
    });
  });
});
