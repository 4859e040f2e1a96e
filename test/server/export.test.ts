/**
 * GET /v1/keys/export: the whole inventory as JSON or CSV, with the contract's columns, never
 * a secret or a hash, and safe to open in a spreadsheet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createOrganization, expectNoSecrets, expectProblem, parseCsv, type ApiKey } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

const COLUMNS = [
  'id', 'name', 'description', 'status', 'scopes', 'expires_at', 'not_before', 'ip_rules', 'metadata', 'hint',
  'rate_limit_per_minute', 'created_at', 'created_by', 'created_by_type', 'created_by_id', 'updated_at', 'last_used_at', 'revoked_at', 'rotated_at',
];

describe('GET /v1/keys/export', () => {
  let service: TestService;
  let admin: string;
  let adminId: string;
  const secrets: string[] = [];
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    service = await startService();
    const created = await createOrganization(service, { slug: 'exported' });
    admin = created.admin_key.secret;
    adminId = created.admin_key.id;
    secrets.push(admin);
    for (const body of [
      { name: '=cmd()', description: '+SUM(A1)' },
      { name: '@import', description: '-2+3' },
      { name: 'Quotes "and", commas', description: 'line one\nline two', scopes: ['keys:read', 'audit:read'], metadata: { team: 'finance', 'ci/run': '7' } },
      { name: 'ruled', ip_rules: [{ action: 'deny' as const, cidr: '10.0.0.1' }, { action: 'allow' as const, cidr: '10.0.0.0/8', note: 'VPN' }], rate_limit_per_minute: 100 },
      { name: 'to revoke' },
    ]) {
      const key = await createKey(service, body, admin);
      ids[body.name] = key.id;
      secrets.push(key.secret);
    }
    await call(service, 'POST', `/v1/keys/${ids['to revoke']}/revoke`, { key: admin, body: {} });
    const rotated = await call(service, 'POST', `/v1/keys/${ids.ruled}/rotate`, { key: admin, body: {} });
    secrets.push(rotated.body.secret);
    // Another organization's key never shows up here.
    secrets.push((await createKey(service, { name: 'operator key' })).secret);
  });
  afterAll(async () => {
    await service.close();
  });

  const day = () => new Date(service.clock.now()).toISOString().slice(0, 10);

  describe('200 JSON (the default)', () => {
    it('holds every key of the organization, revoked ones too, as ApiKey objects', async () => {
      const answer = await call(service, 'GET', '/v1/keys/export', { key: admin });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="keyplane-keys-exported-${day()}.json"`);
      expect(answer.body.organization_id).toMatch(/^org_/);
      expect(answer.body.exported_at).toBe(new Date(service.clock.now()).toISOString());
      const keys = answer.body.keys as ApiKey[];
      expect(keys.map((k) => k.id).sort()).toEqual([adminId, ...Object.values(ids)].sort());
      expect(keys.find((k) => k.id === ids['to revoke'])?.status).toBe('revoked');
      // Each entry is exactly what GET /v1/keys/{id} answers.
      const single = await call(service, 'GET', `/v1/keys/${ids.ruled}`, { key: admin });
      expect(keys.find((k) => k.id === ids.ruled)).toEqual(single.body);
      for (const key of keys) {
        expect(key).not.toHaveProperty('secret');
        expect(Object.keys(key).some((field) => /hash/i.test(field))).toBe(false);
      }
      expectNoSecrets(service, answer.text, secrets);
    });

    it('filters by status', async () => {
      const revoked = await call(service, 'GET', '/v1/keys/export?status=revoked', { key: admin });
      expect(revoked.body.keys.map((k: ApiKey) => k.id)).toEqual([ids['to revoke']]);
      const active = await call(service, 'GET', '/v1/keys/export?format=json&status=active', { key: admin });
      expect(active.body.keys).toHaveLength(5);
    });
  });

  describe('200 CSV', () => {
    it('has a header row with the contract columns and one row per key, never a secret or hash', async () => {
      const answer = await call(service, 'GET', '/v1/keys/export?format=csv', { key: admin });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="keyplane-keys-exported-${day()}.csv"`);
      expect(answer.text.endsWith('\r\n')).toBe(true);
      expectNoSecrets(service, answer.text, secrets);
      const [header, ...rows] = parseCsv(answer.text);
      expect(header).toEqual(COLUMNS);
      expect(rows).toHaveLength(6);
      for (const row of rows) expect(row).toHaveLength(COLUMNS.length);
    });

    it('writes each field as the contract says: scopes space-joined, rules and metadata as JSON, empty for null', async () => {
      const answer = await call(service, 'GET', '/v1/keys/export?format=csv', { key: admin });
      const [header, ...rows] = parseCsv(answer.text);
      const byId = new Map(rows.map((row) => [row[0]!, Object.fromEntries(header!.map((column, i) => [column, row[i]!]))]));
      const json = (await call(service, 'GET', '/v1/keys/export', { key: admin })).body.keys as ApiKey[];

      const quoted = byId.get(ids['Quotes "and", commas']!)!;
      expect(quoted).toMatchObject({
        name: 'Quotes "and", commas',
        description: 'line one\nline two',
        scopes: 'audit:read keys:read',
        metadata: JSON.stringify({ team: 'finance', 'ci/run': '7' }),
        ip_rules: '[]',
        not_before: '',
        rate_limit_per_minute: '',
        revoked_at: '',
        status: 'active',
        created_by_type: 'key',
        created_by_id: adminId,
      });
      expect(quoted.created_by).toMatch(/ \(nm_[a-z0-9]+_…\w{4}\)$/);
      const ruled = byId.get(ids.ruled!)!;
      const ruledJson = json.find((k) => k.id === ids.ruled)!;
      expect(JSON.parse(ruled.ip_rules!)).toEqual(ruledJson.ip_rules);
      expect(ruled).toMatchObject({ rate_limit_per_minute: '100', hint: ruledJson.hint, rotated_at: ruledJson.rotated_at, expires_at: ruledJson.expires_at });
      expect(byId.get(ids['to revoke']!)).toMatchObject({ status: 'revoked', revoked_at: json.find((k) => k.id === ids['to revoke'])!.revoked_at });
    });

    it('guards against formula injection: a cell starting with = + - @ is prefixed with an apostrophe', async () => {
      const answer = await call(service, 'GET', '/v1/keys/export?format=csv', { key: admin });
      const rows = parseCsv(answer.text);
      const formula = rows.find((row) => row[0] === ids['=cmd()'])!;
      expect(formula[1]).toBe("'=cmd()");
      expect(formula[2]).toBe("'+SUM(A1)");
      const at = rows.find((row) => row[0] === ids['@import'])!;
      expect(at[1]).toBe("'@import");
      expect(at[2]).toBe("'-2+3");
      // No cell of the file starts a formula.
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      // The JSON export keeps the names as they are.
      const json = await call(service, 'GET', '/v1/keys/export', { key: admin });
      expect(json.body.keys.map((k: ApiKey) => k.name)).toContain('=cmd()');
    });
  });

  describe('400 / 403', () => {
    it('an unknown format or status is a 400 naming the parameter', async () => {
      const format = expectProblem(await call(service, 'GET', '/v1/keys/export?format=xlsx', { key: admin }), 400, 'VALIDATION_FAILED');
      expect(format.errors?.map((e) => e.path)).toEqual(['query.format']);
      const status = expectProblem(await call(service, 'GET', '/v1/keys/export?status=dead', { key: admin }), 400, 'VALIDATION_FAILED');
      expect(status.errors?.map((e) => e.path)).toEqual(['query.status']);
    });

    it('needs keys:read', async () => {
      const verifier = await createKey(service, { name: 'verifier', scopes: ['keys:verify'] }, admin);
      expectProblem(await call(service, 'GET', '/v1/keys/export?format=csv', { key: verifier.secret }), 403, 'INSUFFICIENT_SCOPE');
    });
  });
});
