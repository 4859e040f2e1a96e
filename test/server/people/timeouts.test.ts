/**
 * Sessions time out: after the organization's idle timeout without a request, and at its
 * absolute timeout however much they are used (defaults 1,800 s and 43,200 s; set with
 * `session_policy` when an organization is created or updated). The clock is the test's.
 *
 * The service runs with `cacheTtlMs: 0` here: the session cache's lifetime is measured in
 * real time (5 s by default, far below any idle timeout), while these tests move the
 * service's clock by half hours within milliseconds; a cached session would otherwise carry
 * a `last_seen_at` older than the real one once the recorder has written it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createOrganization, expectProblem, MINUTE, SECOND } from '../../helpers/api.js';
import { acceptAs, expectSessionEnded, freshEmail, newSession, setUpOwner, type Person, type Session } from '../../helpers/people.js';
import { startService, type TestService } from '../../helpers/service.js';

describe('session timeouts', () => {
  let service: TestService;
  let owner: Person;

  beforeAll(async () => {
    service = await startService({ cacheTtlMs: 0 });
    owner = await setUpOwner(service);
  });
  afterAll(async () => {
    await service.close();
  });

  /** A tenant with `policy`, and its first owner signed in. */
  async function tenantOwner(slug: string, policy?: { idle_timeout_seconds?: number; absolute_timeout_seconds?: number }): Promise<Person & { organizationId: string }> {
    const tenant = await createOrganization(service, { slug, ...(policy ? { session_policy: policy } : {}) });
    const person = await acceptAs(service, tenant.owner_invitation.token, { organizationSlug: slug, email: freshEmail(slug), displayName: `Owner of ${slug}` });
    return { ...person, organizationId: tenant.organization.id };
  }

  describe('the defaults: 30 minutes idle, 12 hours in all', () => {
    it('an organization made without a policy has the defaults', async () => {
      const tenant = await createOrganization(service, { slug: 'defaults' });
      expect(tenant.organization.session_policy).toEqual({ idle_timeout_seconds: 1800, absolute_timeout_seconds: 43_200 });
    });

    it('a session used within every 30 minutes lives on, across the recorder writing last_seen_at', async () => {
      const browser = await newSession(service, owner);
      for (let i = 0; i < 4; i++) {
        service.clock.advance(29 * MINUTE);
        expect((await browser.get('/v1/myself')).status).toBe(200);
        // Every other round, the use is written to the store before the next one.
        if (i % 2 === 0) await service.flushRecorders();
      }
    });

    it('last_seen_at and idle_expires_at follow the last request', async () => {
      const browser = await newSession(service, owner);
      const other = await newSession(service, owner);
      service.clock.advance(10 * MINUTE);
      const usedAt = service.clock.now();
      expect((await other.get('/v1/myself')).status).toBe(200);
      await service.flushRecorders();
      service.clock.advance(5 * MINUTE);
      const listed = (await browser.get('/v1/sessions')).body.data as Session[];
      const seen = listed.find((s) => s.id === other.signedIn!.session.id)!;
      expect(seen.last_seen_at).toBe(new Date(usedAt).toISOString());
      expect(seen.idle_expires_at).toBe(new Date(usedAt + 1800 * SECOND).toISOString());
      const current = listed.find((s) => s.current)!;
      expect(current.last_seen_at).toBe(new Date(service.clock.now()).toISOString());
    });

    it('a session left alone for more than 30 minutes ends: 401 INVALID_SESSION, cookie cleared, no longer listed', async () => {
      const idle = await newSession(service, owner);
      const active = await newSession(service, owner);
      service.clock.advance(20 * MINUTE);
      expect((await active.get('/v1/myself')).status).toBe(200);
      service.clock.advance(10 * MINUTE + SECOND);
      const listed = (await active.get('/v1/sessions')).body.data as Session[];
      expect(listed.map((s) => s.id)).not.toContain(idle.signedIn!.session.id);
      const { token, csrf } = idle;
      expectSessionEnded(await idle.get('/v1/myself'));
      // A change with its CSRF token is refused the same way (the browser forgot the cookie; a replay sends it).
      expectSessionEnded(
        await call(service, 'POST', '/v1/keys', { headers: { cookie: `keyplane_session=${token}`, 'x-csrf-token': csrf! }, body: { name: 'too late' } }),
      );
    });

    it('exactly at the idle timeout it still works; a millisecond later it does not', async () => {
      const browser = await newSession(service, owner);
      service.clock.advance(1800 * SECOND);
      expect((await browser.get('/v1/myself')).status).toBe(200);
      service.clock.advance(1800 * SECOND + 1);
      expectSessionEnded(await browser.get('/v1/myself'));
    });

    it('a session ends 12 hours after sign-in however much it is used', async () => {
      const browser = await newSession(service, owner);
      const expiresAt = new Date(browser.signedIn!.session.expires_at).getTime();
      expect(expiresAt - service.clock.now()).toBe(12 * 60 * MINUTE);
      while (service.clock.now() + 25 * MINUTE < expiresAt) {
        service.clock.advance(25 * MINUTE);
        expect((await browser.get('/v1/myself')).status).toBe(200);
      }
      service.clock.current = expiresAt - 1;
      expect((await browser.get('/v1/myself')).status).toBe(200);
      service.clock.current = expiresAt;
      expectSessionEnded(await browser.get('/v1/myself'));
    });
  });

  describe("an organization's own session_policy", () => {
    it('set at creation: idle and absolute timeouts and the cookie lifetime follow it', async () => {
      const person = await tenantOwner('shortlived', { idle_timeout_seconds: 300, absolute_timeout_seconds: 900 });
      expect(person.browser.signedIn!.organization.session_policy).toEqual({ idle_timeout_seconds: 300, absolute_timeout_seconds: 900 });
      expect(person.browser.lastSetCookies[0]).toMatch(/Max-Age=900(;|$)/);
      const idle = await newSession(service, person);
      service.clock.advance(4 * MINUTE);
      expect((await person.browser.get('/v1/myself')).status).toBe(200);
      service.clock.advance(1 * MINUTE + SECOND);
      expectSessionEnded(await idle.get('/v1/myself'));
      expect((await person.browser.get('/v1/myself')).status).toBe(200);
      service.clock.advance(4 * MINUTE);
      expect((await person.browser.get('/v1/myself')).status).toBe(200);
      service.clock.advance(4 * MINUTE);
      expect((await person.browser.get('/v1/myself')).status).toBe(200);
      // 15 minutes and a bit since accepting: past the absolute timeout.
      service.clock.advance(2 * MINUTE);
      expectSessionEnded(await person.browser.get('/v1/myself'));
    });

    it('changed later: a shorter idle timeout applies to open sessions at once; the absolute one to new sessions', async () => {
      const person = await tenantOwner('changing');
      const open = await newSession(service, person);
      const update = await call(service, 'PATCH', `/v1/organizations/${person.organizationId}`, {
        key: service.adminKey,
        body: { session_policy: { idle_timeout_seconds: 600, absolute_timeout_seconds: 3600 } },
      });
      expect(update.status, update.text).toBe(200);
      expect(update.body.session_policy).toEqual({ idle_timeout_seconds: 600, absolute_timeout_seconds: 3600 });
      service.clock.advance(10 * MINUTE + SECOND);
      expectSessionEnded(await open.get('/v1/myself'));
      const fresh = await newSession(service, person);
      const { created_at, expires_at } = fresh.signedIn!.session;
      expect(new Date(expires_at).getTime() - new Date(created_at).getTime()).toBe(3600 * SECOND);
    });

    it('an idle timeout longer than the absolute one is refused (422 INVALID_POLICY), as are values out of range (400)', async () => {
      const problem = expectProblem(
        await call(service, 'POST', '/v1/organizations', {
          key: service.adminKey,
          body: { slug: 'badpolicy', name: 'Bad', session_policy: { idle_timeout_seconds: 7200, absolute_timeout_seconds: 3600 } },
        }),
        422,
        'INVALID_POLICY',
      );
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.session_policy.idle_timeout_seconds']);
      const tooShort = await call(service, 'POST', '/v1/organizations', {
        key: service.adminKey,
        body: { slug: 'badpolicy', name: 'Bad', session_policy: { idle_timeout_seconds: 299 } },
      });
      expectProblem(tooShort, 400, 'VALIDATION_FAILED');
      const listed = await call(service, 'GET', '/v1/organizations?limit=200', { key: service.adminKey });
      expect(listed.text).not.toContain('badpolicy');
    });
  });
});

describe('the idle timeout with a long session cache (--cache-ttl-ms up to 600000 is accepted)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService({ cacheTtlMs: 600_000 });
  });
  afterAll(async () => {
    await service.close();
  });

  // A session in use must not time out. With a cache entry that outlives the idle timeout,
  // the last use the recorder has written is not seen: the entry keeps the `last_seen_at` it
  // was loaded with, and the recorder forgets a use once it has written it.
  it('a session used every minute stays open past the idle timeout of 5 minutes', async () => {
    const tenant = await createOrganization(service, { slug: 'cached', session_policy: { idle_timeout_seconds: 300, absolute_timeout_seconds: 3600 } });
    const person = await acceptAs(service, tenant.owner_invitation.token, { organizationSlug: 'cached', email: freshEmail('cached'), displayName: 'Cached Owner' });
    for (let minute = 1; minute <= 8; minute++) {
      service.clock.advance(MINUTE);
      const answer = await person.browser.get('/v1/myself');
      expect(answer.status, `minute ${minute}: ${answer.text}`).toBe(200);
      // What the recorder's timer does every few seconds in a running service.
      await service.flushRecorders();
    }
  });
});
