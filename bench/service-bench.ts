import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cycle, measure, type LoadResult } from './load.js';
import { startBaseline, startService } from './processes.js';
import { seedDatabase } from './seed.js';

export interface ServiceBenchOptions {
  seconds: number;
  /** Keys stored for the main verify and myself measurements. */
  keys: number;
  /** Sizes for the "verify latency does not grow with the table" comparison. */
  scaling: [small: number, large: number];
}

export interface ServiceBenchReport {
  results: LoadResult[];
  baseline: LoadResult;
  scaling: { small: LoadResult; large: LoadResult; sizes: [number, number] };
  create: LoadResult;
  createUnsynced: LoadResult;
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
    const baselineServer = await startBaseline();
    const baseline = await measure({ name: 'baseline: Fastify trivial POST', url: `${baselineServer.url}/baseline`, method: 'POST', body: () => '{"key":"x"}', seconds: options.seconds });
    await baselineServer.stop();

    log(`seeding ${options.keys} keys`);
    const main = await seedDatabase(path.join(dir, 'main.db'), options.keys);
    const service = await startService(main.path, main.serverSecret);
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
      }),
    );
    const mySecrets = cycle(main.sampleSecrets);
    results.push(
      await measure({ name: 'GET /v1/myself (authenticated)', url: `${service.url}/v1/myself`, headers: { 'x-api-key': mySecrets() }, seconds: options.seconds }),
    );
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
    return { results, baseline, create, createUnsynced, scaling: { small, large, sizes: [smallSize, largeSize] } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
