/**
 * `keyplane serve --log-level trace` as a real process, everything it writes captured.
 * A flow that issues many secrets (creates, rotations, a new organization's admin key) and
 * sends secrets where they do not belong (URL path and query, a broken JSON body, a 404
 * path, wrong credentials, the verify body, the Idempotency-Key header, a malformed HTTP
 * request). People's secrets too: the first owner's set-up link printed at start, passwords
 * (right and wrong, in sign-in, acceptance, a password change and a reset), invitation
 * tokens, session tokens and CSRF tokens, also sent where they do not belong. Then no
 * secret, no part of its random body and no hash of it (nor the scrypt hash of a password,
 * nor a stored token hash) is in the log, the audit trail or any problem; the only place a
 * secret may appear is the one-time bootstrap banner on stderr, which must be exactly that
 * banner.
 */
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyplaneClient, unwrap, type KeyplaneClient } from '../../src/client/index.js';
import { generateSecret } from '../../src/core/key-format.js';
import { hashSecret } from '../../src/core/secret-hash.js';
import { ContractConformance } from '../helpers/contract-conformance.js';
import { expectedServeStderr, killAllChildren, newServerSecretHex, spawnService, tempDir } from '../helpers/process.js';

const conformance = new ContractConformance();

afterAll(() => killAllChildren());

/** Every form of a secret that would give it away: itself, its random part, its hashes. */
function tracesOf(secret: string, serverSecret: Buffer): string[] {
  return [secret, secret.slice(-38, -6), hashSecret(secret, serverSecret), createHash('sha256').update(secret).digest('hex')];
}

function findTraces(text: string, secrets: Iterable<string>, serverSecret: Buffer): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    for (const trace of tracesOf(secret, serverSecret)) if (text.includes(trace)) found.push(`${secret} (as ${trace})`);
  }
  return found;
}

/**
 * A password's traces: itself as typed, as a URL or a form would encode it, as JSON would
 * escape it, and its unsalted and keyed hashes (what a careless log line might print).
 */
function passwordTracesOf(password: string, serverSecret: Buffer): string[] {
  return [
    password,
    encodeURIComponent(password),
    encodeURIComponent(password).replaceAll('%20', '+'),
    JSON.stringify(password).slice(1, -1),
    hashSecret(password, serverSecret),
    createHash('sha256').update(password).digest('hex'),
  ];
}

function findPasswords(text: string, passwords: Iterable<string>, serverSecret: Buffer): string[] {
  const found: string[] = [];
  for (const password of passwords) {
    for (const trace of new Set(passwordTracesOf(password, serverSecret))) if (text.includes(trace)) found.push(`password "${password}" (as ${trace})`);
  }
  return found;
}

/** What the database keeps of people's secrets (scrypt hashes and their parts, token hashes): none may leave it. */
function storedPeopleSecrets(dbPath: string): string[] {
  const db = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
  try {
    const values: string[] = [];
    for (const row of db.prepare('select password_hash, invitation_hash from members').all() as Array<Record<string, string | null>>) {
      if (row.password_hash) values.push(row.password_hash, ...row.password_hash.split('$').filter((part) => part.length >= 20));
      if (row.invitation_hash) values.push(row.invitation_hash);
    }
    for (const row of db.prepare('select token_hash from sessions').all() as Array<{ token_hash: string }>) values.push(row.token_hash);
    return values;
  } finally {
    db.close();
  }
}

/** The session token a `Set-Cookie` hands over, or null. */
function sessionTokenOf(response: Response): string | null {
  for (const cookie of response.headers.getSetCookie()) {
    const match = /^keyplane_session=([^;]+);/.exec(cookie);
    if (match) return match[1]!;
  }
  return null;
}

describe('secrets never reach the log, the audit trail or a problem', () => {
  it('issues and receives secrets in every hostile place, then finds none of them', async () => {
    const { dir, remove } = await tempDir();
    try {
      const dbPath = path.join(dir, 'keyplane.db');
      const serverSecretHex = newServerSecretHex();
      const serverSecret = Buffer.from(serverSecretHex, 'hex');
      const service = await spawnService({ dbPath, serverSecretHex, logLevel: 'trace' });
      const adminKey = service.adminKey!;
      expect(adminKey).toBeTruthy();

      const problems: string[] = [];
      const requestIds: string[] = [];
      const checked = async (input: Request): Promise<Response> => {
        const response = await fetch(input);
        expect(await conformance.check(input.method, input.url, response)).toEqual([]);
        const id = response.headers.get('x-request-id');
        if (id) requestIds.push(id);
        if (response.status >= 400) problems.push(await response.clone().text());
        return response;
      };
      const client = (apiKey: string, authStyle: 'x-api-key' | 'bearer' = 'x-api-key'): KeyplaneClient =>
        createKeyplaneClient({ endpoint: service.url, apiKey, authStyle, retries: false, fetch: checked });
      const raw = (pathAndQuery: string, init: RequestInit = {}) => checked(new Request(`${service.url}${pathAndQuery}`, init));

      // The bootstrap banner is the one place a secret is printed: exactly it, nothing else.
      // It prints two: the admin key, and the token of the first owner's set-up link.
      const admin = client(adminKey);
      const me = unwrap(await admin.api.GET('/v1/myself'));
      const ownerToken = service.ownerSetupToken!;
      expect(ownerToken).toMatch(/^kp_invite_[0-9A-Za-z]{43}$/);
      const [pendingOwner] = unwrap(await admin.api.GET('/v1/members')).data;
      expect(pendingOwner).toMatchObject({ status: 'invited', email: null, invitation_expires_at: expect.any(String) });
      const banner = expectedServeStderr({
        url: service.url,
        dbPath,
        organization: { slug: me.organization.slug, id: me.organization.id },
        adminKey,
        ownerSetup: { token: ownerToken, expiresAt: pendingOwner!.invitation_expires_at! },
      });
      expect(service.stderr()).toBe(banner);

      // Secrets the service issues.
      const issued = new Set<string>([adminKey]);
      unwrap(await admin.api.POST('/v1/scopes', { body: { name: 'EXPORT_READ' } }));
      const keys = [];
      for (let i = 0; i < 8; i++) {
        const key = unwrap(
          await admin.api.POST('/v1/keys', {
            body: {
              name: `integration-${i}`,
              scopes: i % 2 === 0 ? ['keys:read'] : ['EXPORT_READ', 'keys:verify'],
              ip_rules: i === 3 ? [{ action: 'allow', cidr: '127.0.0.1' }] : [],
              metadata: { team: 'finance' },
            },
          }),
        );
        issued.add(key.secret);
        keys.push(key);
      }
      for (const [i, key] of keys.slice(0, 3).entries()) {
        const rotated = unwrap(
          await admin.api.POST('/v1/keys/{key_id}/rotate', { params: { path: { key_id: key.id } }, body: i === 0 ? { grace_period: 3600 } : {} }),
        );
        issued.add(rotated.secret);
      }
      const revoked = keys[4]!;
      unwrap(await admin.api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: revoked.id } }, body: { reason: 'leaked' } }));
      const tenant = unwrap(await admin.api.POST('/v1/organizations', { body: { slug: 'tenant', name: 'Tenant', plan: 'team' } }));
      issued.add(tenant.admin_key.secret);
      const tenantAdmin = client(tenant.admin_key.secret);
      const tenantKey = unwrap(await tenantAdmin.api.POST('/v1/keys', { body: { name: 'tenant-ci', scopes: ['keys:read'] } }));
      issued.add(tenantKey.secret);
      issued.add(unwrap(await tenantAdmin.api.POST('/v1/keys/{key_id}/rotate', { params: { path: { key_id: tenantKey.id } }, body: {} })).secret);
      // The secrets still in use authenticate (they are written to no log on success either).
      unwrap(await client(keys[3]!.secret).api.GET('/v1/myself'));
      unwrap(await client(keys[5]!.secret, 'bearer').api.GET('/v1/myself'));

      // People: passwords, invitation tokens, session and CSRF tokens, issued and misplaced.
      const slug = me.organization.slug;
      const passwords = new Set<string>();
      const peopleTokens = new Set<string>([ownerToken]);
      /** Answers to people's requests that succeeded: they may hold a link's token, never a password or session token. */
      const successes: string[] = [];
      const person = async (method: string, pathAndQuery: string, who: { token?: string | null; csrf?: string | null }, body?: unknown, extra: Record<string, string> = {}) => {
        const headers: Record<string, string> = { ...extra };
        if (who.token) headers.cookie = `keyplane_session=${who.token}`;
        if (who.csrf && method !== 'GET') headers['x-csrf-token'] = who.csrf;
        if (body !== undefined) headers['content-type'] ??= 'application/json';
        const response = await raw(pathAndQuery, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
        const text = await response.text();
        if (response.status < 400) successes.push(text);
        const token = sessionTokenOf(response);
        if (token) peopleTokens.add(token);
        const json = /json/.test(response.headers.get('content-type') ?? '') && text ? JSON.parse(text) : undefined;
        if (json?.csrf_token) peopleTokens.add(json.csrf_token);
        return { status: response.status, token, json };
      };
      const anonymous = {};

      // The first owner accepts the link printed at start; it works once.
      const ownerEmail = 'owner@example.com';
      const ownerPassword = 'Owner-Lantern-5e1f0a9c-Sparrow';
      passwords.add(ownerPassword);
      const accepted = await person('POST', '/v1/invitations/accept', anonymous, { token: ownerToken, email: ownerEmail, password: ownerPassword, display_name: 'Olive Owner' });
      expect(accepted.status).toBe(201);
      const owner = { token: accepted.token!, csrf: accepted.json.csrf_token as string };
      expect((await person('POST', '/v1/invitations/accept', anonymous, { token: ownerToken, email: 'other@example.com', password: ownerPassword })).status).toBe(401);

      // Sign-in with the right password, wrong ones, an unknown e-mail, a password typed into the e-mail field.
      const wrongPasswords = ['Wrong-Guess-Quartz-Meadow-0001', 'Owner-Lantern-5e1f0a9c-Sparrox', 'hunter2 hunter2 hunter2'];
      for (const wrong of wrongPasswords) passwords.add(wrong);
      const signedIn = await person('POST', '/v1/sessions', anonymous, { organization: slug, email: ownerEmail, password: ownerPassword });
      expect(signedIn.status).toBe(201);
      const ownerElsewhere = { token: signedIn.token!, csrf: signedIn.json.csrf_token as string };
      for (const wrong of wrongPasswords) {
        expect((await person('POST', '/v1/sessions', anonymous, { organization: slug, email: ownerEmail, password: wrong })).status).toBe(401);
      }
      expect((await person('POST', '/v1/sessions', anonymous, { organization: slug, email: 'nobody@example.com', password: ownerPassword })).status).toBe(401);
      expect((await person('POST', '/v1/sessions', anonymous, { organization: slug, email: ownerPassword, password: ownerPassword })).status).toBe(401);
      expect((await person('POST', '/v1/sessions', anonymous, { organization: ownerPassword.toLowerCase(), email: ownerEmail, password: ownerPassword })).status).toBe(400);

      // An invitation, accepted; its link used again.
      const invitedRes = await person('POST', '/v1/members', owner, { email: 'ada@example.com', display_name: 'Ada', scopes: ['keys:read'] });
      expect(invitedRes.status).toBe(201);
      const invitationToken = invitedRes.json.invitation.token as string;
      peopleTokens.add(invitationToken);
      const adaPassword = 'Ada-Velvet-Cobalt-Thistle-7731';
      passwords.add(adaPassword);
      const ada = await person('POST', '/v1/invitations/accept', anonymous, { token: invitationToken, password: adaPassword });
      expect(ada.status).toBe(201);
      expect((await person('POST', '/v1/invitations/accept', anonymous, { token: invitationToken, password: adaPassword })).status).toBe(401);
      // A weak password is refused without being repeated.
      const weakRes = await person('POST', '/v1/members', owner, { email: 'weak@example.com', scopes: [] });
      peopleTokens.add(weakRes.json.invitation.token);
      passwords.add('password1234567');
      expect((await person('POST', '/v1/invitations/accept', anonymous, { token: weakRes.json.invitation.token, password: 'password1234567' })).status).toBe(422);

      // Changing the password: wrong current one, weak new one, then right.
      const ownerNewPassword = 'Owner-Harbor-Juniper-Canyon-4096';
      passwords.add(ownerNewPassword);
      passwords.add('qwertyuiopasdfghjkl');
      expect((await person('POST', '/v1/sessions/current/password', owner, { current_password: wrongPasswords[1], new_password: ownerNewPassword })).status).toBe(401);
      expect((await person('POST', '/v1/sessions/current/password', owner, { current_password: ownerPassword, new_password: 'qwertyuiopasdfghjkl' })).status).toBe(422);
      expect((await person('POST', '/v1/sessions/current/password', owner, { current_password: ownerPassword, new_password: ownerNewPassword })).status).toBe(204);
      expect((await person('GET', '/v1/myself', ownerElsewhere)).status).toBe(401);

      // A reset link for Ada, accepted: her old session ends.
      const reset = await person('POST', `/v1/members/${ada.json.member.id}/invitation`, owner);
      expect(reset.status).toBe(201);
      peopleTokens.add(reset.json.invitation.token);
      const adaNewPassword = 'Ada-Mosaic-Falcon-Ember-2025';
      passwords.add(adaNewPassword);
      expect((await person('POST', '/v1/invitations/accept', anonymous, { token: reset.json.invitation.token, password: adaNewPassword })).status).toBe(201);
      expect((await person('GET', '/v1/myself', { token: ada.token })).status).toBe(401);
      // Sign-out; the ended session's cookie replayed.
      expect((await person('DELETE', '/v1/sessions/current', owner)).status).toBe(204);
      expect((await person('GET', '/v1/sessions', owner)).status).toBe(401);
      // Passwords, session and invitation tokens where they do not belong: URL query and path,
      // a 404 path, broken JSON bodies, key headers, cookies, the CSRF header. Last, and
      // unasserted: these failures spend the address's budget of failed authentications.
      const again = await person('POST', '/v1/sessions', anonymous, { organization: slug, email: ownerEmail, password: ownerNewPassword });
      expect(again.status).toBe(201);
      const loopOwner = { token: again.token!, csrf: again.json.csrf_token as string };
      for (const misplaced of [ownerNewPassword, wrongPasswords[0]!, loopOwner.token, owner.token, invitationToken]) {
        await person('GET', `/v1/sessions?password=${encodeURIComponent(misplaced)}&token=${encodeURIComponent(misplaced)}`, loopOwner);
        await person('GET', `/v1/members?email=x&password=${encodeURIComponent(misplaced)}`, loopOwner);
        await person('POST', `/v1/sessions?password=${encodeURIComponent(misplaced)}`, anonymous, { organization: slug, email: 'query@example.com', password: 'not it at all, sorry' });
        // A URL path is logged and quoted (a 404's instance): tokens have a shape redaction
        // knows, a password has none. Nobody types a password into a path; into a form sent
        // as GET, they might: the query string above is never logged or quoted.
        if (misplaced.startsWith('kp_')) {
          await person('GET', `/v1/nope/${encodeURIComponent(misplaced)}`, anonymous);
          await person('GET', `/v1/members/${encodeURIComponent(misplaced)}`, loopOwner);
          await person('DELETE', `/v1/sessions/${encodeURIComponent(misplaced)}`, loopOwner);
        }
        await person('POST', '/v1/sessions', anonymous, `{"organization": "${slug}", "email": "${ownerEmail}", "password": "${misplaced}"`);
        await person('POST', '/v1/invitations/accept', anonymous, `{"token": "${invitationToken}", "password": "${misplaced}",}`);
        await person('POST', '/v1/sessions/current/password', loopOwner, `{"current_password": "${misplaced}"`);
      }

      // In credential headers: fewer, as each is a failed authentication of this address, and
      // past 30 a minute every further one is held a second before its 429.
      for (const misplaced of [wrongPasswords[0]!, loopOwner.token]) {
        await person('GET', '/v1/myself', anonymous, undefined, { 'x-api-key': misplaced });
        await person('GET', '/v1/myself', anonymous, undefined, { authorization: `Bearer ${misplaced}` });
        await person('GET', '/v1/myself', anonymous, undefined, { cookie: `keyplane_session=${misplaced}x; keyplane_session=${loopOwner.token}` });
        await person('POST', '/v1/keys', { token: loopOwner.token }, { name: 'csrf' }, { 'x-csrf-token': misplaced });
      }
      await person('POST', '/v1/keys', { token: `${ownerElsewhere.token}` }, { name: 'ended' }, { 'x-csrf-token': ownerElsewhere.csrf });

      expect(peopleTokens.size).toBeGreaterThan(8);
      for (const text of successes) {
        expect(findPasswords(text, passwords, serverSecret), 'a password in an answer').toEqual([]);
        expect(findTraces(text, [...peopleTokens].filter((t) => t.startsWith('kp_session_')), serverSecret), 'a session token in an answer').toEqual([]);
      }

      // Secrets sent where they do not belong: issued ones and made-up ones of the same form.
      const made = Array.from({ length: 4 }, (_, i) => generateSecret({ issuer: 'nm', tag: i % 2 ? 'default' : 'tenant' }));
      const sent = new Set<string>(made);
      const live = keys[5]!.secret; // still valid
      const json = { 'content-type': 'application/json', 'x-api-key': adminKey };
      for (const secret of [live, revoked.secret, ...made]) {
        sent.add(secret);
        await raw(`/v1/keys/${secret}`, { headers: { 'x-api-key': adminKey } });
        await raw(`/v1/keys/%22${secret}%22`, { headers: { 'x-api-key': adminKey } });
        await raw(`/v1/keys/${secret.replaceAll('_', '%5F')}/rotate`, { method: 'POST', headers: { 'x-api-key': adminKey } });
        await raw(`/v1/keys?name=${secret}`, { headers: { 'x-api-key': adminKey } });
        await raw(`/v1/keys?api_key=${secret}&${secret}=1`, { headers: { 'x-api-key': adminKey } });
        await raw(`/v1/keys/export?format=csv&token=x_${secret}`, { headers: { 'x-api-key': adminKey } });
        await raw(`/v1/nope/${secret}`, { headers: { 'x-api-key': adminKey } });
        await raw(`/${secret}?key=${secret}`);
        await raw('/v1/keys', { method: 'POST', headers: json, body: `{"name": "${secret}"` });
        await raw('/v1/keys', { method: 'POST', headers: json, body: `{"name": "x", "${secret}": 1}` });
        await raw('/v1/keys', { method: 'POST', headers: json, body: JSON.stringify({ name: 'x', scopes: [secret.slice(0, 60)] }) });
        await raw('/v1/keys', { method: 'POST', headers: { ...json, 'content-type': 'text/plain' }, body: secret });
        await raw('/v1/keys/verify', { method: 'POST', headers: json, body: `{"key": "${secret}", "ip": "${secret}"}` });
        await raw('/v1/myself', { headers: { authorization: `Basic ${secret}` } });
        await raw('/v1/myself', { headers: { authorization: `Bearer ${secret}` } });
        await raw('/v1/myself', { headers: { authorization: `Bearer ${secret}x` } });
        await raw('/v1/myself', { headers: { 'x-api-key': secret.slice(0, -1) } });
        await raw('/v1/myself', { headers: { 'x-api-key': secret, authorization: `Bearer ${adminKey}` } });
        await raw('/v1/keys', { method: 'POST', headers: { ...json, 'idempotency-key': secret }, body: JSON.stringify({ name: 'idempotent', scopes: [] }) });
        for (const verifier of [admin, tenantAdmin]) {
          unwrap(await verifier.api.POST('/v1/keys/verify', { body: { key: secret, required_scopes: ['keys:read'], ip: '203.0.113.7' } }));
          unwrap(await verifier.api.POST('/v1/keys/verify', { body: { key: secret.slice(0, -2) } }));
        }
        await malformedHttp(service.port, secret);
      }
      // The secret a key had before rotation (grace period), presented.
      unwrap(await admin.api.POST('/v1/keys/verify', { body: { key: keys[0]!.secret } }));
      expect(requestIds.length).toBeGreaterThan(100);

      // Refusals reach the trail through the recorder, which this process flushes every 2 s.
      await waitForRefusals(admin);
      // The audit trail of every organization, every page; and every problem answered.
      const events: string[] = [];
      for (const [reader, query] of [[admin, {}], [admin, { organization: 'none' as const }], [tenantAdmin, {}]] as const) {
        let cursor: string | undefined;
        do {
          const page = unwrap(await reader.api.GET('/v1/audit-events', { params: { query: { ...query, limit: 200, cursor } } }));
          events.push(...page.data.map((e) => JSON.stringify(e)));
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
      }
      expect(events.length).toBeGreaterThan(50);
      expect(events.some((e) => e.includes('"auth.refused"'))).toBe(true);
      expect(events.some((e) => e.includes('"session.refused"'))).toBe(true);
      expect(events.some((e) => e.includes('"member.password_changed"'))).toBe(true);
      const everything = new Set([...issued, ...sent, ...peopleTokens]);
      expect(findTraces(events.join('\n'), everything, serverSecret), 'in the audit trail').toEqual([]);
      // Soft: every place a password shows up is reported, not only the first.
      expect.soft(findPasswords(events.join('\n'), passwords, serverSecret), 'in the audit trail').toEqual([]);
      expect(problems.length).toBeGreaterThan(50);
      expect(findTraces(problems.join('\n'), everything, serverSecret), 'in a problem').toEqual([]);
      expect.soft(findPasswords(problems.join('\n'), passwords, serverSecret), 'in a problem').toEqual([]);

      const exit = await service.stop('SIGTERM');
      expect(exit.code).toBe(0);

      // The log: every request is in it (so it was captured), no secret is.
      const log = service.stdout();
      for (const id of requestIds) expect(log, `request ${id} is not in the log`).toContain(id);
      // Below info too: the parser's refusals are logged at debug, with their error.
      expect(log).toMatch(/"level":20,[^\n]*"msg":"refused a malformed HTTP request"/);
      expect(findTraces(log, everything, serverSecret), 'in the log').toEqual([]);
      expect.soft(findPasswords(log, passwords, serverSecret), 'in the log').toEqual([]);
      expect(log).not.toContain(serverSecretHex);
      // What the database keeps of passwords and tokens stays there.
      const stored = storedPeopleSecrets(dbPath);
      expect(stored.length).toBeGreaterThan(5);
      for (const [where, text] of [['the log', log], ['the audit trail', events.join('\n')], ['a problem', problems.join('\n')], ['an answer', successes.join('\n')]] as const) {
        expect(stored.filter((value) => text.includes(value)), `a stored password or token hash in ${where}`).toEqual([]);
      }
      // stderr is the banner and nothing else, even after shutdown; it names two secrets.
      expect(service.stderr()).toBe(banner);
      expect(findTraces(service.stderr(), [...everything].filter((s) => s !== adminKey && s !== ownerToken), serverSecret)).toEqual([]);
      expect(findPasswords(service.stderr(), passwords, serverSecret)).toEqual([]);
      expect(service.stderr()).not.toContain(serverSecretHex);
      expect(conformance.violations).toEqual([]);
    } finally {
      await remove();
    }
  });
});

/** A request Node's HTTP parser refuses, carrying `secret` in a header and in the garbage. */
function malformedHttp(port: number, secret: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end(`GET /v1/myself HTTP/1.1\r\nHost: x\r\nX-API-Key: ${secret}\r\nContent-Length: nope-${secret}\r\n\r\n`);
    });
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => {
      expect(text).toMatch(/^HTTP\/1\.1 400 /);
      expect(text).toContain('application/problem+json');
      expect(text).not.toContain(secret);
      resolve(text);
    });
    socket.on('error', reject);
  });
}

/** Waits (up to 10 s) until the service's refusal recorder has written what it held. */
async function waitForRefusals(operator: KeyplaneClient): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = unwrap(await operator.api.GET('/v1/audit-events', { params: { query: { organization: 'none', action: 'auth.refused', limit: 1 } } }));
    if (page.data.length > 0) {
      // One flush writes everything pending at once; one more interval covers a flush under way.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      return;
    }
    if (Date.now() > deadline) throw new Error('no refused authentication reached the audit trail within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
