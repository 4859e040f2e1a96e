/**
 * `keyplane serve --log-level trace` as a real process, everything it writes captured.
 * A flow that issues many secrets (creates, rotations, a new organization's admin key) and
 * sends secrets where they do not belong (URL path and query, a broken JSON body, a 404
 * path, wrong credentials, the verify body, the Idempotency-Key header, a malformed HTTP
 * request). Then no secret, no part of its random body and no hash of it is in the log, the
 * audit trail or any problem; the only place a secret may appear is the one-time bootstrap
 * banner on stderr, which must be exactly that banner.
 */
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import path from 'node:path';
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
      const admin = client(adminKey);
      const me = unwrap(await admin.api.GET('/v1/myself'));
      const banner = expectedServeStderr({ url: service.url, dbPath, organization: { slug: me.organization.slug, id: me.organization.id }, adminKey });
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
      const everything = new Set([...issued, ...sent]);
      expect(findTraces(events.join('\n'), everything, serverSecret), 'in the audit trail').toEqual([]);
      expect(problems.length).toBeGreaterThan(50);
      expect(findTraces(problems.join('\n'), everything, serverSecret), 'in a problem').toEqual([]);

      const exit = await service.stop('SIGTERM');
      expect(exit.code).toBe(0);

      // The log: every request is in it (so it was captured), no secret is.
      const log = service.stdout();
      for (const id of requestIds) expect(log, `request ${id} is not in the log`).toContain(id);
      // Below info too: the parser's refusals are logged at debug, with their error.
      expect(log).toMatch(/"level":20,[^\n]*"msg":"refused a malformed HTTP request"/);
      expect(findTraces(log, everything, serverSecret), 'in the log').toEqual([]);
      expect(log).not.toContain(serverSecretHex);
      // stderr is the banner and nothing else, even after shutdown; it names one secret.
      expect(service.stderr()).toBe(banner);
      expect(findTraces(service.stderr(), [...everything].filter((s) => s !== adminKey), serverSecret)).toEqual([]);
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
