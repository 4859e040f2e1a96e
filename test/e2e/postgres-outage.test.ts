/**
 * PostgreSQL stops under load and comes back, with two `keyplane serve` processes on it:
 * - while it is down every answer is a 2xx the node could give from memory, or a 503
 *   problem+json with `Retry-After` (never a 500, never a hang, never a 401 for a good key);
 * - a sign-in, right or wrong, gets the same 503 (its member and its throttle's counts are in
 *   the database), never a 500 or a 401 that would count as a failed attempt;
 * - `/ready` answers 503 on every node within two seconds, so a load balancer stops sending;
 * - when it is back the nodes recover by themselves, without a restart: `/ready` is 200,
 *   writes succeed, and changes are pushed between the nodes again (the listening
 *   connections reconnected).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_CHANNEL } from '../../src/store/postgres-change-feed.js';
import { ContractConformance } from '../helpers/contract-conformance.js';
import { freshEmail, strongPassword } from '../helpers/people.js';
import { startPostgres, type RunningPostgres } from '../helpers/postgres.js';
import { killAllChildren, newServerSecretHex, sleep, spawnService, type ServiceProcess } from '../helpers/process.js';

/** An answer slower than this is a hang. */
const HANG_MS = 10_000;
/** Cache TTL of the nodes: long, so only a push explains a change seen quickly. */
const CACHE_TTL_MS = 60_000;
const WORKERS_PER_NODE = 4;
const OUTAGE_MS = 4_000;

type Phase = 'before' | 'outage' | 'after';

interface Answer {
  phase: Phase;
  node: number;
  what: string;
  status: number | 'hang' | 'network error';
  ms: number;
  code?: string;
  contentType?: string;
  retryAfter?: string | null;
}

const conformance = new ContractConformance();
let postgres: RunningPostgres;
let nodes: ServiceProcess[] = [];
let adminKey: string;

beforeAll(async () => {
  postgres = await startPostgres();
  const serverSecretHex = newServerSecretHex();
  const args = ['--cache-ttl-ms', String(CACHE_TTL_MS)];
  // The first node bootstraps; the second finds what it made.
  nodes.push(await spawnService({ dbPath: postgres.connectionString, serverSecretHex, args }));
  nodes.push(await spawnService({ dbPath: postgres.connectionString, serverSecretHex, args }));
  adminKey = nodes[0]!.adminKey!;
});

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  killAllChildren();
  await postgres?.stop();
  expect(conformance.violations).toEqual([]);
});

async function call(node: ServiceProcess, method: 'GET' | 'POST', path: string, options: { key?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (options.key) headers['x-api-key'] = options.key;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const request = new Request(`${node.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(HANG_MS),
  });
  const response = await fetch(request);
  await conformance.check(method, request.url, response);
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

async function createKey(node: ServiceProcess, name: string): Promise<{ id: string; secret: string }> {
  const answer = await call(node, 'POST', '/v1/keys', { key: adminKey, body: { name, scopes: ['keys:read'] } });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return { id: answer.json.id, secret: answer.json.secret };
}

async function ready(node: ServiceProcess): Promise<boolean> {
  try {
    const response = await fetch(`${node.url}/ready`, { signal: AbortSignal.timeout(HANG_MS) });
    await conformance.check('GET', response.url, response.clone());
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Polls until `condition` holds; returns the time it took in ms, or Infinity after `limitMs`. */
async function timeUntil(condition: () => Promise<boolean>, limitMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if (await condition()) return performance.now() - started;
    await sleep(25);
  }
  return Number.POSITIVE_INFINITY;
}

async function listeners(): Promise<number> {
  const client = new pg.Client({ connectionString: postgres.connectionString });
  await client.connect();
  try {
    const { rows } = await client.query(`select count(*)::int as n from pg_stat_activity where query = 'LISTEN ${CHANGE_CHANNEL}'`);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL stops under load, then returns', () => {
  it('answers 503 problem+json meanwhile (never 500, never a hang), /ready goes false, and every node recovers by itself', async () => {
    // Keys made before the outage; the nodes have seen them (cached) or not (cold).
    const warm = await createKey(nodes[0]!, 'warm');
    const cold = await createKey(nodes[0]!, 'cold');
    for (const node of nodes) expect((await call(node, 'GET', '/v1/myself', { key: warm.secret })).status).toBe(200);
    // A person who signs in, through the first owner's set-up link.
    const { slug } = (await call(nodes[0]!, 'GET', '/v1/myself', { key: adminKey })).json.organization;
    const owner = { organization: slug as string, email: freshEmail('owner'), password: strongPassword() };
    const accepted = await call(nodes[0]!, 'POST', '/v1/invitations/accept', {
      body: { token: nodes[0]!.ownerSetupToken, email: owner.email, password: owner.password, display_name: 'Olive Owner' },
    });
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(201);
    for (const node of nodes) {
      const signedIn = await call(node, 'POST', '/v1/sessions', { body: owner });
      expect(signedIn.status, JSON.stringify(signedIn.json)).toBe(201);
    }

    const answers: Answer[] = [];
    let phase: Phase = 'before';
    let running = true;
    let sequence = 0;
    const operations: Array<{ what: string; send: (node: ServiceProcess) => ReturnType<typeof call> }> = [
      { what: 'create a key', send: (node) => call(node, 'POST', '/v1/keys', { key: adminKey, body: { name: `load-${sequence++}`, scopes: ['keys:read'] } }) },
      { what: 'verify a warm key', send: (node) => call(node, 'POST', '/v1/keys/verify', { key: adminKey, body: { key: warm.secret } }) },
      { what: 'verify a cold key', send: (node) => call(node, 'POST', '/v1/keys/verify', { key: adminKey, body: { key: cold.secret } }) },
      { what: 'list keys', send: (node) => call(node, 'GET', '/v1/keys?limit=5', { key: adminKey }) },
      { what: 'myself with a warm key', send: (node) => call(node, 'GET', '/v1/myself', { key: warm.secret }) },
      { what: 'ready', send: (node) => call(node, 'GET', '/ready') },
    ];
    const worker = async (nodeIndex: number, offset: number) => {
      let i = offset;
      while (running) {
        const operation = operations[i++ % operations.length]!;
        const at = phase;
        const started = performance.now();
        try {
          const answer = await operation.send(nodes[nodeIndex]!);
          answers.push({
            phase: at,
            node: nodeIndex,
            what: operation.what,
            status: answer.status,
            ms: performance.now() - started,
            code: answer.json.code,
            contentType: answer.headers.get('content-type') ?? undefined,
            retryAfter: answer.headers.get('retry-after'),
          });
        } catch (error) {
          const hang = (error as Error).name === 'TimeoutError';
          answers.push({ phase: at, node: nodeIndex, what: operation.what, status: hang ? 'hang' : 'network error', ms: performance.now() - started });
        }
        await sleep(10);
      }
    };
    const load = Promise.all(nodes.flatMap((_, n) => Array.from({ length: WORKERS_PER_NODE }, (_, w) => worker(n, w))));

    await sleep(1_500);
    // Some creates are inside the database when it stops: they wait for a lock held here.
    phase = 'outage';
    const locker = new pg.Client({ connectionString: postgres.connectionString });
    locker.on('error', () => {}); // its connection is cut by the stop, as everyone's
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table api_keys in share row exclusive mode');
    const waiting = await timeUntil(async () => {
      const { rows } = await locker.query(`select count(*)::int as n from pg_locks where not granted and relation = 'api_keys'::regclass`);
      return rows[0].n >= 2;
    }, 5_000);
    expect(waiting).toBeLessThan(5_000);
    await postgres.halt('fast');
    await locker.end().catch(() => {});
    // A load balancer polling /ready sees every node leave quickly.
    const notReady = await Promise.all(nodes.map((node) => timeUntil(async () => !(await ready(node)), 10_000)));
    expect(Math.max(...notReady)).toBeLessThan(2_000);
    // Sign-ins, right and wrong, on every node while the database is down.
    for (const [index, node] of nodes.entries()) {
      for (const [what, body] of [
        ['sign in', owner],
        ['sign in, wrong password', { ...owner, password: `${owner.password}!` }],
      ] as const) {
        const started = performance.now();
        const answer = await call(node, 'POST', '/v1/sessions', { body });
        answers.push({
          phase: 'outage',
          node: index,
          what,
          status: answer.status,
          ms: performance.now() - started,
          code: answer.json.code,
          contentType: answer.headers.get('content-type') ?? undefined,
          retryAfter: answer.headers.get('retry-after'),
        });
      }
    }
    await sleep(OUTAGE_MS);
    await postgres.restart();
    phase = 'after';
    const back = await Promise.all(nodes.map((node) => timeUntil(() => ready(node), 20_000)));
    await sleep(1_500);
    running = false;
    await load;

    const summary = (list: Answer[]) => {
      const counts = new Map<string, number>();
      for (const a of list) counts.set(`${a.what} → ${a.status}${a.code ? ` ${a.code}` : ''}`, (counts.get(`${a.what} → ${a.status}${a.code ? ` ${a.code}` : ''}`) ?? 0) + 1);
      return [...counts].map(([k, n]) => `${k}: ${n}`).sort();
    };
    console.info(
      `outage of ${OUTAGE_MS} ms: /ready went 503 after ${notReady.map((t) => Math.round(t)).join(' and ')} ms, ` +
        `200 again ${back.map((t) => Math.round(t)).join(' and ')} ms after PostgreSQL was back\n` +
        (['before', 'outage', 'after'] as const).map((p) => `${p}:\n  ${summary(answers.filter((a) => a.phase === p)).join('\n  ')}`).join('\n'),
    );

    // No node died of it.
    for (const node of nodes) {
      expect({ exitCode: node.child.exitCode, signal: node.child.signalCode }, `stderr:\n${node.stderr()}\nlog:\n${node.stdout().slice(-3000)}`).toEqual({
        exitCode: null,
        signal: null,
      });
    }
    // Never a hang, never a broken connection, never a 500, never a good key refused.
    const bad = answers.filter((a) => typeof a.status !== 'number' || ![200, 201, 503].includes(a.status));
    expect(bad.map((a) => `${a.phase} node ${a.node} ${a.what}: ${a.status} ${a.code ?? ''} after ${Math.round(a.ms)} ms`)).toEqual([]);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(HANG_MS);
    // Before the outage everything worked.
    expect(answers.filter((a) => a.phase === 'before' && a.what !== 'ready' && a.status === 503)).toEqual([]);
    // During it, what needs the database got a problem a client knows to retry.
    const unavailable = answers.filter((a) => a.status === 503);
    expect(unavailable.filter((a) => a.phase === 'outage').length).toBeGreaterThan(10);
    expect(answers.filter((a) => a.what.startsWith('sign in')).map((a) => `node ${a.node} ${a.what}: ${a.status}`)).toEqual(
      nodes.flatMap((_, n) => [`node ${n} sign in: 503`, `node ${n} sign in, wrong password: 503`]),
    );
    for (const a of unavailable) {
      expect(a.contentType).toMatch(/^application\/problem\+json/);
      expect(a.code).toBe('SERVICE_UNAVAILABLE');
      expect(a.retryAfter).toMatch(/^\d+$/);
    }

    // And after it, by themselves: ready, writing, and pushing changes again.
    expect(Math.max(...back)).toBeLessThan(20_000);
    for (const node of nodes) await createKey(node, 'after the outage');
    for (const node of nodes) expect((await call(node, 'POST', '/v1/sessions', { body: owner })).status).toBe(201);
    expect(await timeUntil(async () => (await listeners()) === nodes.length, 15_000)).toBeLessThan(15_000);
    const pushed = await createKey(nodes[0]!, 'pushed after the outage');
    expect((await call(nodes[1]!, 'GET', '/v1/myself', { key: pushed.secret })).status).toBe(200);
    expect((await call(nodes[0]!, 'POST', `/v1/keys/${pushed.id}/revoke`, { key: adminKey, body: {} })).status).toBe(200);
    const refused = await timeUntil(async () => (await call(nodes[1]!, 'GET', '/v1/myself', { key: pushed.secret })).json.code === 'REVOKED_KEY', 5_000);
    expect(refused).toBeLessThan(1_000);
  });
});
