/**
 * Hostile input to every operation of the contract (the list comes from openapi.yaml, so a
 * new operation is fuzzed without touching this file), against the real service on a real
 * SQLite file. For every request, whatever it is:
 * - the answer is never a 5xx;
 * - every 4xx is application/problem+json with a `code` of the contract's ProblemCode enum
 *   and a `request_id`, and every answer matches openapi.yaml;
 * - no answer repeats a secret sent in the request (or its random part, or its HMAC), nor
 *   the admin key; a create/update may only answer back, verbatim, a text stored from its body;
 * - a request that fails leaves the database as it was (no key, scope, organization, member,
 *   session, audit event or idempotency record half-written; refused authentications and
 *   sign-ins are audited, and a wrong password counts towards a lock-out, that's all).
 * Requests come with API keys, and with a signed-in member's session cookie (with and
 * without its CSRF token); neither that session's token nor the member's password may ever
 * be answered back.
 * Also: bytes Node's HTTP parser refuses get a 400 problem too, and the run as a whole must
 * have got past the validator (401, 403, 404, 409, 422... answers), or it proved little.
 */
import { createHash } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/client/index.js';
import { generateSecret } from '../../src/core/key-format.js';
import { hashSecret } from '../../src/core/secret-hash.js';
import { loadContract, resolvePointer, type ContractOperation } from '../../src/server/contract/contract.js';
import { ContractConformance } from '../helpers/contract-conformance.js';
import { addMember, Browser, newSession, setUpOwner, type Person } from '../helpers/people.js';
import { startService, type TestService } from '../helpers/service.js';
import { hostileRequest, type HostileRequest, type Known } from './hostile-arbitraries.js';

/**
 * Cases per operation; 36 operations × this stays under a minute on two cores (sign-ins and
 * password changes hash with scrypt, about a quarter of a second each, until the sign-in
 * throttle answers 429). Set FUZZ_RUNS for a longer hunt; FUZZ_SEED replays the seed
 * fast-check printed for a failure, and FUZZ_LOG=1 shows the service's error log.
 */
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 70);
/**
 * A fixed seed by default: the last test asserts that the run reached codes such as
 * INVITATION_INVALID, which a random seed sometimes does not (CI failed twice so). FUZZ_SEED
 * picks another seed, FUZZ_SEED=random a new one each run, for a hunt.
 */
const FUZZ_SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261204);

const contract = loadContract();
/**
 * Answers the service gives that openapi.yaml does not document yet (contract gaps, to be
 * fixed in openapi.yaml; reported). Everything else the conformance check finds fails.
 */
// Where the service may knowingly answer something openapi.yaml does not list. Empty: every
// answer must be documented. (Add an entry only with an issue to close the gap.)
const KNOWN_CONTRACT_GAPS: RegExp[] = [];
const problemCodes = new Set((resolvePointer(contract.document, '/components/schemas/ProblemCode') as { enum: string[] }).enum);

interface Answer {
  status: number;
  headers: Record<string, string>;
  rawHeaders: string[];
  body: Buffer;
}

/**
 * One connection per request, so that a reset is the answer to that request (a reused
 * keep-alive socket the server closed after an earlier 413 would blame the wrong request).
 */
const agent = new Agent({ keepAlive: false });

/** Sends exactly the bytes of `request` (no URL normalisation, unlike fetch). */
function send(service: TestService, path: string, request: HostileRequest): Promise<Answer> {
  const { port } = new URL(service.url);
  const headers: Record<string, string | string[]> = { ...request.headers };
  const body = request.body.kind === 'bytes' ? request.body : null;
  if (body?.contentType !== null && body?.contentType !== undefined) headers['content-type'] = body.contentType;
  // Framed either way (Node would send a GET body unframed, which is garbage after the request).
  if (body) headers[body.chunked ? 'transfer-encoding' : 'content-length'] = body.chunked ? 'chunked' : String(body.bytes.length);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: Number(port), method: request.method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers as Record<string, string>,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body.bytes);
    req.end();
  });
}

/** What must not change when a request fails: everything but last use and refused-auth events. */
function snapshot(db: BetterSqlite3.Database): { keys: number; inProgress: number; digest: string } {
  const rows = (sql: string) => JSON.stringify(db.prepare(sql).raw().all());
  const state = [
    rows('select * from organizations order by id'),
    rows(`select id, organization_id, name, description, scopes, expires_at, not_before, ip_rules, metadata, hint, secret_hash,
          previous_secret_hash, previous_secret_expires_at, rate_limit_per_minute, created_at, created_by, updated_at, revoked_at,
          rotated_at from api_keys order by id`),
    rows('select * from api_key_scopes order by key_id, scope'),
    rows('select * from scopes order by organization_id, name'),
    // A wrong password is counted (failed_sign_ins, locked_at) and may lock the member: the
    // one change a failed request makes on purpose. Sessions' last use is written off the
    // request path.
    rows(`select id, organization_id, email, email_lower, display_name, scopes, status, password_hash, invitation_hash,
          invitation_expires_at, invitation_purpose, created_at, created_by_type, created_by_id, created_by_display, updated_at,
          last_sign_in_at from members order by id`),
    rows('select id, organization_id, member_id, token_hash, created_at, expires_at, ip, user_agent from sessions order by id'),
    rows("select * from audit_events where action not in ('auth.refused', 'session.refused', 'member.locked') order by id"),
    rows('select organization_id, caller_key_id, idempotency_key, request_fingerprint, status_code from idempotency_records order by 1, 2, 3'),
  ].join('\n');
  return {
    keys: (db.prepare('select count(*) as n from api_keys').get() as { n: number }).n,
    inProgress: (db.prepare('select count(*) as n from idempotency_records where status_code = 0').get() as { n: number }).n,
    digest: createHash('sha256').update(state).digest('hex'),
  };
}

function pathOf(operation: ContractOperation, request: HostileRequest, segment: (name: string) => string): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => segment(name));
  return request.query === null ? path : `${path}?${request.query}`;
}

/** Every string (and object key) of a JSON document; iterative, as bodies nest 40,000 deep. */
function stringsOf(root: unknown): string[] {
  const found: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') found.push(value);
    else if (Array.isArray(value)) stack.push(...value);
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        found.push(key);
        stack.push(item);
      }
    }
  }
  return found;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Operations that store client text and answer it back: creates (201) and PATCH updates. */
function storesClientText(operation: ContractOperation): boolean {
  return operation.method === 'patch' || operation.responses.has('201');
}

describe('hostile input to every operation', () => {
  let service: TestService;
  let db: BetterSqlite3.Database;
  let known: Known;
  /** The signed-in member whose session the requests carry (an owner: admin and operator). */
  let owner: Person;
  let session: Browser;
  /** Every session token the run used, and the members' passwords: none may be answered back. */
  const sessionTokens = new Set<string>();
  const passwords = new Set<string>();
  const conformance = new ContractConformance();
  /** `<status> <problem code>` of every answer, to show the requests got past the validator. */
  const seen = new Set<string>();
  const tags = ['operator', 'victim'];

  beforeAll(async () => {
    service = await startService(process.env.FUZZ_LOG ? { logger: { level: 'error' } } : {});
    const admin = service.client();
    // Objects for path parameters to hit, so that some requests reach the handlers; never
    // the admin key itself (revoking or rotating it would end the run).
    const key = unwrap(await admin.api.POST('/v1/keys', { body: { name: 'victim', scopes: ['keys:read'] } }));
    const ruled = unwrap(
      await admin.api.POST('/v1/keys', { body: { name: 'ruled', scopes: ['keys:verify'], ip_rules: [{ action: 'allow', cidr: '10.0.0.0/8' }] } }),
    );
    unwrap(await admin.api.POST('/v1/scopes', { body: { name: 'victim-scope', includes: ['keys:read'] } }));
    const org = unwrap(await admin.api.POST('/v1/organizations', { body: { slug: 'victim', name: 'Victim' } }));
    // People: a signed-in owner whose session the requests may carry, an active member and an
    // invited one for the member operations to hit, and a session id for revokeSession.
    owner = await setUpOwner(service);
    session = await newSession(service, owner);
    sessionTokens.add(session.token!);
    const member = await addMember(service, service.adminKey, { scopes: ['keys:read'] });
    const invited = unwrap(await admin.api.POST('/v1/members', { body: { email: 'invited.victim@example.com', scopes: [] } }));
    passwords.add(owner.password).add(member.password);
    known = {
      adminKey: service.adminKey,
      ids: [
        key.id,
        ruled.id,
        'victim-scope',
        'keys:read',
        org.organization.id,
        'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K',
        // A member id no member has: without it, MEMBER_NOT_FOUND came only from a member the
        // run itself removed, which some seeds never do.
        'mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K',
        member.id,
        invited.member.id,
        owner.browser.signedIn!.session.id,
        member.browser.signedIn!.session.id,
      ],
      secrets: [key.secret, ruled.secret, org.admin_key.secret],
      session: () => ({ token: session.token ?? 'kp_session_ended', csrf: session.csrf ?? 'ended' }),
      // Bodies that reach the handlers (and scrypt) where openapi.yaml gives no example: a
      // member's e-mail with a wrong and with the right password, an unknown e-mail, a real
      // invitation with a strong and a weak password, a wrong current password.
      examples: {
        signIn: [
          { organization: 'operator', email: member.email, password: 'surely not the password' },
          { organization: 'operator', email: member.email, password: member.password },
          { organization: 'operator', email: 'nobody@example.com', password: 'surely not the password' },
        ],
        acceptInvitation: [
          { token: invited.invitation.token, password: 'lantern 5e1f0a9c sparrow cobalt', display_name: 'Invited Victim' },
          { token: invited.invitation.token, password: 'password1234567' },
        ],
        changePassword: [{ current_password: 'surely not the password', new_password: 'lantern 5e1f0a9c sparrow cobalt' }],
        updateMember: [{ display_name: 'Renamed' }, { scopes: ['keys:read'] }, { status: 'suspended' }, { status: 'active' }],
      },
    };
    db = new BetterSqlite3(service.dbPath, { readonly: true, fileMustExist: true });
  });

  afterAll(async () => {
    agent.destroy();
    db?.close();
    await service?.close();
  });

  it.each(contract.operations.map((operation) => [operation.operationId, operation] as const))(
    '%s: no 5xx, problems as documented, no secret echoed, nothing half-written',
    async (_id, operation) => {
      // A fresh rate-limit window for each operation, so that 429s stay the exception.
      service.clock.advance(61_000);
      // A session ended by an earlier operation (sign-out, a revocation) is replaced; wrong
      // current passwords sent with it may have locked its member out meanwhile.
      if ((await session.get('/v1/sessions/current')).status !== 200) {
        unwrap(await service.client().api.POST('/v1/members/{member_id}/unlock', { params: { path: { member_id: owner.id } } }));
        session = await newSession(service, owner);
        sessionTokens.add(session.token!);
      }
      await fc.assert(
        fc.asyncProperty(hostileRequest(contract, operation, known, tags), async (request) => {
          const before = snapshot(db);
          const wirePath = pathOf(operation, request, (name) => request.pathParams[name]!);
          const answer = await send(service, wirePath, request);
          const text = answer.body.toString('utf8');
          seen.add(`${answer.status} ${(tryJson(text) as { code?: string } | undefined)?.code ?? ''}`.trim());
          const where = `${request.method} ${wirePath.slice(0, 300)} → ${answer.status} ${text.slice(0, 500)}`;

          // The one 5xx by design: the gateways' front door refuses a caller that is not a
          // trusted gateway (this service trusts none), so no request of a client gets through.
          const gatewayRefusal = operation.operationId === 'authorizeGatewayRequest' && answer.status === 503 && /"code":"GATEWAY_(NOT_TRUSTED|KEY_REFUSED)"/.test(text);
          if (!gatewayRefusal) expect(answer.status, where).toBeLessThan(500);
          if (answer.status >= 400) {
            expect(answer.headers['content-type'], where).toMatch(/^application\/problem\+json/);
            const problem = JSON.parse(text) as { code: string; request_id: string; status: number };
            expect(problemCodes.has(problem.code), `${where}: code ${problem.code} is not in the contract`).toBe(true);
            expect(problem.request_id, where).toMatch(/\S/);
            expect(problem.status, where).toBe(answer.status);
          }

          // The contract check sees the operation's own path shape: raw segments such as
          // ".." would be normalised away by the URL parser it uses.
          const response = new Response(answer.status === 204 || answer.status === 304 ? null : answer.body, {
            status: answer.status,
            headers: Object.entries(answer.headers).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => [name, v]) : [[name, String(value)]])) as Array<[string, string]>,
          });
          const violations = (await conformance.check(request.method, `${service.url}${pathOf(operation, { ...request, query: null }, () => 'p')}`, response)).filter(
            (v) => !KNOWN_CONTRACT_GAPS.some((gap) => gap.test(v)),
          );
          expect(violations, where).toEqual([]);

          const everything = `${answer.rawHeaders.join('\n')}\n${text}`;
          expect(everything.includes(service.adminKey), `${where}: the admin key is in the answer`).toBe(false);
          for (const token of sessionTokens) {
            expect(everything.includes(token), `${where}: a session token is in the answer`).toBe(false);
            expect(everything.includes(hashSecret(token, service.serverSecret)), `${where}: a session token's hash is in the answer`).toBe(false);
          }
          for (const password of passwords) expect(everything.includes(password), `${where}: a member's password is in the answer`).toBe(false);
          const exempt = answer.status < 300 && request.method === operation.method.toUpperCase() && storesClientText(operation);
          const sentStrings = exempt ? new Set(stringsOf(tryJson(request.body.kind === 'bytes' ? request.body.bytes.toString('utf8') : ''))) : new Set<string>();
          for (const { secret, inBody } of request.planted) {
            const random = secret.slice(-38, -6);
            const hashes = [hashSecret(secret, service.serverSecret), createHash('sha256').update(secret).digest('hex')];
            for (const hash of hashes) expect(everything.includes(hash), `${where}: the hash of a sent secret is in the answer`).toBe(false);
            if (!everything.includes(random)) continue;
            // A create or update stores text it was given, and answers it back as it was sent.
            const storedVerbatim =
              exempt &&
              inBody &&
              !answer.rawHeaders.join('\n').includes(random) &&
              stringsOf(tryJson(text)).every((s) => !s.includes(random) || sentStrings.has(s));
            expect(storedVerbatim, `${where}: a secret sent in the request is in the answer (${secret})`).toBe(true);
          }

          const after = snapshot(db);
          expect(after.inProgress, `${where}: an idempotency key was left claimed`).toBe(0);
          if (answer.status >= 300) {
            expect(after.keys, `${where}: the key count changed`).toBe(before.keys);
            expect(after.digest, `${where}: a failed request changed stored state`).toBe(before.digest);
          }
        }),
        { numRuns: RUNS_PER_OPERATION, ...(FUZZ_SEED === undefined ? {} : { seed: FUZZ_SEED }) },
      );
    },
  );

  it.each([
    ['headers over the size limit', (secret: string) => `GET /v1/myself HTTP/1.1\r\nHost: x\r\nX-API-Key: ${secret}${'A'.repeat(20_000)}\r\n\r\n`],
    ['a Content-Length that is not a number', (secret: string) => `POST /v1/keys HTTP/1.1\r\nHost: x\r\nX-API-Key: ${secret}\r\nContent-Length: ${secret}\r\n\r\n{}`],
    ['a request line that is not HTTP', (secret: string) => `${secret} /v1/keys HTTP/9.9\r\n\r\n`],
    // With its Content-Type: a body of no declared type is refused (415) before it is read.
    ['bad chunk framing', (secret: string) => `POST /v1/keys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${secret}\r\n0\r\n\r\n`],
    ['a header without a colon', (secret: string) => `GET /health HTTP/1.1\r\nHost: x\r\n${secret}\r\n\r\n`],
  ])('answers %s, which the HTTP parser refuses, with a 400 problem that repeats nothing', async (_name, bytes) => {
    const secret = generateSecret({ issuer: 'nm', tag: 'operator' });
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(service.url).port), '127.0.0.1', () => socket.end(bytes(secret)));
      let received = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
      socket.on('close', () => resolve(received));
      socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    });
    const [head, body] = [text.slice(0, text.indexOf('\r\n\r\n')), text.slice(text.indexOf('\r\n\r\n') + 4)];
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    const problem = JSON.parse(body) as { code: string; status: number; request_id: string };
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, request_id: expect.stringMatching(/^req_/) });
    expect(head).toContain(`X-Request-Id: ${problem.request_id}`);
    expect(text).not.toContain(secret.slice(-38, -6));
  });

  it('got past the validator: authentication, handlers and the state of objects decided answers too', () => {
    const statuses = new Set([...seen].map((entry) => entry.slice(0, 3)));
    for (const status of ['200', '201', '400', '401', '403', '404', '405', '409', '413', '415', '422']) {
      expect(statuses, `no ${status} answer in the whole run: ${[...seen].sort().join(', ')}`).toContain(status);
    }
    for (const code of [
      'MALFORMED_JSON',
      'VALIDATION_FAILED',
      'MISSING_KEY',
      'MALFORMED_KEY',
      'UNKNOWN_KEY',
      'INVALID_CREDENTIALS',
      'INVALID_SESSION',
      'SESSION_REQUIRED',
      'CSRF_TOKEN_INVALID',
      'INVITATION_INVALID',
      'MEMBER_NOT_FOUND',
    ]) {
      expect([...seen].some((entry) => entry.endsWith(` ${code}`)), `no ${code} in the whole run`).toBe(true);
    }
  });
});
