import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openPostgresStore } from '../src/store/postgres-store.js';
import { startPostgres } from '../test/helpers/postgres.js';
import { cpuSeconds } from './cpu-time.js';
import { cycle, measure, type LoadResult } from './load.js';
import { root, startService, type Started } from './processes.js';
import { seedKeys } from './seed.js';

/**
 * `npm run bench -- --only cluster`: three `keyplane serve` processes on one PostgreSQL
 * against one, on the same machine and the same database, in the same run:
 * - verification throughput, the same three load generators (each a process of its own)
 *   aimed at the one node or at one node each; with the default cache TTL, and with a long
 *   one (each node re-reads every key it uses once per TTL, so the TTL sets how much of the
 *   database's and the nodes' work grows with the number of nodes);
 * - how long a revocation made on node A takes to be refused by nodes B and C, which held the
 *   key in their caches (pushed with LISTEN/NOTIFY; the cache TTL, a minute there, is only
 *   the fallback), idle and under verification load, beside the same poll on node A itself.
 * PostgreSQL is a throwaway cluster (test/helpers/postgres.ts: fsync off), on the same cores.
 */
export interface ClusterBenchOptions {
  seconds: number;
  keys: number;
  revocations: number;
  /** Connections in total, split evenly over the load generators. */
  connections: number;
}

export interface Propagation {
  name: string;
  /** ms from the revocation's 200 on node A until each polled node refused the key, all samples. */
  samples: number[];
  /** The same on node A itself: the floor of the method (one poll's round trip). */
  floor: number[];
}

export interface Throughput {
  cacheTtlMs: number;
  oneNode: LoadResult;
  threeNodes: LoadResult;
}

export interface ClusterBenchReport {
  options: ClusterBenchOptions;
  throughput: Throughput[];
  idle: Propagation;
  underLoad: Propagation;
  /** The cache TTL of the nodes the revocations were measured on. */
  revocationCacheTtlMs: number;
  seedMs: number;
}

/** `--cache-ttl-ms`: the default, and a minute. */
const CACHE_TTLS_MS = [5_000, 60_000] as const;
/** A poll that has not seen the revocation by then counts as never. */
const GIVE_UP_MS = 10_000;
/** Load generators of a throughput measurement: as many at one node as the cluster run has nodes. */
const GENERATORS = 3;

interface Seeded {
  connectionString: string;
  serverSecret: Buffer;
  gatewaySecret: string;
  sampleSecrets: string[];
}

/** An Enterprise organization (1,000,000 requests a minute: limits stay out of the way) with `count` keys, through the store's bulk insert. */
async function seedPostgres(connectionString: string, count: number, samples = 1000): Promise<Seeded> {
  const serverSecret = randomBytes(32);
  const store = openPostgresStore({ connectionString });
  try {
    await store.migrate();
    const { gatewaySecret, sampleSecrets } = await seedKeys(store, { count, samples, serverSecret, keyLifetimeMs: null });
    return { connectionString, serverSecret, gatewaySecret, sampleSecrets };
  } finally {
    await store.close();
  }
}

export async function benchCluster(options: ClusterBenchOptions): Promise<ClusterBenchReport> {
  const postgres = await startPostgres();
  let nodes: Started[] = [];
  const stopAll = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    nodes = [];
  };
  try {
    log(`seeding ${options.keys.toLocaleString('en')} keys into PostgreSQL`);
    const seedStarted = performance.now();
    const db = await seedPostgres(postgres.connectionString, options.keys);
    const seedMs = performance.now() - seedStarted;
    const perGenerator = Math.round(options.connections / GENERATORS);

    /**
     * Readies `targets` for a measurement that then runs in the same rate-limit minute: every
     * presented key verified once on each node (cached, and its grant for the minute taken:
     * one transaction per key and node a minute, a cost of the cluster's limits that a window
     * crossing a minute would count for one run and not the other), then load for the JIT.
     */
    const ready = async (targets: Started[]) => {
      await roomInThisMinute(options.seconds + 15);
      await Promise.all(
        targets.map(async (node) => {
          let next = 0;
          const worker = async () => {
            while (next < db.sampleSecrets.length) await verdictOn(node, db.sampleSecrets[next++]!, db.gatewaySecret);
          };
          await Promise.all(Array.from({ length: 8 }, worker));
          const presented = cycle(db.sampleSecrets);
          await measure({
            name: 'warm-up',
            url: `${node.url}/v1/keys/verify`,
            method: 'POST',
            headers: { 'x-api-key': db.gatewaySecret },
            body: () => JSON.stringify({ key: presented(), required_scopes: ['read'] }),
            connections: perGenerator,
            seconds: 2,
          });
        }),
      );
    };

    const throughput: Throughput[] = [];
    for (const cacheTtlMs of CACHE_TTLS_MS) {
      const ttl = `cache TTL ${cacheTtlMs / 1000} s${cacheTtlMs === CACHE_TTLS_MS[0] ? ' (default)' : ''}`;
      const start = () => startService(db.connectionString, db.serverSecret, cacheTtlMs);
      log(`one node, ${ttl}`);
      nodes.push(await start());
      const one = nodes[0]!;
      await ready([one]);
      const [oneNode] = await spread(`baseline: 1 node, ${ttl}, ${GENERATORS} × ${perGenerator} connections`, [one], [one, one, one], db, perGenerator, options.seconds);
      log(`three nodes, ${ttl}`);
      nodes.push(await start(), await start());
      await ready(nodes);
      const perNode = await spread('node', nodes, nodes, db, perGenerator, options.seconds);
      const threeNodes = combine(`3 nodes, ${ttl}, ${perGenerator} connections each (percentiles: the slowest node's)`, perNode);
      throughput.push({ cacheTtlMs, oneNode: oneNode!, threeNodes });
      if (cacheTtlMs !== CACHE_TTLS_MS[CACHE_TTLS_MS.length - 1]) await stopAll();
    }

    // On the last three nodes, whose TTL is long: only a push explains a quick refusal.
    log(`${options.revocations} revocations, idle`);
    const idle = await propagation('idle cluster', nodes, db, options.revocations);
    log(`${options.revocations} revocations, under verification load`);
    const loadConnections = Math.max(2, Math.round(perGenerator / 2));
    const background = nodes.map((node, i) =>
      generator({ name: `background ${i}`, url: node.url, gatewaySecret: db.gatewaySecret, keys: db.sampleSecrets, connections: loadConnections, seconds: 3_600, startAt: 0 }),
    );
    // The generators start in processes of their own: let them get going first.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const propagationUnderLoad = await propagation('under load', nodes, db, options.revocations);
    for (const load of background) load.stop();
    const rate = (await Promise.all(background.map((load) => load.result))).reduce((sum, r) => sum + r.requestsPerSecond, 0);
    const underLoad = {
      ...propagationUnderLoad,
      name: `under verification load (${loadConnections} connections a node, ${Math.round(rate).toLocaleString('en')} verifications/s in all)`,
    };
    return { options, throughput, idle, underLoad, revocationCacheTtlMs: CACHE_TTLS_MS[CACHE_TTLS_MS.length - 1]!, seedMs };
  } finally {
    await stopAll();
    await postgres.stop();
  }
}

/** Waits for the next minute unless `seconds` are left in this one (rate-limit windows are clock minutes). */
async function roomInThisMinute(seconds: number): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute + seconds * 1000 < 60_000) return;
  await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 200));
}

interface Generated extends LoadResult {
  answered: number;
  durationSeconds: number;
}

/** bench/cluster-load.ts in a process of its own; `stop()` ends it early (SIGTERM), and it still reports. */
function generator(options: { name: string; url: string; gatewaySecret: string; keys: string[]; connections: number; seconds: number; startAt: number }): {
  result: Promise<Generated>;
  stop(): void;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/cluster-load.ts', JSON.stringify(options)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const result = new Promise<Generated>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as Generated) : reject(new Error(`a load generator exited with ${code}`)))),
  );
  return { result, stop: () => child.kill('SIGTERM') };
}

/**
 * Verifications from one generator per entry of `targets` (a node each), all over the same
 * `seconds`; one result per node of `nodes`, with the node's own CPU time per request it
 * answered (read from /proc around the run, so that generators sharing a node do not count
 * its time twice).
 */
async function spread(name: string, nodes: Started[], targets: Started[], db: Seeded, connections: number, seconds: number): Promise<LoadResult[]> {
  // Late enough for every generator's process to have started.
  const startAt = Date.now() + 4_000;
  const runs = targets.map((node, i) =>
    generator({ name: `${name} ${i}`, url: node.url, gatewaySecret: db.gatewaySecret, keys: db.sampleSecrets, connections, seconds, startAt }).result,
  );
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
  const cpuBefore = nodes.map((node) => cpuSeconds(node.child.pid!));
  const results = await Promise.all(runs);
  const cpuAfter = nodes.map((node) => cpuSeconds(node.child.pid!));
  return nodes.map((node, n) => {
    const mine = results.filter((_, i) => targets[i] === node);
    const answered = mine.reduce((sum, r) => sum + r.answered, 0);
    const before = cpuBefore[n];
    const after = cpuAfter[n];
    return {
      ...combine(name, mine),
      serverCpuMicros: before == null || after == null || answered === 0 ? null : ((after - before) / answered) * 1e6,
    };
  });
}

/** Runs as one: requests summed, CPU weighted by requests, the slowest run's percentiles. */
function combine(name: string, runs: LoadResult[]): LoadResult {
  const requests = runs.reduce((sum, r) => sum + r.requestsPerSecond, 0);
  const cpu = runs.every((r) => r.serverCpuMicros !== null)
    ? runs.reduce((sum, r) => sum + r.serverCpuMicros! * r.requestsPerSecond, 0) / requests
    : null;
  return {
    name,
    requestsPerSecond: requests,
    p50: Math.max(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    serverCpuMicros: cpu,
  };
}

async function post(node: Started, path: string, body: unknown, secret: string): Promise<{ status: number; json: any }> {
  const response = await fetch(`${node.url}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': secret, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** The verdict `node` gives for `secret` now. */
async function verdictOn(node: Started, secret: string, gateway: string): Promise<string> {
  const answer = await post(node, '/v1/keys/verify', { key: secret }, gateway);
  if (answer.status !== 200) throw new Error(`verify answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  return answer.json.code as string;
}

/** Polls `node` back to back until it says REVOKED; ms from `since`. */
async function timeUntilRevoked(node: Started, secret: string, gateway: string, since: number): Promise<number> {
  for (;;) {
    if ((await verdictOn(node, secret, gateway)) === 'REVOKED') return performance.now() - since;
    if (performance.now() - since > GIVE_UP_MS) return Number.POSITIVE_INFINITY;
  }
}

/**
 * `count` times: a key made on node A and verified on every node (now cached everywhere),
 * revoked on A; from A's 200, B and C (and A itself, the floor) are polled until they refuse it.
 */
async function propagation(name: string, nodes: Started[], db: Seeded, count: number): Promise<Propagation> {
  const [a, ...others] = nodes as [Started, ...Started[]];
  const samples: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < count; i++) {
    const created = await post(a, '/v1/keys', { name: `revoked ${name} ${i}`, scopes: ['read'] }, db.gatewaySecret);
    if (created.status !== 201) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.json)}`);
    for (const node of nodes) {
      const code = await verdictOn(node, created.json.secret, db.gatewaySecret);
      if (code !== 'VALID') throw new Error(`a new key verified as ${code}`);
    }
    const revoked = await post(a, `/v1/keys/${created.json.id}/revoke`, {}, db.gatewaySecret);
    if (revoked.status !== 200) throw new Error(`revoke answered ${revoked.status}`);
    const since = performance.now();
    const [onA, ...onOthers] = await Promise.all([a, ...others].map((node) => timeUntilRevoked(node, created.json.secret, db.gatewaySecret, since)));
    floor.push(onA!);
    samples.push(...onOthers);
  }
  return { name, samples, floor };
}

/** The `p`th percentile (nearest rank) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The Markdown of the cluster part of the report, tables and targets. */
export function clusterReport(report: ClusterBenchReport): string[] {
  const { options } = report;
  const cpu = (r: LoadResult) => (r.serverCpuMicros === null ? '—' : Math.round(r.serverCpuMicros).toLocaleString('en'));
  const row = (r: LoadResult, vs: string) =>
    `| ${r.name} | ${Math.round(r.requestsPerSecond).toLocaleString('en')} | ${r.p50} | ${r.p99} | ${vs} | ${cpu(r)} | ${r.non2xx + r.errors} |`;
  const ratio = (t: Throughput) => t.threeNodes.requestsPerSecond / t.oneNode.requestsPerSecond;
  const cpuRatio = (t: Throughput) =>
    t.threeNodes.serverCpuMicros !== null && t.oneNode.serverCpuMicros !== null ? t.threeNodes.serverCpuMicros / t.oneNode.serverCpuMicros : null;
  const ms = (value: number) => (Number.isFinite(value) ? (value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en')) : 'never');
  const pushRow = (p: Propagation) =>
    `| ${p.name} | ${p.samples.length} | ${ms(percentile(p.samples, 50))} | ${ms(percentile(p.samples, 99))} | ${ms(Math.max(...p.samples))} | ${ms(percentile(p.floor, 50))} / ${ms(percentile(p.floor, 99))} |`;
  const slowest = Math.max(...report.idle.samples, ...report.underLoad.samples);
  const longTtl = report.throughput[report.throughput.length - 1]!;
  const targets: Array<[string, boolean, string]> = [
    [
      'revocation refused by the other nodes: p99 ≤ 1,000 ms, idle and under load',
      Math.max(percentile(report.idle.samples, 99), percentile(report.underLoad.samples, 99)) <= 1_000,
      `p99 ${ms(percentile(report.idle.samples, 99))} ms idle, ${ms(percentile(report.underLoad.samples, 99))} ms under load`,
    ],
    ['every revocation pushed: each node refused it within 5 s (the default cache TTL)', slowest < 5_000, `slowest ${ms(slowest)} ms`],
    [
      `server CPU per verification with 3 nodes ≤ 1.2× one node (cache TTL ${longTtl.cacheTtlMs / 1000} s): the cluster costs a request little, so throughput grows with machines`,
      (cpuRatio(longTtl) ?? Infinity) <= 1.2,
      cpuRatio(longTtl) === null ? 'not measured (no /proc)' : `${cpuRatio(longTtl)!.toFixed(2)}× (${cpu(longTtl.threeNodes)} vs ${cpu(longTtl.oneNode)} µs)`,
    ],
    ...report.throughput.map(
      (t): [string, boolean, string] => [
        `3 nodes verify throughput ≥ 0.8× one node on the same two cores, cache TTL ${t.cacheTtlMs / 1000} s (informative: the nodes share the cores)`,
        ratio(t) >= 0.8,
        `${ratio(t).toFixed(2)}× (server CPU ${cpuRatio(t)?.toFixed(2) ?? '—'}× one node's a request)`,
      ],
    ),
  ];
  return [
    `Cluster on PostgreSQL (bench/cluster-bench.ts: 3 \`keyplane serve\` processes against 1, one throwaway PostgreSQL 15 with fsync off, all on this machine; ` +
      `${options.keys.toLocaleString('en')} keys, 1,000 of them presented in turn; the same ${GENERATORS} load generators, each a process of its own, ` +
      `aimed at the one node or at one node each; every measurement inside one rate-limit minute; seeding took ${(report.seedMs / 1000).toFixed(1)} s):`,
    '',
    '| measurement (POST /v1/keys/verify) | req/s | p50 ms | p99 ms | vs baseline | server CPU µs/request | non-2xx/errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...report.throughput.flatMap((t) => [row(t.oneNode, '—'), row(t.threeNodes, `${ratio(t).toFixed(2)}×`)]),
    '',
    `Revocations made on node A, each of a key nodes B and C held in their caches (cache TTL ${report.revocationCacheTtlMs / 1000} s); ` +
      `from A's 200 until B and C refuse it (${options.revocations} revocations, 2 samples each):`,
    '',
    '| revocation | samples | p50 ms | p99 ms | max ms | baseline: node A itself, p50 / p99 ms |',
    '|---|---:|---:|---:|---:|---:|',
    pushRow(report.idle),
    pushRow(report.underLoad),
    '',
    '| target | met | measured |',
    '|---|---|---|',
    ...targets.map(([name, met, measured]) => `| ${name} | ${met ? 'yes' : '**no**'} | ${measured} |`),
    '',
  ];
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
