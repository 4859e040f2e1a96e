import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import type { KyselyStore } from '../../src/store/kysely-store.js';
import { PreparedQueries } from '../../src/store/prepared-queries.js';
import { aSecretHash, anApiKeyRecord, anOrganization } from '../helpers/fixtures.js';
import { describeStoreBehaviour } from './store-behaviour.js';

let dir: string;
let path: string;
let store: KyselyStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyplane-sqlite-'));
  path = join(dir, 'nested', 'keyplane.db');
  store = openSqliteStore({ path });
  await store.migrate();
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

let empties = 0;
describeStoreBehaviour(
  'SQLite',
  () => store,
  async () => openSqliteStore({ path: join(dir, `empty-${++empties}.db`) }),
);

describe('SQLite specifics', () => {
  it('runs with WAL, synchronous=FULL, foreign keys and a busy timeout', async () => {
    const pragma = async (name: string) =>
      Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(store.db)).rows[0]!)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(2); // FULL
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(5000);
  });

  it('looks keys up by secret hash through the indexes (EXPLAIN QUERY PLAN of the exact SQL)', async () => {
    const [current, previous] = new PreparedQueries(store.db).hotStatements;
    const plan = async (text: string) =>
      (await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${text}`, ['x']))).rows.map(
        (r) => r.detail,
      );
    expect(await plan(current!)).toEqual([expect.stringMatching(/^SEARCH api_keys USING INDEX api_keys_secret_hash \(secret_hash=\?\)$/)]);
    expect(await plan(previous!)).toEqual([
      expect.stringMatching(/^SEARCH api_keys USING INDEX api_keys_previous_secret_hash \(previous_secret_hash=\?\)$/),
    ]);
  });

  it('finds scope holders and lists an organization\'s keys through indexes', async () => {
    const plan = async (query: { compile(): CompiledQuery }) => {
      const { sql: text, parameters } = query.compile();
      const { rows } = await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${text}`, [...parameters]));
      return rows.map((r) => r.detail).join('\n');
    };
    const holders = store.db
      .selectFrom('api_key_scopes')
      .innerJoin('api_keys', 'api_keys.id', 'api_key_scopes.key_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('api_key_scopes.organization_id', '=', 'org')
      .where('api_key_scopes.scope', '=', 'read');
    expect(await plan(holders)).toMatch(/USING COVERING INDEX api_key_scopes_organization_id_scope/);
    const page = store.db.selectFrom('api_keys').selectAll().where('organization_id', '=', 'org').where('id', '>', 'key_').orderBy('id').limit(10);
    expect(await plan(page)).toMatch(/USING INDEX api_keys_organization_id_id \(organization_id=\? AND id>\?\)/);
    expect(await plan(page)).not.toMatch(/TEMP B-TREE/);
  });

  it('answers the people look-ups and the audit filter by actor through indexes', async () => {
    const plan = async (query: { compile(): CompiledQuery }) => {
      const { sql: text, parameters } = query.compile();
      const { rows } = await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${text}`, [...parameters]));
      return rows.map((r) => r.detail).join('\n');
    };
    const db = store.db;
    expect(
      await plan(db.selectFrom('audit_events').selectAll().where('organization_id', '=', 'org').where('actor_id', '=', 'mem').where('id', '<', 'evt_').orderBy('id', 'desc').limit(10)),
    ).toMatch(/USING INDEX audit_events_organization_id_actor_id_id \(organization_id=\? AND actor_id=\? AND id<\?\)/);
    expect(await plan(db.selectFrom('members').selectAll().where('organization_id', '=', 'org').where('email_lower', '=', 'a@b.c'))).toMatch(
      /USING INDEX members_organization_id_email_lower/,
    );
    expect(await plan(db.selectFrom('members').selectAll().where('invitation_hash', '=', 'h'))).toMatch(/USING INDEX members_invitation_hash/);
    expect(await plan(db.selectFrom('members').selectAll().where('organization_id', '=', 'org').where('id', '>', 'mem_').orderBy('id').limit(10))).toMatch(
      /USING INDEX members_organization_id_id \(organization_id=\? AND id>\?\)/,
    );
    expect(await plan(db.selectFrom('sessions').selectAll().where('token_hash', '=', 'h'))).toMatch(/^SEARCH sessions USING INDEX/);
    expect(await plan(db.deleteFrom('sessions').where('expires_at', '<=', 0))).toMatch(/USING COVERING INDEX sessions_expires_at/);
  });

  it('keeps its data in the file across close and reopen', async () => {
    const reopenPath = join(dir, 'reopen.db');
    const first = openSqliteStore({ path: reopenPath });
    await first.migrate();
    const org = anOrganization();
    const key = anApiKeyRecord(org);
    await first.organizations.insert(org);
    await first.keys.insert(key);
    await first.close();

    const second = openSqliteStore({ path: reopenPath });
    try {
      await second.migrate();
      expect(await second.organizations.get(org.id)).toEqual(org);
      expect(await second.keys.findBySecretHash(key.secretHash)).toEqual(key);
    } finally {
      await second.close();
    }
  });

  it('refuses a key of an organization that does not exist (foreign keys are on)', async () => {
    await expect(store.keys.insert(anApiKeyRecord(anOrganization()))).rejects.toThrow(/FOREIGN KEY/);
  });

  it('bulk-inserts quickly (rate printed; the bench measures 1M rows)', async () => {
    const org = anOrganization();
    await store.organizations.insert(org);
    const keys = Array.from({ length: 50_000 }, (_, i) =>
      anApiKeyRecord(org, { secretHash: aSecretHash(`bulk-${i}`), scopes: i % 2 ? ['read'] : ['read', 'write'] }),
    );
    const started = performance.now();
    await store.keys.insertMany(keys);
    const rate = Math.round(keys.length / ((performance.now() - started) / 1000));
    console.log(`SQLite insertMany: ${rate} rows/s (50,000 keys, 75,000 scope rows)`);
    expect(await store.keys.count(org.id)).toBe(50_000);
    // A floor far below the target, so a loaded CI machine does not fail; regressions of
    // an order of magnitude (a statement per row, a lost transaction) still do.
    expect(rate).toBeGreaterThan(5_000);
  });
});
