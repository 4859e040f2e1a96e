import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUNDLE_NAME, installTerraformProvider } from '../src/cli/terraform-install.js';
import { createSelfSignedCertificate } from '../src/provider/protocol/certificate.js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../src/provider/protocol/handshake.js';
import { makeMirror } from '../test/helpers/terraform.js';
import { cpuSeconds } from './cpu-time.js';
import { root, startService } from './processes.js';
import { seedDatabase } from './seed.js';

export interface ProviderBenchOptions {
  /** Provider starts (and `node -e 0` starts) for the start-up median. */
  spawns: number;
  /** Keys created by the measured `terraform apply`. */
  applyKeys: number;
  /** Keys in the state of the measured `terraform plan`. */
  planKeys: number;
  /** Measured runs of each terraform command (the median is reported). */
  repeats: number;
}

/** Durations of repeated runs of one thing, in ms. */
export interface Timing {
  name: string;
  runs: number[];
  median: number;
  /** Median CPU (user + system, ms) of terraform and the provider processes it started; null without /usr/bin/time. */
  cpu?: number | null;
  /** Median CPU (ms) the service spent during a run. */
  serviceCpu?: number | null;
  /** Median CPU (ms) of the provider processes alone (part of `cpu`). */
  providerCpu?: number | null;
}

/** A measurement beside its floor, measured in the same run. */
export interface Comparison {
  measured: Timing;
  floor: Timing;
  /** measured / floor, by medians. */
  ratio: number;
}

export interface ProviderBenchReport {
  /** The bundle started as `node <bundle>`, against `node -e 0`. */
  startup: Comparison;
  /** The executable Terraform runs (the mirror's launcher, with V8's code cache), against `node -e 0`. */
  launcherStartup: Comparison;
  apply: Comparison;
  plan: Comparison;
  /**
   * A provider that does no work (test/provider/fixtures/smoke-provider.ts: the plugin
   * protocol alone, no service) against `terraform_data`: what Terraform costs for an
   * external provider's resources, which no provider can spend less than.
   */
  applyNoWork: Comparison;
  planNoWork: Comparison;
  /**
   * Keyplane's provider with its whole schema and planning and no service behind
   * `keyplane_api_key` (bench/offline-key-provider.ts): above the no-work provider, what
   * Keyplane's schema and planning cost; below the real provider, what the service calls cost.
   */
  applyOffline: Comparison;
  planOffline: Comparison;
  /**
   * A provider that does no work with Keyplane's schema (bench/schema-echo-provider.ts): what
   * Terraform itself spends on resources of this schema, which no provider of it can go under.
   */
  applySchemaEcho: Comparison;
  planSchemaEcho: Comparison;
  /**
   * The same provider with `keyplane_api_key` cut to four attributes: beside the row above,
   * what Terraform spends on the other attributes of the schema.
   */
  applyNarrowEcho: Comparison;
  planNarrowEcho: Comparison;
  /** How long the unmeasured apply that set up the plan measurement took, for the record. */
  planSetupMs: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const medianOrNull = (values: (number | null)[] | undefined) => (values === undefined || values.includes(null) ? null : median(values as number[]));
const timing = (name: string, runs: number[], cpu?: (number | null)[], serviceCpu?: (number | null)[], providerCpu?: (number | null)[]): Timing => ({
  name,
  runs,
  median: median(runs),
  cpu: medianOrNull(cpu),
  serviceCpu: medianOrNull(serviceCpu),
  providerCpu: medianOrNull(providerCpu),
});
const compare = (measured: Timing, floor: Timing): Comparison => ({ measured, floor, ratio: measured.median / floor.median });

/** Time from spawn until the plugin handshake line is on stdout; the process is then stopped. */
async function timeToHandshake(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      if (seen.includes('\n')) resolve(seen);
    });
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before the handshake:\n${seen}`)));
  });
  const elapsed = performance.now() - started;
  if (!/^1\|6\|(unix|tcp)\|/.test(line)) throw new Error(`unexpected handshake line: ${line}`);
  child.kill('SIGTERM');
  await exited;
  return elapsed;
}

/** Time from spawn to exit. */
function timeToExit(command: string, args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - started));
  });
}

interface TerraformRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** CPU (user + system, ms) of terraform and the provider processes it waited for; null without /usr/bin/time. */
  cpuMs: number | null;
  /** CPU (ms) of the provider processes alone, each reported at its exit (provider-cpu-at-exit.cjs). */
  providerCpuMs: number;
}

/** GNU time, which adds the CPU of the children a process waited for (Terraform waits for its providers). */
const TIME = '/usr/bin/time';
const CPU_LINE = /^keyplane-bench-cpu (\S+) (\S+)$/m;
const PROVIDER_CPU_HOOK = path.join(root, 'bench/provider-cpu-at-exit.cjs');
let terraformRuns = 0;

/** The CPU the provider processes of one run reported, in ms (0 when none ran). */
function providerCpuOf(log: string): number {
  if (!existsSync(log)) return 0;
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).reduce((sum, line) => sum + Number(line), 0);
}

function terraform(dir: string, args: string[], env: Record<string, string>): Promise<TerraformRun> {
  const started = performance.now();
  const [command, prefix] = existsSync(TIME) ? [TIME, ['-f', 'keyplane-bench-cpu %U %S', 'terraform']] : ['terraform', []];
  const providerCpuLog = path.join(dir, `.provider-cpu-${++terraformRuns}`);
  const nodeOptions = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(PROVIDER_CPU_HOOK)}`].filter(Boolean).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, ...args, '-no-color'], {
      cwd: dir,
      env: { ...process.env, ...env, NODE_OPTIONS: nodeOptions, KEYPLANE_BENCH_PROVIDER_CPU_LOG: providerCpuLog },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      const cpu = CPU_LINE.exec(stderr);
      const cpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null;
      resolve({ code: code ?? -1, stdout, stderr: stderr.replace(CPU_LINE, ''), ms, cpuMs, providerCpuMs: providerCpuOf(providerCpuLog) });
    });
  });
}

/** Runs terraform and fails the benchmark unless it exits with `expectCode` and prints `expect`. */
async function mustRun(dir: string, args: string[], env: Record<string, string>, expect: RegExp, expectCode = 0): Promise<TerraformRun> {
  const run = await terraform(dir, args, env);
  if (run.code !== expectCode || !expect.test(run.stdout)) {
    throw new Error(`terraform ${args.join(' ')} in ${dir} exited ${run.code}:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
  }
  return run;
}

type Flavour = 'keyplane' | 'offline' | 'schemaEcho' | 'narrowEcho' | 'noWork' | 'floor';
const FLAVOURS = ['keyplane', 'offline', 'schemaEcho', 'narrowEcho', 'noWork', 'floor'] as const;
/** The attributes the narrow schema-echo flavour keeps of `keyplane_api_key` (the configuration sets name and scopes). */
export const NARROW_ATTRIBUTES = ['id', 'name', 'scopes', 'secret'];

/**
 * `count` keys; or the same shape with Terraform's built-in `terraform_data` (no provider
 * process, no API): what Terraform itself costs for that many resources; or with a provider
 * that does no work (its resource echoes its input): what Terraform costs for as many
 * resources of an external provider. The offline and schema-echo providers take Keyplane's configuration.
 */
function configuration(flavour: Flavour, count: number): string {
  if (flavour === 'noWork') {
    return `terraform {
  required_providers {
    smoke = { source = "keyplane/smoke" }
  }
}

resource "smoke_echo" "k" {
  count = ${count}
  input = "bench-\${count.index}"
}
`;
  }
  if (flavour === 'floor') {
    return `resource "terraform_data" "k" {
  count = ${count}
  input = {
    name   = "bench-\${count.index}"
    scopes = ["read"]
  }
}
`;
  }
  return `terraform {
  required_providers {
    keyplane = { source = "keyplane/keyplane" }
  }
}

provider "keyplane" {}

resource "keyplane_api_key" "k" {
  count  = ${count}
  name   = "bench-\${count.index}"
  scopes = ["read"]
}
`;
}

/**
 * The Terraform provider's costs, each beside a floor measured in the same run:
 * - start-up to the plugin handshake (Terraform starts 3-5 provider processes per command),
 *   of the bundle and of the installed launcher, against a bare `node -e 0`;
 * - `terraform apply` creating `applyKeys` keys, against the same configuration of
 *   `terraform_data` resources;
 * - `terraform plan` (with refresh) of `planKeys` existing keys, likewise;
 * - both again with a provider that does no work (the test suite's smoke provider, on the
 *   same plugin protocol layer, no service): the share of the cost that Terraform's own
 *   handling of an external provider takes, which no provider can go under;
 * - with Keyplane's provider offline (its schema and planning, no service);
 * - and with a provider that does no work with Keyplane's schema.
 * The service runs in a child process from dist/, on SQLite, as in production.
 */
export async function benchProvider(options: ProviderBenchOptions): Promise<ProviderBenchReport> {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyplane-provider-bench-'));
  try {
    const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const bundleFile = path.join(root, 'dist/provider', BUNDLE_NAME);
    const install = await installTerraformProvider({ dir: path.join(dir, 'mirror'), configFile: path.join(dir, 'terraform.rc'), bundleFile, version });
    // The launcher keeps V8's code cache here; the start-up runs below warm it for terraform too.
    const cacheHome = path.join(dir, 'cache');

    log(`start-up: ${options.spawns} starts each of the bundle, the launcher and node -e 0`);
    const cert = createSelfSignedCertificate({ purpose: 'client' });
    const pluginEnv = {
      ...process.env,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '5,6',
      PLUGIN_CLIENT_CERT: cert.certPem,
      PLUGIN_MIN_PORT: '10000',
      PLUGIN_MAX_PORT: '25000',
      XDG_CACHE_HOME: cacheHome,
    };
    const bundle = () => timeToHandshake(process.execPath, [bundleFile], pluginEnv, dir);
    const launcher = () => timeToHandshake(install.executable, [], pluginEnv, dir);
    const bare = () => timeToExit(process.execPath, ['-e', '0']);
    await bundle();
    await launcher(); // writes the code cache
    await bare();
    const runs = { bundle: [] as number[], launcher: [] as number[], bare: [] as number[] };
    // Interleaved, so a change in the machine's load affects all three alike.
    for (let i = 0; i < options.spawns; i++) {
      runs.bundle.push(await bundle());
      runs.launcher.push(await launcher());
      runs.bare.push(await bare());
    }
    const bareTiming = timing('`node -e 0`', runs.bare);
    const startup = compare(timing(`\`node dist/provider/${BUNDLE_NAME}\``, runs.bundle), bareTiming);
    const launcherStartup = compare(timing('installed launcher (V8 code cache)', runs.launcher), bareTiming);

    log('seeding the service');
    const db = await seedDatabase(path.join(dir, 'bench.db'), 0);
    const service = await startService(db.path, db.serverSecret);
    try {
      const env = {
        TF_CLI_CONFIG_FILE: install.configFile,
        CHECKPOINT_DISABLE: '1',
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        XDG_CACHE_HOME: cacheHome,
        KEYPLANE_ENDPOINT: service.url,
        KEYPLANE_API_KEY: db.gatewaySecret,
      };
      // The no-work provider, bundled and installed in its own mirror as the tests do it.
      const noWork = await makeMirror({ root: path.join(dir, 'no-work'), entry: path.join(root, 'test/provider/fixtures/smoke-provider.ts'), type: 'smoke' });
      const offline = await makeMirror({ root: path.join(dir, 'offline'), entry: path.join(root, 'bench/offline-key-provider.ts'), type: 'keyplane' });
      const schemaEcho = await makeMirror({ root: path.join(dir, 'schema-echo'), entry: path.join(root, 'bench/schema-echo-provider.ts'), type: 'keyplane' });
      const mirrors: Partial<Record<Flavour, string>> = {
        noWork: noWork.cliConfigFile,
        offline: offline.cliConfigFile,
        schemaEcho: schemaEcho.cliConfigFile,
        narrowEcho: schemaEcho.cliConfigFile,
      };
      // Terraform hands its environment to the providers it starts.
      const envOf = (flavour: Flavour) => ({
        ...env,
        TF_CLI_CONFIG_FILE: mirrors[flavour] ?? env.TF_CLI_CONFIG_FILE,
        ...(flavour === 'narrowEcho' ? { KEYPLANE_BENCH_ECHO_ATTRIBUTES: NARROW_ATTRIBUTES.join(',') } : {}),
      });
      let workspaces = 0;
      const workspace = async (flavour: Flavour, count: number): Promise<string> => {
        const ws = path.join(dir, `ws-${++workspaces}-${flavour}`);
        mkdirSync(ws);
        writeFileSync(path.join(ws, 'main.tf'), configuration(flavour, count));
        await mustRun(ws, ['init'], envOf(flavour), /Terraform has been successfully initialized/);
        return ws;
      };
      const parallelism = '-parallelism=10';
      type Runs = Record<Flavour, { ms: number[]; cpu: (number | null)[]; serviceCpu: (number | null)[]; providerCpu: number[] }>;
      const runs = (): Runs => Object.fromEntries(FLAVOURS.map((flavour) => [flavour, { ms: [], cpu: [], serviceCpu: [], providerCpu: [] }])) as unknown as Runs;
      /** One measured run: wall time, terraform's and its providers' CPU, and the service's. */
      const measure = async (into: Runs, flavour: Flavour, ws: string, args: string[], expect: RegExp) => {
        const serviceBefore = cpuSeconds(service.child.pid!);
        const run = await mustRun(ws, args, envOf(flavour), expect);
        const serviceAfter = cpuSeconds(service.child.pid!);
        into[flavour].ms.push(run.ms);
        into[flavour].cpu.push(run.cpuMs);
        into[flavour].providerCpu.push(run.providerCpuMs);
        into[flavour].serviceCpu.push(serviceBefore === null || serviceAfter === null ? null : (serviceAfter - serviceBefore) * 1000);
      };

      const applyRuns = runs();
      for (let i = 0; i < options.repeats; i++) {
        for (const flavour of FLAVOURS) {
          log(`apply of ${options.applyKeys} (${flavour}), run ${i + 1} of ${options.repeats}`);
          const ws = await workspace(flavour, options.applyKeys);
          await measure(applyRuns, flavour, ws, ['apply', '-auto-approve', parallelism], new RegExp(`Resources: ${options.applyKeys} added`));
        }
      }

      log(`creating ${options.planKeys} keys and as many of the other resources for the plan measurement`);
      const planDirs = {
        keyplane: await workspace('keyplane', options.planKeys),
        offline: await workspace('offline', options.planKeys),
        schemaEcho: await workspace('schemaEcho', options.planKeys),
        narrowEcho: await workspace('narrowEcho', options.planKeys),
        noWork: await workspace('noWork', options.planKeys),
        floor: await workspace('floor', options.planKeys),
      };
      const planSetupMs = (await mustRun(planDirs.keyplane, ['apply', '-auto-approve', parallelism], env, new RegExp(`Resources: ${options.planKeys} added`))).ms;
      for (const flavour of ['offline', 'schemaEcho', 'narrowEcho', 'noWork', 'floor'] as const) {
        await mustRun(planDirs[flavour], ['apply', '-auto-approve', parallelism], envOf(flavour), new RegExp(`Resources: ${options.planKeys} added`));
      }
      const planRuns = runs();
      for (let i = 0; i < options.repeats; i++) {
        for (const flavour of FLAVOURS) {
          log(`plan of ${options.planKeys} (${flavour}), run ${i + 1} of ${options.repeats}`);
          await measure(planRuns, flavour, planDirs[flavour], ['plan', '-detailed-exitcode', parallelism], /No changes/);
        }
      }

      const keys = (n: number) => n.toLocaleString('en');
      const timed = (name: string, { ms, cpu, serviceCpu, providerCpu }: Runs[Flavour]) => timing(name, ms, cpu, serviceCpu, providerCpu);
      const applyFloor = timed(`${keys(options.applyKeys)} new \`terraform_data\``, applyRuns.floor);
      const planFloor = timed(`${keys(options.planKeys)} existing \`terraform_data\``, planRuns.floor);
      return {
        startup,
        launcherStartup,
        apply: compare(timed(`\`terraform apply\`, ${keys(options.applyKeys)} new \`keyplane_api_key\``, applyRuns.keyplane), applyFloor),
        plan: compare(timed(`\`terraform plan\`, ${keys(options.planKeys)} existing \`keyplane_api_key\``, planRuns.keyplane), planFloor),
        applyNoWork: compare(timed(`\`terraform apply\`, ${keys(options.applyKeys)} new resources of a provider that does no work`, applyRuns.noWork), applyFloor),
        planNoWork: compare(timed(`\`terraform plan\`, ${keys(options.planKeys)} existing resources of a provider that does no work`, planRuns.noWork), planFloor),
        applyOffline: compare(timed(`\`terraform apply\`, ${keys(options.applyKeys)} new \`keyplane_api_key\`, Keyplane's provider offline`, applyRuns.offline), applyFloor),
        planOffline: compare(timed(`\`terraform plan\`, ${keys(options.planKeys)} existing \`keyplane_api_key\`, Keyplane's provider offline`, planRuns.offline), planFloor),
        applySchemaEcho: compare(timed(`\`terraform apply\`, ${keys(options.applyKeys)} new \`keyplane_api_key\` of a provider that does no work with Keyplane's schema`, applyRuns.schemaEcho), applyFloor),
        planSchemaEcho: compare(timed(`\`terraform plan\`, ${keys(options.planKeys)} existing \`keyplane_api_key\` of a provider that does no work with Keyplane's schema`, planRuns.schemaEcho), planFloor),
        applyNarrowEcho: compare(timed(`\`terraform apply\`, ${keys(options.applyKeys)} new \`keyplane_api_key\` of a provider that does no work with Keyplane's schema cut to ${NARROW_ATTRIBUTES.length} attributes`, applyRuns.narrowEcho), applyFloor),
        planNarrowEcho: compare(timed(`\`terraform plan\`, ${keys(options.planKeys)} existing \`keyplane_api_key\` of a provider that does no work with Keyplane's schema cut to ${NARROW_ATTRIBUTES.length} attributes`, planRuns.narrowEcho), planFloor),
        planSetupMs,
      };
    } finally {
      await service.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
