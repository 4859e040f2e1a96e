/**
 * `keyplane migrate-store` moves a one-node SQLite deployment to PostgreSQL without any
 * customer changing a key: a SQLite database with keys (one rotated and in its grace
 * period, one revoked), scopes, members, a signed-in session and the audit trail is copied
 * by the real CLI into a throwaway PostgreSQL, and a `keyplane serve` process on PostgreSQL
 * with the same server secret then serves exactly the same things: the same secrets verify
 * (both secrets of the rotated key), the revoked key stays revoked, the owner signs in with
 * the same password and the session cookie still works. A second copy into the now
 * non-empty database is refused before it writes anything.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { call, createKey } from '../helpers/api.js';
import { addMember, setUpOwner } from '../helpers/people.js';
import { startPostgres, type RunningPostgres } from '../helpers/postgres.js';
import { killAllChildren, runCli, spawnService, tempDir, type ServiceProcess } from '../helpers/process.js';
import { startService, type TestService } from '../helpers/service.js';
import { ContractConformance } from '../helpers/contract-conformance.js';

const conformance = new ContractConformance();
let postgres: RunningPostgres | undefined;
let removeDir: (() => Promise<void>) | undefined;

afterAll(async () => {
  killAllChildren();
  await postgres?.stop();
  await removeDir?.();
  expect(conformance.violations).toEqual([]);
});

/** Every item of a paged list (`data` and `next_cursor`), through `fetchPage(cursor)`. */
async function allPages<T>(fetchPage: (cursor: string | undefined) => Promise<{ data: T[]; next_cursor?: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return items;
}

/**
 * What a deployment holds, as its API shows it: compared before and after the move. The
 * admin key's `last_used_at` is left out: reading all this with it uses it.
 */
async function snapshot(get: (pathAndQuery: string) => Promise<any>, adminKeyId: string) {
  const paged = (base: string) => allPages((cursor) => get(`${base}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
  return {
    organization: await get('/v1/myself').then((me) => me.organization),
    scopes: await get('/v1/scopes'),
    keys: (await paged('/v1/keys')).map((key: any) => (key.id === adminKeyId ? { ...key, last_used_at: 'used' } : key)),
    members: await paged('/v1/members'),
    auditEvents: await paged('/v1/audit-events'),
  };
}

describe('keyplane migrate-store, SQLite to PostgreSQL', () => {
  it('copies every table, and a node on PostgreSQL with the same server secret serves the same keys, people and trail', async () => {
    const dir = await tempDir('keyplane-migrate-');
    removeDir = dir.remove;
    const dbPath = path.join(dir.dir, 'keyplane.db');

    // 1. A one-node deployment on SQLite, used for a while.
    const sqlite: TestService = await startService({ dbPath });
    const admin = sqlite.adminKey;
    unwrap(await sqlite.client().api.POST('/v1/scopes', { body: { name: 'reports:read', description: 'Read reports' } }));
    unwrap(await sqlite.client().api.POST('/v1/scopes', { body: { name: 'reports:write', includes: ['reports:read'] } }));
    const plain = await createKey(sqlite, {
      name: 'billing service',
      scopes: ['reports:write'],
      metadata: { team: 'billing' },
      ip_rules: [{ action: 'allow', cidr: '127.0.0.0/8' }],
    });
    const rotating = await createKey(sqlite, { name: 'ci pipeline', scopes: ['reports:read'] });
    const rotated = unwrap(
      await sqlite.client().api.POST('/v1/keys/{key_id}/rotate', { params: { path: { key_id: rotating.id } }, body: { grace_period: 86_400 } }),
    );
    const revoked = await createKey(sqlite, { name: 'leaked', scopes: ['reports:read'] });
    unwrap(await sqlite.client().api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: revoked.id } }, body: {} }));
    const owner = await setUpOwner(sqlite);
    const analyst = await addMember(sqlite, owner.browser, { scopes: ['keys:read'] });
    for (const secret of [plain.secret, rotating.secret, rotated.secret]) {
      expect(unwrap(await sqlite.client().api.POST('/v1/keys/verify', { body: { key: secret, ip: '127.0.0.1' } })).code).toBe('VALID');
    }
    await sqlite.flushRecorders();
    const getOnSqlite = async (pathAndQuery: string) => {
      const answer = await call(sqlite, 'GET', pathAndQuery, { key: admin });
      expect(answer.status, answer.text).toBe(200);
      return answer.body;
    };
    const before = await snapshot(getOnSqlite, sqlite.adminKeyId);
    expect(before.keys.length).toBe(4); // the admin key and the three above
    expect(before.members.length).toBe(2);
    expect(before.auditEvents.length).toBeGreaterThan(8);
    const serverSecretHex = sqlite.serverSecret.toString('hex');
    await sqlite.close();

    // 2. The copy, with the real command.
    postgres = await startPostgres();
    const copy = await runCli(['migrate-store', '--from', dbPath, '--to', postgres.connectionString, '--batch-size', '3'], { timeoutMs: 60_000 });
    expect(copy.code, copy.stderr).toBe(0);
    expect(copy.stdout).toMatch(/^Copied in \d+\.\d s:\n/);
    for (const [table, rows] of [
      ['organizations', 1],
      ['api_keys', 4],
      ['scopes', 2],
      ['members', 2],
      ['audit_events', before.auditEvents.length],
    ] as const) {
      expect(copy.stdout).toMatch(new RegExp(`\\n  ${table} +${rows}\\n`));
    }
    expect(copy.stderr).toContain('Start every node on the new database with the server secret the old node used');
    expect(copy.stdout + copy.stderr).not.toContain(serverSecretHex);

    // 3. A node on PostgreSQL with the same server secret: no bootstrap, the same everything.
    const node: ServiceProcess = await spawnService({ dbPath: postgres.connectionString, serverSecretHex });
    expect(node.adminKey).toBeNull();
    const onNode = async (method: string, pathAndQuery: string, init: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
      const request = new Request(`${node.url}${pathAndQuery}`, {
        method,
        headers: {
          ...(init.key ? { 'x-api-key': init.key } : {}),
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const response = await fetch(request);
      await conformance.check(method, request.url, response);
      return { status: response.status, body: (await response.json()) as any };
    };
    const getOnNode = async (pathAndQuery: string) => {
      const answer = await onNode('GET', pathAndQuery, { key: admin });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body;
    };
    expect(await snapshot(getOnNode, sqlite.adminKeyId)).toEqual(before);

    const verdict = async (secret: string) => (await onNode('POST', '/v1/keys/verify', { key: admin, body: { key: secret, required_scopes: ['reports:read'], ip: '127.0.0.1' } })).body;
    expect(await verdict(plain.secret)).toMatchObject({ valid: true, code: 'VALID', key: { id: plain.id, metadata: { team: 'billing' } } });
    expect(await verdict(rotated.secret)).toMatchObject({ valid: true, code: 'VALID', key: { id: rotating.id } });
    // The old secret of the rotated key is still in its grace period.
    expect(await verdict(rotating.secret)).toMatchObject({ valid: true, code: 'VALID', key: { id: rotating.id } });
    expect(await verdict(revoked.secret)).toMatchObject({ valid: false, code: 'REVOKED' });
    // Keys authenticate too, the admin key and the others.
    expect((await onNode('GET', '/v1/myself', { key: plain.secret })).status).toBe(200);

    // People: the session survives the move, and the password still signs in.
    const cookie = `${owner.browser.cookieName}=${owner.browser.token}`;
    expect((await onNode('GET', '/v1/myself', { headers: { cookie } })).body).toMatchObject({ member: { id: owner.id } });
    const signedIn = await onNode('POST', '/v1/sessions', { body: { organization: 'operator', email: analyst.email, password: analyst.password } });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(201);
    expect(signedIn.body.member.id).toBe(analyst.id);

    // 4. Copying again into what is no longer empty is refused, and writes nothing.
    // (With a password in the URL this time, which no message repeats; the throwaway server trusts any.)
    const withPassword = postgres.connectionString.replace('://keyplane@', '://keyplane:hunter2-password@');
    const again = await runCli(['migrate-store', '--from', dbPath, '--to', withPassword]);
    expect(again.code).toBe(1);
    expect(again.stdout + again.stderr).not.toContain('hunter2-password');
    expect(again.stderr).toMatch(/the target database is not empty \(organizations: 1, scopes: 2, api_keys: 4, .*\)/);
    expect((await getOnNode('/v1/keys?limit=100')).data).toHaveLength(4);
    await node.stop();
  });

  it('says what is wrong with the way it was called', async () => {
    const noTarget = await runCli(['migrate-store', '--from', 'x.db']);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain('--to is required');
    const noSource = await runCli(['migrate-store', '--from', '/nonexistent/keyplane.db', '--to', 'postgres://nobody@127.0.0.1:1/none']);
    expect(noSource.code).toBe(1);
    expect(noSource.stderr).toContain('there is no database at /nonexistent/keyplane.db');
    const help = await runCli(['migrate-store', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: keyplane migrate-store');
  });
});
