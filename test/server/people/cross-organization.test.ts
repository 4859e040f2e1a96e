/**
 * A session belongs to one organization: with it, another organization's keys, members and
 * sessions do not exist (404, never 403), its events are never listed, and its members'
 * passwords open nothing here. The operator's own members are no exception.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, createKey, createOrganization, expectProblem, type ApiKeyWithSecret, type CreatedOrganization } from '../../helpers/api.js';
import { acceptAs, addMember, freshEmail, setUpOwner, signIn, type Person } from '../../helpers/people.js';
import { startService, type TestService } from '../../helpers/service.js';

describe('sessions across organizations', () => {
  let service: TestService;
  let alpha: CreatedOrganization;
  let beta: CreatedOrganization;
  let ownerA: Person;
  let ownerB: Person;
  let memberB: Person;
  let keyB: ApiKeyWithSecret;
  let operatorOwner: Person;

  beforeAll(async () => {
    service = await startService();
    operatorOwner = await setUpOwner(service);
    alpha = await createOrganization(service, { slug: 'alpha' });
    beta = await createOrganization(service, { slug: 'beta' });
    ownerA = await acceptAs(service, alpha.owner_invitation.token, { organizationSlug: 'alpha', email: freshEmail('alpha.owner'), displayName: 'Alpha Owner' });
    ownerB = await acceptAs(service, beta.owner_invitation.token, { organizationSlug: 'beta', email: freshEmail('beta.owner'), displayName: 'Beta Owner' });
    memberB = await addMember(service, ownerB.browser, { scopes: ['keys:write'], organizationSlug: 'beta' });
    keyB = await createKey(service, { name: 'beta key', scopes: ['keys:read'] }, beta.admin_key.secret);
    // Some activity in B that A must never see.
    expect((await memberB.browser.post('/v1/keys', { name: 'made by a beta member' })).status).toBe(201);
  });
  afterAll(async () => {
    await service.close();
  });

  describe("404, never 403: another organization's things do not exist for a session", () => {
    it("another organization's key is KEY_NOT_FOUND, like an id that never existed", async () => {
      for (const [method, suffix, body] of [['GET', '', undefined], ['PATCH', '', { name: 'taken over' }], ['POST', '/revoke', {}], ['POST', '/rotate', {}]] as const) {
        const theirs = expectProblem(await ownerA.browser.request(method, `/v1/keys/${keyB.id}${suffix}`, { body }), 404, 'KEY_NOT_FOUND');
        const none = expectProblem(await ownerA.browser.request(method, `/v1/keys/key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K${suffix}`, { body }), 404, 'KEY_NOT_FOUND');
        expect(theirs.detail.replace(keyB.id, 'ID')).toBe(none.detail.replace('key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K', 'ID'));
      }
      expect((await call(service, 'GET', `/v1/keys/${keyB.id}`, { key: beta.admin_key.secret })).body).toMatchObject({ name: 'beta key', status: 'active' });
    });

    it("another organization's member is MEMBER_NOT_FOUND for every member operation, and is untouched", async () => {
      const attempts: Array<[string, string, unknown]> = [
        ['GET', '', undefined],
        ['PATCH', '', { status: 'suspended' }],
        ['DELETE', '', undefined],
        ['POST', '/unlock', undefined],
        ['POST', '/invitation', undefined],
        ['DELETE', '/sessions', undefined],
      ];
      for (const [method, suffix, body] of attempts) {
        const theirs = expectProblem(await ownerA.browser.request(method, `/v1/members/${memberB.id}${suffix}`, { body }), 404, 'MEMBER_NOT_FOUND');
        const none = expectProblem(await ownerA.browser.request(method, `/v1/members/mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K${suffix}`, { body }), 404, 'MEMBER_NOT_FOUND');
        expect(theirs.detail.replace(memberB.id, 'ID')).toBe(none.detail.replace('mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K', 'ID'));
        // By A's admin key too.
        expectProblem(await call(service, method, `/v1/members/${memberB.id}${suffix}`, { key: alpha.admin_key.secret, body }), 404, 'MEMBER_NOT_FOUND');
      }
      expect((await memberB.browser.get('/v1/myself')).status).toBe(200);
      expect((await call(service, 'GET', `/v1/members/${memberB.id}`, { key: beta.admin_key.secret })).body).toMatchObject({ status: 'active', invitation_expires_at: null });
    });

    it("another organization's session is SESSION_NOT_FOUND and keeps working", async () => {
      expectProblem(await ownerA.browser.delete(`/v1/sessions/${memberB.browser.signedIn!.session.id}`), 404, 'SESSION_NOT_FOUND');
      expect((await memberB.browser.get('/v1/myself')).status).toBe(200);
    });

    it("the operator's own members are no exception: the operator owner finds no tenant member, while seeing the tenant itself", async () => {
      expectProblem(await operatorOwner.browser.get(`/v1/members/${memberB.id}`), 404, 'MEMBER_NOT_FOUND');
      expectProblem(await operatorOwner.browser.patch(`/v1/members/${memberB.id}`, { status: 'suspended' }), 404, 'MEMBER_NOT_FOUND');
      expectProblem(await operatorOwner.browser.get(`/v1/keys/${keyB.id}`), 404, 'KEY_NOT_FOUND');
      expect((await operatorOwner.browser.get(`/v1/organizations/${beta.organization.id}`)).status).toBe(200);
      // And a tenant's owner does not see the operator organization.
      expectProblem(await ownerB.browser.get(`/v1/organizations/${service.organizationId}`), 404, 'ORGANIZATION_NOT_FOUND');
      expect((await ownerB.browser.get(`/v1/organizations/${beta.organization.id}`)).status).toBe(200);
    });
  });

  describe('lists of a session hold nothing of another organization', () => {
    it("A's members, keys and audit trail name none of B's members, keys or events", async () => {
      const bIds = [memberB.id, ownerB.id, keyB.id, beta.organization.id, memberB.browser.signedIn!.session.id];
      for (const path of ['/v1/members?limit=200', '/v1/keys?limit=200', '/v1/audit-events?limit=200', '/v1/sessions']) {
        const answer = await ownerA.browser.get(path);
        expect(answer.status).toBe(200);
        for (const id of bIds) expect(answer.text, `${path} names ${id}`).not.toContain(id);
        expect(answer.text).not.toContain(memberB.email);
      }
      expect(await auditEvents(service, { actor_id: memberB.id }, alpha.admin_key.secret)).toEqual([]);
      expect((await auditEvents(service, { actor_id: memberB.id }, beta.admin_key.secret)).map((e) => e.action)).toContain('key.created');
    });
  });

  describe("401: another organization's e-mail and password open nothing here", () => {
    it('signing in to A with a member of B is INVALID_CREDENTIALS, as for an unknown e-mail', async () => {
      const wrongOrg = expectProblem(await signIn(service, { organization: 'alpha', email: memberB.email, password: memberB.password }), 401, 'INVALID_CREDENTIALS');
      const unknown = expectProblem(await signIn(service, { organization: 'alpha', email: freshEmail('nobody'), password: memberB.password }), 401, 'INVALID_CREDENTIALS');
      expect(wrongOrg.detail).toBe(unknown.detail);
      const noSuchOrg = expectProblem(await signIn(service, { organization: 'gamma', email: memberB.email, password: memberB.password }), 401, 'INVALID_CREDENTIALS');
      expect(noSuchOrg.detail).toBe(unknown.detail);
      expect((await signIn(service, { organization: 'beta', email: memberB.email, password: memberB.password })).status).toBe(201);
    });
  });
});
