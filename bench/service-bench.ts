import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cycle, measure, type LoadResult } from './load.js';
import { root, startBaseline, startService } from './processes.js';
import { generateSecret } from '../src/core/key-format.js';
import { seedDatabase, type SeededDatabase } from './seed.js';
import { benchSignIn, type SignInReport } from './sign-in-bench.js';

export interface ServiceBenchOptions {
  seconds: number;
  /** Keys stored for the main verify and myself measurements. */
  keys: number;
  /** Sizes for the "verify latency does not grow with the table" comparison. */
  scaling: [small: number, large: number];
}

export interface FloodReport {
  /** Legit verification on its own, at the flood's connection count. */
  alone: LoadResult;
  /** The same beside a flood of dead keys at as many connections. */
  flooded: LoadResult;
  flood: LoadResult;
  /** Growth of the database (checkpointed), bytes per minute of flood. */
  growthPerMinute: number;
}

export interface ServiceBenchReport {
  results: LoadResult[];
  /** The framework moving a verification's bytes and nothing else. */
  sameBytes: LoadResult;
  /** POST /v1/keys/verify with the headers Keyplane's client sends (and the Idempotency-Key older clients sent). */
  clientStyle: LoadResult;
  floods: { verify: FloodReport; authentication: FloodReport };
  baseline: LoadResult;
  scaling: { small: LoadResult; large: LoadResult; sizes: [number, number] };
  create: LoadResult;
  createUnsynced: LoadResult;
  signIn: SignInReport;
}

/**
 * The service's hot paths under autocannon at 50 connections, each beside the same
 * framework's trivial route measured in the same run:
 * - POST /v1/keys/verify and GET /v1/myself with `keys` stored keys;
 * - key creation (a transaction with the key, its scopes and an audit event);
 * - verify with the cache off, on a small and a large table, to show the lookup is indexed.
 */
export async function benchService(options: ServiceBenchOptions): Promise<ServiceBenchReport> {
  const dir = await mkdtemp(path.join(tmpdir(), 'keyplane-bench-'));
  try {
    log(`seeding ${options.keys} keys`);
    const main = await seedDatabase(path.join(dir, 'main.db'), options.keys);
    const baselineServer = await startBaseline();
    const onBaseline = { serverPid: baselineServer.child.pid };
    const baseline = await measure({ name: 'baseline: Fastify trivial POST', url: `${baselineServer.url}/baseline`, method: 'POST', body: () => '{"key":"x"}', seconds: options.seconds, ...onBaseline });
    const sameBytesKeys = cycle(main.sampleSecrets);
    const sameBytes = await measure({
      name: 'baseline: Fastify, the same request and an answer of a verdict\'s size and headers, no work',
      url: `${baselineServer.url}/baseline/same-bytes`,
      method: 'POST',
      headers: { 'x-api-key': main.gatewaySecret },
      body: () => JSON.stringify({ key: sameBytesKeys(), required_scopes: ['read'] }),
      seconds: options.seconds,
      ...onBaseline,
    });
    await baselineServer.stop();

    const service = await startService(main.path, main.serverSecret);
    const onService = { serverPid: service.child.pid };
    const auth = { 'x-api-key': main.gatewaySecret };
    const presented = cycle(main.sampleSecrets);
    const results: LoadResult[] = [];
    // Warm-up: the first pass loads every sampled key into the cache.
    await measure({ name: 'warm-up', url: `${service.url}/v1/keys/verify`, method: 'POST', headers: auth, body: () => JSON.stringify({ key: presented() }), seconds: 2 });
    results.push(
      await measure({
        name: `POST /v1/keys/verify (${options.keys.toLocaleString('en')} keys)`,
        url: `${service.url}/v1/keys/verify`,
        method: 'POST',
        headers: auth,
        body: () => JSON.stringify({ key: presented(), required_scopes: ['read'] }),
        seconds: options.seconds,
        ...onService,
      }),
    );
    const clientSecrets = cycle(main.sampleSecrets);
    // Verification is never replayed, so the header costs nothing any more: this row shows it.
    const clientStyle = await measure({
      name: 'POST /v1/keys/verify as Keyplane\'s client sends it (User-Agent, an Idempotency-Key per request)',
      url: `${service.url}/v1/keys/verify`,
      method: 'POST',
      headers: { ...auth, 'user-agent': 'keyplane-client/0.1.0' },
      headersPerRequest: () => ({ 'idempotency-key': randomUUID() }),
      body: () => JSON.stringify({ key: clientSecrets(), required_scopes: ['read'] }),
      seconds: options.seconds,
      ...onService,
    });
    const mySecrets = cycle(main.sampleSecrets);
    results.push(
      await measure({ name: 'GET /v1/myself (authenticated)', url: `${service.url}/v1/myself`, headersPerRequest: () => ({ 'x-api-key': mySecrets() }), seconds: options.seconds, ...onService }),
    );
    log('sign-in and a signed-in request');
    const signIn = await benchSignIn(service, main, options.seconds);
    let n = 0;
    const measureCreate = (url: string, name: string) =>
      measure({
        name,
        url: `${url}/v1/keys`,
        method: 'POST',
        headers: auth,
        body: () => JSON.stringify({ name: `bench ${n++}`, scopes: ['read'] }),
        connections: 10,
        seconds: Math.max(3, Math.round(options.seconds / 2)),
      });
    const floods = {
      // Three times as long as the other rows: the refusal recorder's bounds are per minute,
      // so a short flood would overstate the growth a minute.
      verify: await flood(service.url, main, 'verify', options.seconds * 3),
      authentication: await flood(service.url, main, 'authentication', options.seconds * 3),
    };
    const create = await measureCreate(service.url, 'POST /v1/keys (create, synchronous=full)');
    await service.stop();
    // The same with commits not synced (KEYPLANE_SQLITE_SYNCHRONOUS=normal): what the fsync costs.
    const unsynced = await startService(main.path, main.serverSecret, 5000, ['--sqlite-synchronous=normal']);
    const createUnsynced = await measureCreate(unsynced.url, 'POST /v1/keys (create, synchronous=normal)');
    await unsynced.stop();

    const [smallSize, largeSize] = options.scaling;
    const scalingRun = async (size: number): Promise<LoadResult> => {
      log(`seeding ${size} keys for the scaling comparison`);
      const db = await seedDatabase(path.join(dir, `scale-${size}.db`), size);
      // Cache off: every verification reads the database, which is what this compares.
      const server = await startService(db.path, db.serverSecret, 0);
      const keys = cycle(db.sampleSecrets);
      const result = await measure({
        name: `verify, cache off, ${size.toLocaleString('en')} keys`,
        url: `${server.url}/v1/keys/verify`,
        method: 'POST',
        headers: { 'x-api-key': db.gatewaySecret },
        body: () => JSON.stringify({ key: keys() }),
        seconds: options.seconds,
      });
      await server.stop();
      await rm(db.path, { force: true });
      return result;
    };
    const small = await scalingRun(smallSize);
    const large = await scalingRun(largeSize);
    return { results, sameBytes, clientStyle, floods, baseline, create, createUnsynced, signIn, scaling: { small, large, sizes: [smallSize, largeSize] } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Legit verification at 25 connections, alone and then beside 25 connections of dead keys
 * (revoked, unknown with a valid checksum, malformed, in turn): sent to verification through
 * the gateway's key (naming three attacking client addresses, as a gateway names its
 * clients), or as the calling key of an authenticated request. The database files are
 * measured before and after (once the refusal recorder has flushed).
 */
async function flood(url: string, db: SeededDatabase, target: 'verify' | 'authentication', seconds: number): Promise<FloodReport> {
  const legit = (name: string) => {
    const keys = cycle(db.sampleSecrets);
    return measure({
      name,
      url: `${url}/v1/keys/verify`,
      method: 'POST',
      headers: { 'x-api-key': db.gatewaySecret },
      // As a gateway sends it: with the end client's address.
      body: () => JSON.stringify({ key: keys(), required_scopes: ['read'], ip: clients() }),
      connections: 25,
      seconds,
    });
  };
  const clients = cycle(Array.from({ length: 50 }, (_, i) => `203.0.113.${i + 1}`));
  const dead = [...db.revokedSecrets.slice(0, 50), ...Array.from({ length: 50 }, () => generateSecret({ issuer: 'nm', tag: 'bench' })), 'nm_bench_malformed'];
  const alone = await legit(`legit verify, 25 connections, alone (before the ${target} flood)`);
  const before = databaseBytes(db.path);
  const floodName = `flood: 25 connections of dead keys to ${target === 'verify' ? 'POST /v1/keys/verify' : 'GET /v1/myself'}`;
  const floodOptions =
    target === 'verify'
      ? { name: floodName, url: `${url}/v1/keys/verify`, method: 'POST', headers: { 'x-api-key': db.gatewaySecret }, keyIn: 'body', clients: ['198.51.100.1', '198.51.100.2', '198.51.100.3'] }
      : { name: floodName, url: `${url}/v1/myself`, keyIn: 'header' };
  const [flooded, floodResult] = await Promise.all([
    legit(`legit verify, 25 connections, beside the ${target} flood`),
    runInOwnProcess({ ...floodOptions, keys: dead, connections: 25, seconds }),
  ]);
  // The refusal recorder writes every 2 s: wait for its last flush of the flood.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const growthPerMinute = ((databaseBytes(db.path) - before) / seconds) * 60;
  return { alone, flooded, flood: floodResult, growthPerMinute };
}

/** bench/flood-load.ts in a child process, so that the flood has an event loop of its own. */
async function runInOwnProcess(options: object): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/flood-load.ts', JSON.stringify(options)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the flood's load generator exited with ${code}`);
  return JSON.parse(output) as LoadResult;
}

/**
 * What the database holds, in bytes: the write-ahead log is checkpointed into the main file
 * first (from a connection of our own, as any SQLite tool may), because the log is reused in
 * place and its size says how much was written lately, not how much is kept.
 */
function databaseBytes(path: string): number {
  const connection = new BetterSqlite3(path);
  try {
    connection.pragma('busy_timeout = 10000');
    connection.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    connection.close();
  }
  return statSync(path).size;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
