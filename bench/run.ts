import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { benchGateway } from './gateway-bench.js';
import type { LoadResult } from './load.js';
import { describeMachine } from './machine.js';
import { root } from './processes.js';
import { benchProvider, NARROW_ATTRIBUTES, type Comparison, type Timing } from './provider-bench.js';
import { benchService, type FloodReport } from './service-bench.js';

/**
 * `npm run bench`: measures the service's hot paths, the Terraform provider's costs and the
 * web console's keys list, each against a baseline measured in the same run, and prints a
 * Markdown report for docs/performance.md. `--quick` shortens every measurement (for trying
 * things out, not for the record); `--only service`, `--only provider`, `--only gateway`,
 * `--only cluster` or `--only console` (the web console's keys list in Chromium) runs one part.
 */
const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' } } });
const quick = values.quick ?? false;
const PARTS = ['service', 'provider', 'gateway', 'cluster', 'console'] as const;
if (values.only !== undefined && !(PARTS as readonly string[]).includes(values.only)) {
  process.stderr.write(`--only takes "service", "provider", "gateway", "cluster" or "console", not ${JSON.stringify(values.only)}\n`);
  process.exit(2);
}
const parts = Object.fromEntries(PARTS.map((part) => [part, values.only === undefined || values.only === part])) as Record<(typeof PARTS)[number], boolean>;

// Measured as they run in production: compiled (the service) and bundled (the provider), not
// through a TypeScript loader.
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

const machine = describeMachine();
const started = Date.now();
const report = [`### Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${quick ? ' (quick)' : ''}`, '', `Machine: ${machine}.`, ''];

if (parts.service) {
  const service = await benchService({
    seconds: quick ? 3 : 10,
    keys: quick ? 10_000 : 100_000,
    scaling: quick ? [1_000, 100_000] : [1_000, 1_000_000],
  });

  const ratio = (r: LoadResult) => (r.requestsPerSecond / service.baseline.requestsPerSecond).toFixed(2);
  const cpu = (r: LoadResult) => (r.serverCpuMicros === null ? '—' : Math.round(r.serverCpuMicros).toLocaleString('en'));
  const row = (r: LoadResult, withRatio = true) =>
    `| ${r.name} | ${Math.round(r.requestsPerSecond).toLocaleString('en')} | ${r.p50} | ${r.p99} | ${withRatio ? `${ratio(r)}×` : '—'} | ${cpu(r)} | ${r.non2xx + r.errors} |`;

  const [verify, myself] = [service.results[0]!, service.results[1]!];
  const { small, large } = service.scaling;
  const floodRatio = (f: FloodReport) => f.flooded.requestsPerSecond / f.alone.requestsPerSecond;
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  const targets = [
    ['verify throughput ≥ 0.7× baseline', Number(ratio(verify)) >= 0.7, `${ratio(verify)}×`],
    ['verify p99 ≤ 10 ms', verify.p99 <= 10, `${verify.p99} ms`],
    [
      'verify: server CPU per request ≤ 1/0.7 of the same exchange without work (informative)',
      verify.serverCpuMicros !== null && service.sameBytes.serverCpuMicros !== null && service.sameBytes.serverCpuMicros / verify.serverCpuMicros >= 0.7,
      verify.serverCpuMicros === null || service.sameBytes.serverCpuMicros === null
        ? 'not measured (no /proc)'
        : `${(service.sameBytes.serverCpuMicros / verify.serverCpuMicros).toFixed(2)}× (${cpu(service.sameBytes)} vs ${cpu(verify)} µs)`,
    ],
    ['authenticated GET /v1/myself ≥ 0.7× baseline, p99 ≤ 10 ms', Number(ratio(myself)) >= 0.7 && myself.p99 <= 10, `${ratio(myself)}×, p99 ${myself.p99} ms`],
    [
      "verify as Keyplane's client sends it ≥ 0.9× the header-less path",
      service.clientStyle.requestsPerSecond >= 0.9 * verify.requestsPerSecond,
      `${(service.clientStyle.requestsPerSecond / verify.requestsPerSecond).toFixed(2)}×`,
    ],
    ...(['verify', 'authentication'] as const).flatMap((target) => {
      const flood = service.floods[target];
      return [
        [
          `legit verify beside a ${target} flood ≥ 0.7× alone`,
          floodRatio(flood) >= 0.7,
          `${floodRatio(flood).toFixed(2)}× (${target === 'verify' ? 'the flood got verdicts, 200' : `${flood.flood.non2xx.toLocaleString('en')} of the flood's answers were 401 or 429`})`,
        ],
        [`database growth during a ${target} flood < 1 MiB a minute`, flood.growthPerMinute < 1024 * 1024, `${mib(flood.growthPerMinute)} a minute`],
      ] as const;
    }),
    [
      'key creation ≥ 1,500/s (synchronous=full)',
      service.create.requestsPerSecond >= 1500,
      `${Math.round(service.create.requestsPerSecond)}/s (${Math.round(service.createUnsynced.requestsPerSecond)}/s with synchronous=normal)`,
    ],
    [
      'a request with a session cookie ≥ 0.9× the same request with an API key (GET /v1/myself)',
      service.signIn.sessionMyself.requestsPerSecond >= 0.9 * myself.requestsPerSecond,
      `${(service.signIn.sessionMyself.requestsPerSecond / myself.requestsPerSecond).toFixed(2)}×`,
    ],
    [
      'sign-in ≤ 1.5× one password hash (the hash is the cost; the rest is small)',
      service.signIn.signInMedianMs <= 1.5 * service.signIn.hashMedianMs,
      `${Math.round(service.signIn.signInMedianMs)} ms vs ${Math.round(service.signIn.hashMedianMs)} ms (median of ${service.signIn.signIns} each)`,
    ],
    [
      `verify p50 with ${service.scaling.sizes[1].toLocaleString('en')} keys ≤ 1.2× with ${service.scaling.sizes[0].toLocaleString('en')}`,
      large.p50 <= 1.2 * Math.max(small.p50, 1),
      `${large.p50} ms vs ${small.p50} ms (p99 ${large.p99} vs ${small.p99}; ${Math.round(large.requestsPerSecond)} vs ${Math.round(small.requestsPerSecond)} req/s)`,
    ],
  ] as const;
  const floodRows = (['verify', 'authentication'] as const).flatMap((target) => {
    const flood = service.floods[target];
    return [row(flood.alone), row(flood.flooded), `| ${flood.flood.name} | ${Math.round(flood.flood.requestsPerSecond).toLocaleString('en')} | ${flood.flood.p50} | ${flood.flood.p99} | — | — | ${flood.flood.non2xx + flood.flood.errors} |`];
  });

  report.push(
    '| measurement (50 connections unless noted) | req/s | p50 ms | p99 ms | vs baseline | server CPU µs/request | non-2xx/errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row(service.baseline, false),
    row(service.sameBytes),
    ...service.results.map((r) => row(r)),
    row(service.signIn.sessionMyself),
    row(service.clientStyle),
    ...floodRows,
    row({ ...service.create, name: `${service.create.name}, 10 connections` }),
    row({ ...service.createUnsynced, name: `${service.createUnsynced.name}, 10 connections` }),
    row(small),
    row(large),
    '',
    ...targetTable(targets),
    '',
  );
}

if (parts.provider) {
  const options = { spawns: quick ? 8 : 60, applyKeys: quick ? 50 : 200, planKeys: quick ? 200 : 1000, repeats: quick ? 1 : 3 };
  const provider = await benchProvider(options);
  const ms = (value: number) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value).toLocaleString('en')} ms`);
  const cpu = (t: Timing) => `${t.cpu == null ? '—' : ms(t.cpu)} (${t.providerCpu == null ? '—' : ms(t.providerCpu)}) / ${t.serviceCpu == null ? '—' : ms(t.serviceCpu)}`;
  const row = (c: Comparison) =>
    `| ${c.measured.name} | ${ms(c.measured.median)} | ${ms(Math.min(...c.measured.runs))}–${ms(Math.max(...c.measured.runs))} | ${c.floor.name} | ${ms(c.floor.median)} | ${c.ratio.toFixed(2)}× |`;
  const terraformRow = (c: Comparison) => `${row(c)} ${cpu(c.measured)} | ${cpu(c.floor)} |`;
  const { startup, launcherStartup, apply, plan, applyNoWork, planNoWork, applyOffline, planOffline, applySchemaEcho, planSchemaEcho, applyNarrowEcho, planNarrowEcho } = provider;
  const over = (c: Comparison, other: Comparison) => `${(c.measured.median / other.measured.median).toFixed(2)}×`;
  const split = (c: Comparison, offline: Comparison, schemaEcho: Comparison, narrowEcho: Comparison, noWork: Comparison) =>
    `${c.ratio.toFixed(2)}× (no work: ${noWork.ratio.toFixed(2)}×; no work with Keyplane's schema: ${schemaEcho.ratio.toFixed(2)}×, cut to ${NARROW_ATTRIBUTES.length} attributes: ${narrowEcho.ratio.toFixed(2)}×; Keyplane offline ${offline.ratio.toFixed(2)}×; Keyplane ${over(c, schemaEcho)} of no work with its schema, ${over(c, offline)} of offline)`;
  const targets = [
    ['provider start to handshake ≤ 1.4× `node -e 0` (the launcher Terraform runs)', launcherStartup.ratio <= 1.4, `${launcherStartup.ratio.toFixed(2)}× (bundle ${startup.ratio.toFixed(2)}×; \`node -e 0\` ${ms(startup.floor.median)})`],
    ['`terraform apply` ≤ 2× `terraform_data`', apply.ratio <= 2, split(apply, applyOffline, applySchemaEcho, applyNarrowEcho, applyNoWork)],
    ['`terraform plan` ≤ 3× `terraform_data`', plan.ratio <= 3, split(plan, planOffline, planSchemaEcho, planNarrowEcho, planNoWork)],
  ] as const;
  report.push(
    `Terraform provider (terraform ${terraformVersion()}, -parallelism=10; medians of ${options.spawns} starts and ${options.repeats} terraform runs, each beside its floors in the same run; CPU is user + system of terraform with the provider processes it started (of which the provider processes) / of the service, medians):`,
    '',
    '| measurement | median | range | floor, same run | floor median | vs floor | CPU terraform+providers (providers) / service | floor CPU |',
    '|---|---:|---:|---|---:|---:|---:|---:|',
    `${row(startup)} — | — |`,
    `${row(launcherStartup)} — | — |`,
    terraformRow(apply),
    terraformRow(applyOffline),
    terraformRow(applySchemaEcho),
    terraformRow(applyNarrowEcho),
    terraformRow(applyNoWork),
    terraformRow(plan),
    terraformRow(planOffline),
    terraformRow(planSchemaEcho),
    terraformRow(planNarrowEcho),
    terraformRow(planNoWork),
    '',
    ...targetTable(targets),
    '',
    `Creating the ${options.planKeys.toLocaleString('en')} keys for the plan took ${ms(provider.planSetupMs)}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the end.`,
    '',
  );
}

if (parts.gateway) {
  report.push(...(await benchGateway({ seconds: quick ? 3 : 10, keys: quick ? 10_000 : 100_000 })));
}

if (parts.cluster) {
  const { benchCluster, clusterReport } = await import('./cluster-bench.js');
  report.push(...clusterReport(await benchCluster({ seconds: quick ? 3 : 10, keys: quick ? 10_000 : 100_000, revocations: quick ? 30 : 200, connections: 48 })));
}

if (parts.console) {
  const { benchConsole, consoleReport } = await import('./console-bench.js');
  report.push(...consoleReport(await benchConsole({ samples: quick ? 3 : 7 })));
}

report.push(`Total time ${Math.round((Date.now() - started) / 1000)} s.`);
process.stdout.write(`${report.join('\n')}\n`);

function targetTable(targets: readonly (readonly [string, boolean, string])[]): string[] {
  return ['| target | met | measured |', '|---|---|---|', ...targets.map(([name, met, measured]) => `| ${name} | ${met ? 'yes' : '**no**'} | ${measured} |`)];
}

function terraformVersion(): string {
  const output = execFileSync('terraform', ['version', '-json'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  return (JSON.parse(output) as { terraform_version: string }).terraform_version;
}
