/**
 * The real `keyplane` CLI (`node --import tsx src/cli/main.ts ...` as child processes)
 * against the real service: every `keys` and `scopes` action, both ways of connecting,
 * problems on stderr with exit 1, and `serve` refusing bad settings (exit 2) and printing
 * the bootstrap admin key once. CLI runs that do not depend on each other run concurrently:
 * each costs a Node start-up.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { findUnsafeCharacters } from '../../src/core/display-text.js';
import { generateSecret, parseSecret } from '../../src/core/key-format.js';
import { expectedServeStderr, killAllChildren, runCli, spawnService, tempDir, type CliResult } from '../helpers/process.js';
import { startService, type TestService } from '../helpers/service.js';

let service: TestService;
/** `keyplane <args>` connected with flags. */
let cli: (args: string[], input?: string) => Promise<CliResult>;

beforeAll(async () => {
  service = await startService();
  cli = (args, input) => runCli([...args, '--endpoint', service.url, '--api-key', service.adminKey], { input });
});

afterAll(async () => {
  killAllChildren();
  await service?.close();
});

/** `key  value` lines of `renderRecord` output, as an object. */
function record(text: string): Record<string, string> {
  return Object.fromEntries(
    text.split('\n').flatMap((line) => {
      const match = /^(\S+)\s{2,}(.*)$/.exec(line);
      return match ? [[match[1]!, match[2]!] as const] : [];
    }),
  );
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('keyplane keys', () => {
  it('creates (secret shown once, table or --json), lists, gets, updates, verifies, rotates and revokes', async () => {
    const admin = service.client();
    const [table, json] = await Promise.all([
      cli(['keys', 'create', '--name', 'CRM Sync', '--scope', 'keys:read', '--metadata', 'team=finance', '--allow', '10.0.0.0/8', '--description', 'nightly sync']),
      cli(['keys', 'create', '--json', '--name', 'CI pipeline', '--scope', 'keys:read', '--scope', 'keys:verify', '--never-expires']),
    ]);

    // Table output: the key's fields, then its secret, shown exactly once, with the warning.
    expect(table.code, table.stderr).toBe(0);
    expect(table.stderr).toBe('');
    const secretLine = /^secret\s+(\S+)$/m.exec(table.stdout);
    const crmSecret = secretLine![1]!;
    expect(parseSecret(crmSecret).ok).toBe(true);
    expect(occurrences(table.stdout, crmSecret)).toBe(1);
    expect(table.stdout).toContain('The secret is shown only this once: store it now.');
    const crm = record(table.stdout);
    const crmId = crm.id!;
    expect(crmId).toMatch(/^key_/);
    expect(crm.name).toBe('CRM Sync');
    expect(crm.scopes).toBe('keys:read');
    expect(crm.ip_rules).toBe('allow 10.0.0.0/8');
    expect(crm.metadata).toBe('{"team":"finance"}');
    expect(crm.hint).toBe(`nm_operator_…${crmSecret.slice(-4)}`);

    // --json: the document the API answered, secret included.
    expect(json.code, json.stderr).toBe(0);
    const ci = JSON.parse(json.stdout) as { id: string; secret: string; expires_at: string | null; scopes: string[] };
    expect(ci).toMatchObject({ expires_at: null, scopes: ['keys:read', 'keys:verify'] });
    expect(parseSecret(ci.secret).ok).toBe(true);
    // Both are real keys.
    for (const [id, secret] of [[crmId, crmSecret], [ci.id, ci.secret]] as const) {
      const verdict = unwrap(await admin.api.POST('/v1/keys/verify', { body: { key: secret, ip: '10.1.2.3' } }));
      expect(verdict).toMatchObject({ valid: true, key: { id } });
    }

    const [list, listJson, get, update, verifyValid, verifyStdin, verifyBad, verifyScope] = await Promise.all([
      cli(['keys', 'list']),
      cli(['keys', 'list', '--json', '--name', 'crm']),
      cli(['keys', 'get', ci.id]),
      cli(['keys', 'update', crmId, '--name', 'CRM Sync (EU)', '--deny', '10.9.0.0/16', '--allow', '10.0.0.0/8', '--metadata', 'team=sales']),
      cli(['keys', 'verify', ci.secret, '--scope', 'keys:read']),
      cli(['keys', 'verify', '-', '--scope', 'keys:verify', '--json'], `${ci.secret}\n`),
      cli(['keys', 'verify', `${ci.secret.slice(0, -1)}x`]),
      cli(['keys', 'verify', '-', '--scope', 'audit:read'], ci.secret),
    ]);

    expect(list.code, list.stderr).toBe(0);
    const [header, ...rows] = list.stdout.trim().split('\n');
    expect(header!.split(/\s+/)).toEqual(['ID', 'NAME', 'STATUS', 'SCOPES', 'EXPIRES_AT', 'HINT']);
    expect(rows.some((row) => row.startsWith(crmId) && row.includes('CRM Sync') && row.includes('active'))).toBe(true);
    expect(rows.some((row) => row.startsWith(ci.id) && row.includes('keys:read keys:verify'))).toBe(true);
    for (const output of [list.stdout, listJson.stdout, get.stdout, update.stdout]) {
      expect(output).not.toContain(crmSecret);
      expect(output).not.toContain(ci.secret);
    }
    expect((JSON.parse(listJson.stdout) as Array<{ id: string }>).map((k) => k.id)).toEqual([crmId]);

    expect(get.code, get.stderr).toBe(0);
    expect(record(get.stdout)).toMatchObject({ id: ci.id, name: 'CI pipeline', expires_at: 'never', status: 'active' });

    expect(update.code, update.stderr).toBe(0);
    expect(record(update.stdout).name).toBe('CRM Sync (EU)');
    const updated = unwrap(await admin.api.GET('/v1/keys/{key_id}', { params: { path: { key_id: crmId } } }));
    expect(updated).toMatchObject({ name: 'CRM Sync (EU)', metadata: { team: 'sales' }, description: 'nightly sync' });
    expect(updated.ip_rules).toEqual([
      { action: 'allow', cidr: '10.0.0.0/8', note: null },
      { action: 'deny', cidr: '10.9.0.0/16', note: null },
    ]);

    // verify: exit 0 when valid, 1 when not; the key may come from stdin ("-").
    expect(verifyValid.code, verifyValid.stderr).toBe(0);
    expect(verifyValid.stdout).toMatch(/^valid: VALID\n/);
    expect(verifyValid.stdout).toContain(`key ${ci.id} (CI pipeline)`);
    expect(verifyStdin.code, verifyStdin.stderr).toBe(0);
    expect(JSON.parse(verifyStdin.stdout)).toMatchObject({ valid: true, code: 'VALID', key: { id: ci.id } });
    expect(verifyBad.code).toBe(1);
    expect(verifyBad.stdout).toMatch(/^NOT valid: MALFORMED\n/);
    expect(verifyScope.code).toBe(1);
    expect(verifyScope.stdout).toMatch(/^NOT valid: INSUFFICIENT_SCOPE\n/);
    for (const output of [verifyValid, verifyStdin, verifyBad, verifyScope]) expect(output.stdout + output.stderr).not.toContain(ci.secret);

    const [rotate, revoke] = await Promise.all([
      cli(['keys', 'rotate', ci.id, '--grace-period', '3600', '--json']),
      cli(['keys', 'revoke', crmId, '--reason', 'pasted into a ticket']),
    ]);
    expect(rotate.code, rotate.stderr).toBe(0);
    const rotated = JSON.parse(rotate.stdout) as { id: string; secret: string; previous_secret_expires_at: string | null };
    expect(rotated.id).toBe(ci.id);
    expect(rotated.secret).not.toBe(ci.secret);
    expect(rotated.previous_secret_expires_at).not.toBeNull();
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stdout).toMatch(new RegExp(`^Revoked ${crmId} \\(CRM Sync \\(EU\\)\\) at \\S+\\. It can never be used again\\.\\n$`));

    const [newSecret, oldSecretInGrace, revokedSecret] = await Promise.all([
      cli(['keys', 'verify', '-'], rotated.secret),
      cli(['keys', 'verify', '-'], ci.secret),
      cli(['keys', 'verify', '-'], crmSecret),
    ]);
    const rotateText = await cli(['keys', 'rotate', ci.id]);
    expect([newSecret.code, oldSecretInGrace.code]).toEqual([0, 0]);
    expect(revokedSecret.code).toBe(1);
    expect(revokedSecret.stdout).toMatch(/^NOT valid: REVOKED\n/);
    // Rotating in table form shows the new secret once, and says the old one stopped working
    // (a rotation without grace ends the earlier grace at once).
    expect(rotateText.code, rotateText.stderr).toBe(0);
    const textSecret = /^secret\s+(\S+)$/m.exec(rotateText.stdout)![1]!;
    expect(occurrences(rotateText.stdout, textSecret)).toBe(1);
    expect(rotateText.stdout).toContain('Shown only this once. The old secret no longer works.');
    expect(unwrap(await admin.api.GET('/v1/keys/{key_id}', { params: { path: { key_id: crmId } } })).status).toBe('revoked');
  });

  it('takes --grace-period as Terraform does (24h, 1d12h) or in seconds, and names the flag when it is neither', async () => {
    const key = unwrap(await service.client().api.POST('/v1/keys', { body: { name: 'grace in hours' } }));
    const rotated = await cli(['keys', 'rotate', key.id, '--grace-period', '24h', '--json']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const graceEnds = Date.parse((JSON.parse(rotated.stdout) as { previous_secret_expires_at: string }).previous_secret_expires_at);
    expect(Math.abs(graceEnds - Date.now() - 24 * 3_600_000)).toBeLessThan(5 * 60_000);
    const wrong = await cli(['keys', 'rotate', key.id, '--grace-period', '1 day']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--grace-period: "1 day" is not a duration; write a whole number and a unit, e\.g\. "90d".*, or whole seconds such as 86400/);
  });

  it('renews the expiry with the rotation: --expires-at, or --never-expires', async () => {
    const key = unwrap(await service.client().api.POST('/v1/keys', { body: { name: 'renewed by rotation' } }));
    const renewed = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const rotated = await cli(['keys', 'rotate', key.id, '--expires-at', renewed, '--json']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(JSON.parse(rotated.stdout)).toMatchObject({ id: key.id, expires_at: renewed });
    const never = await cli(['keys', 'rotate', key.id, '--never-expires', '--json']);
    expect(never.code, never.stderr).toBe(0);
    expect(JSON.parse(never.stdout)).toMatchObject({ id: key.id, expires_at: null });
  });

  it('--expires-in: a lifetime the service counts from the create, update or rotation', async () => {
    const created = await cli(['keys', 'create', '--name', 'lifetime', '--expires-in', '36h', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; created_at: string; expires_at: string };
    expect(Date.parse(key.expires_at)).toBe(Date.parse(key.created_at) + 36 * 3_600_000);
    const updated = JSON.parse((await cli(['keys', 'update', key.id, '--expires-in', '7d', '--json'])).stdout) as { updated_at: string; expires_at: string };
    expect(Date.parse(updated.expires_at)).toBe(Date.parse(updated.updated_at) + 7 * 86_400_000);
    const rotated = JSON.parse((await cli(['keys', 'rotate', key.id, '--expires-in', '86400', '--json'])).stdout) as { rotated_at: string; expires_at: string };
    expect(Date.parse(rotated.expires_at)).toBe(Date.parse(rotated.rotated_at) + 86_400_000);
    const both = await cli(['keys', 'rotate', key.id, '--expires-in', '1d', '--expires-at', new Date(Date.now() + 86_400_000).toISOString()]);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/give expires_at or expires_in, not both/);
  });

  it('connects through KEYPLANE_ENDPOINT and KEYPLANE_API_KEY, and flags win over them', async () => {
    const env = { KEYPLANE_ENDPOINT: service.url, KEYPLANE_API_KEY: service.adminKey };
    const [fromEnv, bearer, flagsWin] = await Promise.all([
      runCli(['keys', 'list', '--json'], { env }),
      runCli(['scopes', 'list', '--json', '--auth-style', 'bearer'], { env }),
      runCli(['keys', 'list', '--api-key', 'nm_operator_notakey'], { env }),
    ]);
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(JSON.parse(fromEnv.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id: service.adminKeyId })]));
    expect(bearer.code, bearer.stderr).toBe(0);
    expect(JSON.parse(bearer.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'keys:read', built_in: true })]));
    expect(flagsWin.code).toBe(1);
    expect(flagsWin.stderr).toContain('401 MALFORMED_KEY');
  });

  it('prints a problem as status, code, detail, field errors and request id on stderr, and exits 1', async () => {
    const unknownKey = generateSecret({ issuer: 'nm', tag: 'operator' });
    const [missing, invalid, usage, refused] = await Promise.all([
      cli(['keys', 'get', 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K']),
      cli(['keys', 'create', '--name', 'bad', '--allow', '10.0.0.0/33']),
      cli(['keys', 'create', '--scope', 'keys:read']),
      runCli(['keys', 'list', '--endpoint', service.url, '--api-key', unknownKey]),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^keyplane keys get: 404 KEY_NOT_FOUND: .+\n {2}\(request id req_[0-9A-Z]{26}\)\n$/);
    // The detail is the service's own, word for word.
    const { error } = await service.client().api.GET('/v1/keys/{key_id}', { params: { path: { key_id: 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K' } } });
    expect(missing.stderr).toContain(`404 KEY_NOT_FOUND: ${error!.detail}\n`);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^keyplane keys create: 422 INVALID_IP_RULE: .+\n {2}body\.ip_rules\[0\]\.cidr: .*prefix length.*\n {2}\(request id req_[0-9A-Z]{26}\)\n$/);
    // The request id printed is the service's: its audit of the refused key quotes it.
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^keyplane keys list: 401 UNKNOWN_KEY: The API key nm_operator_…\w{4} is not known/);
    expect(refused.stderr).not.toContain(unknownKey);
    const requestId = /request id (req_\w+)/.exec(refused.stderr)![1]!;
    await service.flushRecorders();
    const events = unwrap(await service.client().api.GET('/v1/audit-events', { params: { query: { organization: 'none', action: 'auth.refused' } } }));
    expect(events.data.filter((e) => e.request_id === requestId)).toHaveLength(1);
    // A usage mistake is not a problem of the service: exit 2, with the usage.
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--name is required');
    expect(usage.stderr).toContain('Usage: keyplane keys create');
  });

  it('shows text stored before the service refused control characters as visible escapes, never raw', async () => {
    const admin = service.client();
    const key = unwrap(await admin.api.POST('/v1/keys', { body: { name: 'legacy', scopes: ['keys:read'] } }));
    // Written past the API, as rows stored before the rule may be.
    await service.store.keys.update(service.organizationId, key.id, { name: 'legacy\u001b[2J\u202Etxt.exe', metadata: { team: '\u009b31m\r' } });
    unwrap(await admin.api.POST('/v1/scopes', { body: { name: 'legacy-scope' } }));
    const scope = (await service.store.scopes.list(service.organizationId)).find((s) => s.name === 'legacy-scope')!;
    await service.store.scopes.update({ ...scope, description: 'reads\r\u001b[1Aall' });

    const [list, get, scopes, refused] = await Promise.all([
      cli(['keys', 'list', '--name', 'legacy']),
      cli(['keys', 'get', key.id]),
      cli(['scopes', 'list']),
      cli(['keys', 'create', '--name', 'bad\u001b[31m']),
    ]);
    const revoke = await cli(['keys', 'revoke', key.id]);
    for (const output of [list, get, scopes, revoke]) {
      expect(output.code, output.stderr).toBe(0);
      expect(findUnsafeCharacters(output.stdout, 'free_text')).toEqual([]);
    }
    expect(list.stdout).toContain(`${key.id}  legacy\\u{1b}[2J\\u{202e}txt.exe  active`);
    expect(record(get.stdout)).toMatchObject({ name: 'legacy\\u{1b}[2J\\u{202e}txt.exe', metadata: '{"team":"\\u{9b}31m\\r"}' });
    expect(scopes.stdout).toMatch(/^legacy-scope\s+no\s+reads\\u\{d\}\\u\{1b\}\[1Aall$/m);
    expect(revoke.stdout).toContain(`(legacy\\u{1b}[2J\\u{202e}txt.exe)`);
    // New text with one is refused; the problem names the character without repeating it.
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('422 INVALID_TEXT');
    expect(refused.stderr).toContain('body.name: name contains a control character (U+001B) at position 4; remove it');
    expect(findUnsafeCharacters(refused.stderr, 'free_text')).toEqual([]);
  });
});

describe('keyplane scopes', () => {
  it('creates, lists, gets, updates and deletes a scope', async () => {
    const created = await cli(['scopes', 'create', 'agentic', '--description', 'What agents may do', '--include', 'keys:read']);
    expect(created.code, created.stderr).toBe(0);
    expect(record(created.stdout)).toMatchObject({ name: 'agentic', includes: 'keys:read', built_in: 'false' });
    const write = await cli(['scopes', 'create', 'write', '--include', 'agentic', '--json']);
    expect(write.code, write.stderr).toBe(0);
    expect(JSON.parse(write.stdout)).toMatchObject({ name: 'write', includes: ['agentic'], built_in: false });

    const [list, get, update, refused] = await Promise.all([
      cli(['scopes', 'list']),
      cli(['scopes', 'get', 'agentic', '--json']),
      cli(['scopes', 'update', 'write', '--description', 'Everything agentic allows, plus managing', '--include', 'agentic', '--include', 'keys:write']),
      cli(['scopes', 'delete', 'agentic']),
    ]);
    expect(list.code, list.stderr).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]!.split(/\s+/)).toEqual(['NAME', 'INCLUDES', 'BUILT_IN', 'DESCRIPTION']);
    expect(lines.some((l) => /^agentic\s+keys:read\s+no\s+What agents may do$/.test(l))).toBe(true);
    expect(lines.some((l) => /^keys:read\s+yes\s+\S/.test(l))).toBe(true); // built in, includes nothing
    expect(get.code, get.stderr).toBe(0);
    expect(JSON.parse(get.stdout)).toMatchObject({ name: 'agentic', description: 'What agents may do', includes: ['keys:read'] });
    expect(update.code, update.stderr).toBe(0);
    expect(record(update.stdout).includes).toBe('agentic, keys:write');
    // `write` includes `agentic`, so it cannot go.
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/409 SCOPE_IN_USE: .+\(request id req_/s);

    const deleteWrite = await cli(['scopes', 'delete', 'write']);
    expect(deleteWrite.code, deleteWrite.stderr).toBe(0);
    expect(deleteWrite.stdout).toBe('Deleted scope write.\n');
    const [deleteAgentic, gone] = await Promise.all([cli(['scopes', 'delete', 'agentic']), cli(['scopes', 'get', 'write'])]);
    expect(deleteAgentic.code, deleteAgentic.stderr).toBe(0);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^keyplane scopes get: 404 SCOPE_NOT_FOUND: /);
  });
});

describe('keyplane serve', () => {
  it.each([
    ['--port abc', ['--port', 'abc'], {}, '--port / KEYPLANE_PORT'],
    ['KEYPLANE_TRUSTED_PROXIES=10.0.0.0/33', [], { KEYPLANE_TRUSTED_PROXIES: '10.0.0.0/33' }, '--trusted-proxies / KEYPLANE_TRUSTED_PROXIES: "10.0.0.0/33"'],
    ['--server-secret short', ['--server-secret', 'short'], {}, '--server-secret / KEYPLANE_SERVER_SECRET: must be at least 32 bytes'],
    ['--log-level loud', ['--log-level', 'loud'], {}, '--log-level / KEYPLANE_LOG_LEVEL'],
  ] as const)('refuses %s with a message naming the setting, exit 2, before touching the database', async (_name, args, env, message) => {
    const { dir, remove } = await tempDir();
    try {
      const database = path.join(dir, 'keyplane.db');
      const result = await runCli(['serve', '--database', database, ...args], { env });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^keyplane serve: invalid configuration\n/);
      expect(result.stderr).toContain(message);
      // One setting is wrong, one line says so.
      expect(result.stderr.trim().split('\n')).toHaveLength(2);
      expect(existsSync(database)).toBe(false);
    } finally {
      await remove();
    }
  });

  it('prints the admin key once on an empty database, and none on the next start', async () => {
    const { dir, remove } = await tempDir();
    try {
      const dbPath = path.join(dir, 'keyplane.db');
      const first = await spawnService({ dbPath });
      const adminKey = first.adminKey!;
      expect(parseSecret(adminKey).ok).toBe(true);
      const me = await (await fetch(`${first.url}/v1/myself`, { headers: { 'x-api-key': adminKey } })).json() as { organization: { id: string; slug: string } };
      expect(me.organization.slug).toBe('default');
      const members = (await (await fetch(`${first.url}/v1/members`, { headers: { 'x-api-key': adminKey } })).json()) as {
        data: Array<{ invitation_expires_at: string }>;
      };
      const ownerSetup = { token: first.ownerSetupToken!, expiresAt: members.data[0]!.invitation_expires_at };
      expect(first.stderr()).toBe(expectedServeStderr({ url: first.url, dbPath, organization: me.organization, adminKey, ownerSetup }));
      expect(occurrences(first.stderr() + first.stdout(), adminKey)).toBe(1);
      expect((await first.stop()).code).toBe(0);

      const second = await spawnService({ dbPath, serverSecretHex: first.serverSecretHex });
      expect(second.adminKey).toBeNull();
      expect(second.stderr()).toBe(expectedServeStderr({ url: second.url, dbPath }));
      // The key of the first start still works.
      expect((await fetch(`${second.url}/v1/myself`, { headers: { 'x-api-key': adminKey } })).status).toBe(200);
      expect((await second.stop()).code).toBe(0);
      expect(second.stdout() + second.stderr()).not.toContain(adminKey);
    } finally {
      await remove();
    }
  });
});
