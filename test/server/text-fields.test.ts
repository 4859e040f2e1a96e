/**
 * Text a person reads (names, descriptions, metadata values, IP rule notes, a revoke reason)
 * may not hold characters that change what is shown: control characters, bidirectional
 * overrides, lone surrogates (src/core/display-text.ts). Each field refuses them with 422
 * INVALID_TEXT naming it, and nothing is stored; a filter with a control character is a 400;
 * rows stored before the rule come out of the CSV export escaped, and exact in JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnsafeCharacters } from '../../src/core/display-text.js';
import { call, createKey, createOrganization, expectProblem, parseCsv, type ApiKey, type RawAnswer } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

/** Hostile values, each with the code point the problem must name. */
const HOSTILE: Array<[string, string, string]> = [
  ['NUL', 'a\u0000b', 'U+0000'],
  ['an ANSI escape sequence', 'x\u001b[2J\u001b[31mred', 'U+001B'],
  ['a right-to-left override', 'invoice\u202Etxt.exe', 'U+202E'],
  ['a lone surrogate', 'a\ud800b', 'U+D800'],
];

interface FieldCase {
  field: string;
  /** The request that carries `value` in `field`; the path is the problem's `errors[].path`. */
  send: (value: string) => Promise<RawAnswer>;
  path: string;
}

/** The body as raw JSON text: a lone surrogate goes out as the escape `\ud800`, as a client would write it. */
function rawJson(body: unknown): string {
  return JSON.stringify(body);
}

describe('text fields that cannot be shown safely', () => {
  let service: TestService;
  let keyId: string;
  let orgId: string;
  let orgAdmin: string;

  beforeAll(async () => {
    service = await startService();
    keyId = (await createKey(service, { name: 'target', description: 'fine' })).id;
    await call(service, 'POST', '/v1/scopes', { key: service.adminKey, body: { name: 'reports', description: 'Reads reports' } });
    const org = await createOrganization(service, { slug: 'textorg' });
    orgId = org.organization.id;
    orgAdmin = org.admin_key.secret;
  });
  afterAll(async () => {
    await service?.close();
  });

  const as = () => service.adminKey;
  const FIELDS: FieldCase[] = [
    { field: 'createKey name', path: 'body.name', send: (v) => call(service, 'POST', '/v1/keys', { key: as(), body: rawJson({ name: v }) }) },
    { field: 'createKey description', path: 'body.description', send: (v) => call(service, 'POST', '/v1/keys', { key: as(), body: rawJson({ name: 'k', description: v }) }) },
    { field: 'createKey metadata value', path: 'body.metadata.team', send: (v) => call(service, 'POST', '/v1/keys', { key: as(), body: rawJson({ name: 'k', metadata: { team: v } }) }) },
    {
      field: 'createKey IP rule note',
      path: 'body.ip_rules[0].note',
      send: (v) => call(service, 'POST', '/v1/keys', { key: as(), body: rawJson({ name: 'k', ip_rules: [{ action: 'allow', cidr: '10.0.0.0/8', note: v }] }) }),
    },
    { field: 'updateKey name', path: 'body.name', send: (v) => call(service, 'PATCH', `/v1/keys/${keyId}`, { key: as(), body: rawJson({ name: v }) }) },
    { field: 'updateKey description', path: 'body.description', send: (v) => call(service, 'PATCH', `/v1/keys/${keyId}`, { key: as(), body: rawJson({ description: v }) }) },
    { field: 'updateKey metadata value', path: 'body.metadata.team', send: (v) => call(service, 'PATCH', `/v1/keys/${keyId}`, { key: as(), body: rawJson({ metadata: { team: v } }) }) },
    { field: 'revokeKey reason', path: 'body.reason', send: (v) => call(service, 'POST', `/v1/keys/${keyId}/revoke`, { key: as(), body: rawJson({ reason: v }) }) },
    { field: 'createScope description', path: 'body.description', send: (v) => call(service, 'POST', '/v1/scopes', { key: as(), body: rawJson({ name: 'other', description: v }) }) },
    { field: 'updateScope description', path: 'body.description', send: (v) => call(service, 'PATCH', '/v1/scopes/reports', { key: as(), body: rawJson({ description: v }) }) },
    { field: 'createOrganization name', path: 'body.name', send: (v) => call(service, 'POST', '/v1/organizations', { key: as(), body: rawJson({ slug: 'neworg', name: v }) }) },
    { field: 'updateOrganization name', path: 'body.name', send: (v) => call(service, 'PATCH', `/v1/organizations/${orgId}`, { key: orgAdmin, body: rawJson({ name: v }) }) },
  ];

  /** Everything a refused request could have written, in both organizations (last use is recorded for refused requests too). */
  async function stored(): Promise<string> {
    const { store, clock } = service;
    const page = { limit: 1000, after: null };
    const parts = await Promise.all(
      [service.organizationId, orgId].flatMap((org) => [
        store.keys.list(org, {}, page, clock.now()).then(({ items }) => items.map(({ lastUsedAt: _, ...key }) => key)),
        store.scopes.list(org),
        store.audit.list(org, {}, page),
      ]),
    );
    return JSON.stringify([parts, await store.organizations.list(page)]);
  }

  describe('422 INVALID_TEXT', () => {
    const cases = FIELDS.flatMap((f) => HOSTILE.map(([what, value, code]) => [f.field, what, f, value, code] as const));
    it.each(cases)('%s with %s names the field and stores nothing', async (_field, _what, { send, path }, value, code) => {
      const before = await stored();
      const problem = expectProblem(await send(value), 422, 'INVALID_TEXT');
      expect(problem.errors).toEqual([{ path, message: expect.stringContaining(`(${code}) at position`) }]);
      expect(problem.detail).toContain(`${path}: `);
      // The problem names the character; it never repeats it.
      for (const text of [problem.detail, problem.errors![0]!.message]) expect(findUnsafeCharacters(text, 'single_line')).toEqual([]);
      expect(await stored()).toBe(before);
    });

    it('sends the lone surrogate as a JSON escape, not as bytes', () => {
      expect(rawJson({ name: 'a\ud800b' })).toBe('{"name":"a\\ud800b"}');
    });

    it('names every offending field at once', async () => {
      const answer = await call(service, 'POST', '/v1/keys', {
        key: as(),
        body: { name: 'a\u0007', description: 'b\u202D', metadata: { team: 'c\u200B' } },
      });
      expect(expectProblem(answer, 422, 'INVALID_TEXT').errors?.map((e) => e.path)).toEqual(['body.name', 'body.description', 'body.metadata.team']);
    });
  });

  describe('201 / 200: what free text may hold', () => {
    it('line feeds and tabs in a description and a revoke reason', async () => {
      const key = await createKey(service, { name: 'multi-line', description: 'Nightly sync.\n\tOwner: finance' });
      expect(key.description).toBe('Nightly sync.\n\tOwner: finance');
      const revoked = await call(service, 'POST', `/v1/keys/${key.id}/revoke`, { key: as(), body: { reason: 'Leaked:\n\tsee INC-42' } });
      expect(revoked.status).toBe(200);
    });

    it('a line feed is refused in a name, which is one line', async () => {
      const answer = await call(service, 'POST', '/v1/keys', { key: as(), body: { name: 'two\nlines' } });
      expect(expectProblem(answer, 422, 'INVALID_TEXT').errors).toEqual([
        { path: 'body.name', message: 'name contains a line break (U+000A) at position 4; it must be a single line; remove it' },
      ]);
    });

    it('scripts, emoji and joiners are text', async () => {
      const key = await createKey(service, { name: 'Ünïcødé 日本語 العربية 👩\u200D💻', metadata: { team: 'می\u200Cخواهم' } });
      expect(key.name).toBe('Ünïcødé 日本語 العربية 👩\u200D💻');
    });
  });

  describe('400 for a filter with a control character', () => {
    it.each(['%00', '%1B%5B2J', 'a%7F', '%C2%9B', 'a%0Ab'])('GET /v1/keys?name=%s names query.name', async (value) => {
      const problem = expectProblem(await call(service, 'GET', `/v1/keys?name=${value}`, { key: as() }), 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.path)).toEqual(['query.name']);
    });

    it('GET /v1/audit-events?target_id=%00 names query.target_id', async () => {
      const problem = expectProblem(await call(service, 'GET', '/v1/audit-events?target_id=%00', { key: as() }), 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.path)).toEqual(['query.target_id']);
    });

    it('a filter with an override finds a key named before the rule, and no other', async () => {
      const old = await createKey(service, { name: 'old' });
      await service.store.keys.update(service.organizationId, old.id, { name: 'old\u202Eexe.txt' });
      const answer = await call(service, 'GET', `/v1/keys?name=${encodeURIComponent('\u202E')}`, { key: as() });
      expect(answer.status).toBe(200);
      expect(answer.body.data.map((k: ApiKey) => k.id)).toEqual([old.id]);
    });
  });

  describe('200 export of rows stored before the rule', () => {
    // (A lone surrogate cannot be stored: SQLite keeps UTF-8, where it becomes U+FFFD. Its
    // escape is tested in test/core/display-text.test.ts.)
    it('CSV escapes control and bidirectional characters; JSON keeps them exact', async () => {
      const { organizationId, store } = service;
      const org = await createOrganization(service, { slug: 'legacy' });
      const key = org.admin_key;
      const name = 'evil\u001b[31m\u202Egnp.exe';
      const description = 'line one\nline two\r\u0007\u2066';
      await store.keys.update(org.organization.id, key.id, { name, description, metadata: { team: 'fin\u009bance\u202E' } });

      const csv = await call(service, 'GET', '/v1/keys/export?format=csv', { key: key.secret });
      expect(csv.status).toBe(200);
      expect(findUnsafeCharacters(csv.text.replaceAll('\r\n', ''), 'free_text')).toEqual([]);
      const [header, ...rows] = parseCsv(csv.text);
      const row = Object.fromEntries(header!.map((column, i) => [column, rows[0]![i]!]));
      expect(row.name).toBe('evil\\u{1b}[31m\\u{202e}gnp.exe');
      expect(row.description).toBe('line one\nline two\\u{d}\\u{7}\\u{2066}');
      expect(row.metadata).toBe('{"team":"fin\\u{9b}ance\\u{202e}"}');

      const json = await call(service, 'GET', '/v1/keys/export', { key: key.secret });
      const exported = (json.body.keys as ApiKey[]).find((k) => k.id === key.id)!;
      expect(exported).toMatchObject({ name, description, metadata: { team: 'fin\u009bance\u202E' } });
      expect(organizationId).not.toBe(org.organization.id);
    });
  });
});
