/**
 * GET /v1/keys: oldest first, by cursor, with status/scope/name filters; cursors and query
 * parameters the service does not know are refused rather than ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { call, createKey, createOrganization, expectNoSecrets, expectProblem, HOUR, isoIn, MINUTE, type ApiKey } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

describe('GET /v1/keys', () => {
  let service: TestService;
  let admin: string;
  /** Every key of the organization, in creation order (the admin key first). */
  const created: Array<{ id: string; name: string; secret: string }> = [];
  const named = (name: string) => created.find((k) => k.name === name)!.id;

  beforeAll(async () => {
    service = await startService();
    const org = await createOrganization(service, { slug: 'listed' });
    admin = org.admin_key.secret;
    created.push({ id: org.admin_key.id, name: org.admin_key.name, secret: admin });
    unwrap(await service.client(admin).api.POST('/v1/scopes', { body: { name: 'read' } }));
    unwrap(await service.client(admin).api.POST('/v1/scopes', { body: { name: 'write', includes: ['read'] } }));
    for (const body of [
      { name: 'CRM Sync', scopes: ['read'] },
      { name: 'crm backup', scopes: ['write'] },
      { name: 'Power BI', scopes: ['read', 'keys:read'] },
      { name: 'later', not_before: isoIn(service.clock, HOUR) },
      { name: 'short', expires_at: isoIn(service.clock, MINUTE) },
      { name: 'revoked' },
      { name: '100%_literal' },
    ]) {
      const key = await createKey(service, body, admin);
      created.push({ id: key.id, name: key.name, secret: key.secret });
    }
    await call(service, 'POST', `/v1/keys/${named('revoked')}/revoke`, { key: admin, body: {} });
    service.clock.advance(2 * MINUTE); // `short` expires; `later` is not valid yet
  });
  afterAll(async () => {
    await service.close();
  });

  const list = async (query: string) => call(service, 'GET', `/v1/keys${query}`, { key: admin });
  const idsOf = (answer: { body: { data: ApiKey[] } }) => answer.body.data.map((k) => k.id);

  describe('200: cursor pages', () => {
    it('walks 8 keys in pages of 3 (3 + 3 + 2), oldest first, no duplicates or gaps', async () => {
      const first = await list('?limit=3');
      expect(idsOf(first)).toEqual(created.slice(0, 3).map((k) => k.id));
      expect(first.body.next_cursor).toEqual(expect.any(String));
      const second = await list(`?limit=3&cursor=${first.body.next_cursor}`);
      expect(idsOf(second)).toEqual(created.slice(3, 6).map((k) => k.id));
      const third = await list(`?limit=3&cursor=${second.body.next_cursor}`);
      expect(idsOf(third)).toEqual(created.slice(6).map((k) => k.id));
      expect(third.body.next_cursor).toBeNull();
      const all = [...idsOf(first), ...idsOf(second), ...idsOf(third)];
      expect(new Set(all).size).toBe(created.length);
      for (const page of [first, second, third]) expectNoSecrets(service, page.text, created.map((k) => k.secret));
    });

    it('a page that ends exactly at the last key has next_cursor null (no empty extra page)', async () => {
      const whole = await list('?limit=8');
      expect(idsOf(whole)).toHaveLength(8);
      expect(whole.body.next_cursor).toBeNull();
      const all = await list('');
      expect(idsOf(all)).toEqual(created.map((k) => k.id));
    });
  });

  describe('200: filters', () => {
    it.each([
      ['active', ['Admin', 'CRM Sync', 'crm backup', 'Power BI', '100%_literal']],
      ['revoked', ['revoked']],
      ['expired', ['short']],
      ['not_yet_valid', ['later']],
    ])('status=%s', async (status, names) => {
      const answer = await list(`?status=${status}`);
      expect(idsOf(answer).sort()).toEqual(names.map(named).sort());
      for (const key of answer.body.data) expect(key.status).toBe(status);
    });

    it('scope= lists keys granted the scope directly (not through includes)', async () => {
      expect(idsOf(await list('?scope=read')).sort()).toEqual([named('CRM Sync'), named('Power BI')].sort());
      expect(idsOf(await list('?scope=write'))).toEqual([named('crm backup')]);
      expect(idsOf(await list('?scope=keys:read'))).toEqual([named('Power BI')]);
      expect(idsOf(await list('?scope=nothing-has-this'))).toEqual([]);
    });

    it('name= matches a substring ignoring case, with % and _ taken literally', async () => {
      expect(idsOf(await list('?name=crm')).sort()).toEqual([named('CRM Sync'), named('crm backup')].sort());
      expect(idsOf(await list('?name=BI'))).toEqual([named('Power BI')]);
      expect(idsOf(await list(`?name=${encodeURIComponent('%_')}`))).toEqual([named('100%_literal')]);
      expect(idsOf(await list(`?name=${encodeURIComponent('_')}`))).toEqual([named('100%_literal')]);
    });

    it('id= lists exactly the keys named (revoked and expired ones too), oldest first, and leaves out ids of no key of the organization', async () => {
      const ids = (...names: string[]) => names.map((name) => `id=${named(name)}`).join('&');
      expect(idsOf(await list(`?${ids('short', 'CRM Sync', 'revoked')}`))).toEqual(['CRM Sync', 'short', 'revoked'].map(named));
      expect(idsOf(await list(`?${ids('Power BI')}`))).toEqual([named('Power BI')]);
      const other = await createOrganization(service, { slug: 'listedother' });
      const neverMade = 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K';
      const answer = await list(`?${ids('later')}&id=${other.admin_key.id}&id=${neverMade}`);
      expect(idsOf(answer)).toEqual([named('later')]);
      expect(answer.text).not.toContain(other.admin_key.id);
    });

    it('id= combines with the other filters, and pages', async () => {
      const all = `?${created.map((k) => `id=${k.id}`).join('&')}`;
      expect(idsOf(await list(`${all}&status=active&scope=read`)).sort()).toEqual([named('CRM Sync'), named('Power BI')].sort());
      const first = await list(`${all}&limit=5`);
      const second = await list(`${all}&limit=5&cursor=${first.body.next_cursor}`);
      expect([...idsOf(first), ...idsOf(second)]).toEqual(created.map((k) => k.id));
      expect(second.body.next_cursor).toBeNull();
    });

    it('filters combine, and page', async () => {
      expect(idsOf(await list('?status=active&name=crm&scope=write'))).toEqual([named('crm backup')]);
      const first = await list('?status=active&limit=2');
      const second = await list(`?status=active&limit=2&cursor=${first.body.next_cursor}`);
      const third = await list(`?status=active&limit=2&cursor=${second.body.next_cursor}`);
      expect([...idsOf(first), ...idsOf(second), ...idsOf(third)]).toEqual(
        ['Admin', 'CRM Sync', 'crm backup', 'Power BI', '100%_literal'].map(named),
      );
      expect(third.body.next_cursor).toBeNull();
    });
  });

  describe('400', () => {
    it.each([
      { what: 'a cursor the service never issued', query: '?cursor=bm90LWEtY3Vyc29y', path: 'query.cursor' },
      { what: 'a cursor of another kind of list (an event id)', query: `?cursor=${Buffer.from('evt_01JD3R0B6V2C8X4Z7N5M3K1J9H').toString('base64url')}`, path: 'query.cursor' },
      { what: 'an unknown query parameter', query: '?statuss=active', path: 'query.statuss' },
      { what: 'an unknown status', query: '?status=deleted', path: 'query.status' },
      { what: 'a limit of 0', query: '?limit=0', path: 'query.limit' },
      { what: 'a limit over 200', query: '?limit=201', path: 'query.limit' },
      { what: 'a limit that is not a number', query: '?limit=ten', path: 'query.limit' },
      { what: 'an empty name', query: '?name=', path: 'query.name' },
      { what: 'an id that is not a key id', query: '?id=sk_live_not-an-id', path: 'query.id[0]' },
      { what: 'more than 100 ids', query: `?${Array.from({ length: 101 }, () => 'id=key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K').join('&')}`, path: 'query.id' },
    ])('for $what, naming $path', async ({ query, path }) => {
      const problem = expectProblem(await list(query), 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.path)).toEqual([path]);
    });
  });

  // Last: it adds a key to the organization.
  describe('200: while keys are being created', () => {
    it('a key created while paging shows up on a later page, not twice', async () => {
      const first = await list('?limit=4');
      const extra = await createKey(service, { name: 'created while paging' }, admin);
      const rest = await list(`?limit=50&cursor=${first.body.next_cursor}`);
      expect(idsOf(rest)).toEqual([...created.slice(4).map((k) => k.id), extra.id]);
    });
  });
});
