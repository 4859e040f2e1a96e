import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { LoadResult } from './load.js';
import { describeMachine } from './machine.js';
import { root } from './processes.js';
import { benchService } from './service-bench.js';

/**
 * `npm run bench`: measures the service's hot paths against a baseline measured in the same
 * run, and prints a Markdown report for docs/performance.md. `--quick` shortens every
 * measurement (for trying things out, not for the record).
 */
const { values } = parseArgs({ options: { quick: { type: 'boolean' } } });
const quick = values.quick ?? false;

// The service is measured as it runs in production: compiled, not through a TypeScript loader.
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

const machine = describeMachine();
const started = Date.now();
const service = await benchService({
  seconds: quick ? 3 : 10,
  keys: quick ? 10_000 : 100_000,
  scaling: quick ? [1_000, 100_000] : [1_000, 1_000_000],
});

const ratio = (r: LoadResult) => (r.requestsPerSecond / service.baseline.requestsPerSecond).toFixed(2);
const row = (r: LoadResult, withRatio = true) =>
  `| ${r.name} | ${Math.round(r.requestsPerSecond).toLocaleString('en')} | ${r.p50} | ${r.p99} | ${withRatio ? `${ratio(r)}×` : '—'} | ${r.non2xx + r.errors} |`;

const verify = service.results[0]!;
const { small, large } = service.scaling;
const targets = [
  ['verify throughput ≥ 0.7× baseline', Number(ratio(verify)) >= 0.7, `${ratio(verify)}×`],
  ['verify p99 ≤ 10 ms', verify.p99 <= 10, `${verify.p99} ms`],
  ['key creation ≥ 1,000/s', service.create.requestsPerSecond >= 1000, `${Math.round(service.create.requestsPerSecond)}/s`],
  [
    `verify p50 with ${service.scaling.sizes[1].toLocaleString('en')} keys ≤ 1.2× with ${service.scaling.sizes[0].toLocaleString('en')}`,
    large.p50 <= 1.2 * Math.max(small.p50, 1),
    `${large.p50} ms vs ${small.p50} ms (p99 ${large.p99} vs ${small.p99}; ${Math.round(large.requestsPerSecond)} vs ${Math.round(small.requestsPerSecond)} req/s)`,
  ],
] as const;

const report = [
  `### Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${quick ? ' (quick)' : ''}`,
  '',
  `Machine: ${machine}.`,
  '',
  '| measurement (50 connections unless noted) | req/s | p50 ms | p99 ms | vs baseline | non-2xx/errors |',
  '|---|---:|---:|---:|---:|---:|',
  row(service.baseline, false),
  ...service.results.map((r) => row(r)),
  row({ ...service.create, name: `${service.create.name}, 10 connections` }),
  row(small),
  row(large),
  '',
  '| target | met | measured |',
  '|---|---|---|',
  ...targets.map(([name, met, measured]) => `| ${name} | ${met ? 'yes' : '**no**'} | ${measured} |`),
  '',
  `Total time ${Math.round((Date.now() - started) / 1000)} s.`,
].join('\n');
process.stdout.write(`${report}\n`);
