/**
 * `keyplane serve` as a real process on a real SQLite file:
 * - SIGKILL in the middle of a stream of creates loses nothing that was acknowledged: after a
 *   restart on the same database and server secret every key answered 201 is there and its
 *   secret verifies, and every key there was asked for (creates whose answer was lost to the
 *   kill may have committed; they are counted, not an error);
 * - SIGTERM lets requests already being processed finish with an answer (no reset), refuses
 *   new connections, and the process exits 0.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyplaneClient, unwrap, type KeyplaneClient } from '../../src/client/index.js';
import { ContractConformance } from '../helpers/contract-conformance.js';
import { killAllChildren, newServerSecretHex, spawnService, tempDir, type ServiceProcess } from '../helpers/process.js';

const IN_FLIGHT = 8;
const KILL_AFTER_ACKNOWLEDGED = 60;

const conformance = new ContractConformance();

/** The typed client, retries off (every answer counts), each response checked against the contract. */
function clientFor(service: ServiceProcess, apiKey: string): KeyplaneClient {
  return createKeyplaneClient({
    endpoint: service.url,
    apiKey,
    retries: false,
    timeoutMs: 20_000,
    fetch: async (input: Request) => {
      const response = await fetch(input);
      await conformance.check(input.method, input.url, response);
      return response;
    },
  });
}

async function allKeys(client: KeyplaneClient): Promise<Array<{ id: string; name: string }>> {
  const keys: Array<{ id: string; name: string }> = [];
  let cursor: string | undefined;
  do {
    const page = unwrap(await client.api.GET('/v1/keys', { params: { query: { limit: 200, cursor } } }));
    keys.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return keys;
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

function integrityCheck(dbPath: string): string {
  const db = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) ?? '';
  } finally {
    db.close();
  }
}

afterAll(() => {
  killAllChildren();
  expect(conformance.violations).toEqual([]);
});

describe('SIGKILL during a stream of creates', () => {
  it('keeps every acknowledged key, with a secret that verifies, after a restart', async () => {
    const { dir, remove } = await tempDir();
    try {
      const dbPath = path.join(dir, 'keyplane.db');
      const serverSecretHex = newServerSecretHex();
      const first = await spawnService({ dbPath, serverSecretHex });
      const adminKey = first.adminKey!;
      expect(adminKey).toMatch(/^nm_default_/);
      const client = clientFor(first, adminKey);

      const acknowledged: Array<{ id: string; name: string; secret: string }> = [];
      const lost: string[] = [];
      const otherAnswers: string[] = [];
      let sequence = 0;
      let inFlight = 0;
      let inFlightAtKill = -1;
      const worker = async () => {
        while (inFlightAtKill < 0) {
          const name = `durable-${String(sequence++).padStart(5, '0')}`;
          inFlight++;
          try {
            const { data, response } = await client.api.POST('/v1/keys', { body: { name, scopes: ['keys:read'], metadata: { stream: 'kill' } } });
            if (response.status === 201 && data) acknowledged.push({ id: data.id, name, secret: data.secret });
            else otherAnswers.push(`${name}: ${response.status}`);
          } catch {
            lost.push(name); // no answer: the process died with the request in flight
          } finally {
            inFlight--;
          }
          if (acknowledged.length >= KILL_AFTER_ACKNOWLEDGED && inFlightAtKill < 0) {
            inFlightAtKill = inFlight;
            first.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(otherAnswers).toEqual([]);
      // The kill did land in the middle of the stream: requests were on their way (some of
      // their answers may have been in the socket buffers already, and still arrive).
      expect(inFlightAtKill).toBeGreaterThan(0);

      const second = await spawnService({ dbPath, serverSecretHex });
      try {
        // Not an empty database: no second bootstrap, no banner.
        expect(second.adminKey).toBeNull();
        expect(second.stderr()).not.toContain('admin key');
        const again = clientFor(second, adminKey);

        await inBatches(acknowledged, IN_FLIGHT, async (key) => {
          const stored = unwrap(await again.api.GET('/v1/keys/{key_id}', { params: { path: { key_id: key.id } } }));
          expect(stored).toMatchObject({ id: key.id, name: key.name, status: 'active', scopes: ['keys:read'] });
          const verdict = unwrap(await again.api.POST('/v1/keys/verify', { body: { key: key.secret } }));
          expect(verdict, key.name).toMatchObject({ valid: true, code: 'VALID', key: { id: key.id } });
        });

        // Every key there was asked for, once; beyond the acknowledged ones only creates
        // whose answer the kill swallowed.
        const keys = (await allKeys(again)).filter((k) => k.name !== 'Admin');
        const names = keys.map((k) => k.name);
        expect(new Set(names).size).toBe(names.length);
        const acknowledgedNames = new Set(acknowledged.map((k) => k.name));
        const lostNames = new Set(lost);
        const unexplained = names.filter((n) => !acknowledgedNames.has(n) && !lostNames.has(n));
        expect(unexplained).toEqual([]);
        const committedUnanswered = names.filter((n) => lostNames.has(n)).length;
        expect(keys.length).toBe(acknowledged.length + committedUnanswered);
        console.info(
          `SIGKILL with ${inFlightAtKill} creates in flight: ${acknowledged.length} acknowledged (all kept), ` +
            `${lost.length} unanswered, of which ${committedUnanswered} had committed.`,
        );
      } finally {
        expect((await second.stop('SIGTERM')).code).toBe(0);
      }
      expect(integrityCheck(dbPath)).toBe('ok');
    } finally {
      await remove();
    }
  });
});

interface RawAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A create whose body arrives in two parts: headers and half the body now, the rest when
 * `finish()` is called. Until then the server has the request and waits for it.
 */
function slowCreate(url: string, apiKey: string, name: string): { finish(): void; answer: Promise<RawAnswer> } {
  const { port } = new URL(url);
  const body = Buffer.from(JSON.stringify({ name, scopes: ['keys:read'], metadata: { stream: 'term' } }));
  const half = Math.floor(body.length / 2);
  let req!: ReturnType<typeof httpRequest>;
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    req = httpRequest(
      {
        host: '127.0.0.1',
        port: Number(port),
        method: 'POST',
        path: '/v1/keys',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(body.length), 'x-api-key': apiKey },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
  req.flushHeaders();
  req.write(body.subarray(0, half));
  return { finish: () => req.end(body.subarray(half)), answer };
}

/**
 * HTTP/1.1 responses one after the other on a connection (Content-Length framing only);
 * `text` is the bytes as latin1, so that lengths are byte counts.
 */
function parseResponses(text: string): Array<{ status: number; headers: Record<string, string>; body: string }> {
  const answers: Array<{ status: number; headers: Record<string, string>; body: string }> = [];
  let rest = text;
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length'] ?? 0);
    const body = Buffer.from(rest.slice(end + 4, end + 4 + length), 'latin1').toString('utf8');
    answers.push({ status: Number(statusLine!.split(' ')[1]), headers, body });
    rest = rest.slice(end + 4 + length);
  }
  return answers;
}

/**
 * A connection with `request` sent but for its last 5 bytes; `finish(more)` sends those and
 * `more`; `received` is everything the server sent until it closed the connection.
 */
async function openConnection(port: number, request: string): Promise<{ finish(more: string): void; received: Promise<string> }> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.setEncoding('latin1').on('data', (chunk: string) => (text += chunk));
  const received = new Promise<string>((resolve, reject) => {
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const cut = request.length - 5;
  socket.write(request.slice(0, cut));
  return { finish: (more) => socket.write(request.slice(cut) + more), received };
}

/** Resolves once a new connection to `port` is refused (the listener has closed). */
async function waitUntilRefused(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const refused = await new Promise<boolean>((resolve) => {
      const probe = connect(port, '127.0.0.1');
      probe.once('connect', () => {
        probe.destroy();
        resolve(false);
      });
      probe.once('error', () => resolve(true));
    });
    if (refused) return;
    if (Date.now() > deadline) throw new Error(`port ${port} still accepts connections`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const incoming = (stdout: string, url: string) =>
  stdout.split('\n').filter((line) => line.includes('"msg":"incoming request"') && line.includes(`"path":"${url}"`)).length;

describe('SIGTERM with requests in flight', () => {
  it('answers every request it is processing, refuses new connections, and exits 0', async () => {
    const { dir, remove } = await tempDir();
    try {
      const dbPath = path.join(dir, 'keyplane.db');
      const serverSecretHex = newServerSecretHex();
      const service = await spawnService({ dbPath, serverSecretHex, logLevel: 'info' });
      const adminKey = service.adminKey!;

      const slow = Array.from({ length: 50 }, (_, i) => slowCreate(service.url, adminKey, `graceful-${i}`));
      // Every one of them has reached the service, which waits for the rest of its body.
      await service.waitForStdout((out) => incoming(out, '/v1/keys') >= 50, 15_000);

      service.child.kill('SIGTERM');
      await service.waitForStdout((out) => out.includes('shutting down: finishing requests in flight'));
      // New connections are refused once shutdown has begun (the listener closes first)...
      await waitUntilRefused(service.port);
      // ...while the 50 requests it accepted are still waiting for the rest of their bodies.
      expect(service.child.exitCode).toBeNull();

      for (const request of slow) request.finish();
      const answers = await Promise.allSettled(slow.map((request) => request.answer));
      const failures = answers.flatMap((a, i) => (a.status === 'rejected' ? [`graceful-${i}: ${(a.reason as Error).message}`] : []));
      expect(failures).toEqual([]);
      const created = answers.map((a) => (a as PromiseFulfilledResult<RawAnswer>).value);
      for (const answer of created) {
        expect(answer.status, answer.body).toBe(201);
        expect(JSON.parse(answer.body).secret).toMatch(/^nm_default_/);
      }

      const exit = await Promise.race([service.exited, new Promise((r) => setTimeout(() => r('still running'), 15_000))]);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(service.stderr()).not.toContain('error while shutting down');

      // What was answered is stored.
      const again = await spawnService({ dbPath, serverSecretHex });
      try {
        const keys = await allKeys(clientFor(again, adminKey));
        expect(keys.filter((k) => k.name.startsWith('graceful-'))).toHaveLength(50);
      } finally {
        await again.stop();
      }
      expect(integrityCheck(dbPath)).toBe('ok');
    } finally {
      await remove();
    }
  });

  it('serves a request pipelined behind one in flight, and /ready answers a 503 problem meanwhile', async () => {
    const { dir, remove } = await tempDir();
    try {
      const service = await spawnService({ dbPath: path.join(dir, 'keyplane.db'), logLevel: 'info' });
      const create = (name: string) => {
        const body = JSON.stringify({ name, scopes: ['keys:read'] });
        return (
          `POST /v1/keys HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nX-API-Key: ${service.adminKey}\r\n\r\n${body}`
        );
      };
      // Two connections, each with a create of which all but the last bytes are sent.
      const a = await openConnection(service.port, create('pipelined-a1'));
      const b = await openConnection(service.port, create('pipelined-b1'));
      await service.waitForStdout((out) => incoming(out, '/v1/keys') >= 2);
      service.child.kill('SIGTERM');
      await waitUntilRefused(service.port);
      // Each request is finished with another one right behind it on the same connection,
      // as a proxy reusing a connection does.
      a.finish(create('pipelined-a2'));
      b.finish('GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');

      const answersA = parseResponses(await a.received);
      expect(answersA.map((x) => x.status)).toEqual([201, 201]);
      expect(answersA[1]!.headers.connection).toBe('close');
      const answersB = parseResponses(await b.received);
      expect(answersB.map((x) => x.status)).toEqual([201, 503]);
      const ready = answersB[1]!;
      expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(ready.headers['retry-after']).toMatch(/^\d+$/);
      expect(JSON.parse(ready.body)).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      const violations = await conformance.check('GET', `${service.url}/ready`, new Response(ready.body, { status: 503, headers: ready.headers }));
      expect(violations).toEqual([]);
      expect((await service.exited).code).toBe(0);
    } finally {
      await remove();
    }
  });
});
