/**
 * The package as a user gets it: built from this checkout with `npm run build` in a staging
 * copy (never into the repository's dist/), packed with `npm pack`, and installed with `npm install
 * <tarball>` into a project outside the repository, the way `npm install keyplane` would,
 * together with the CDK for Terraform a constructs user adds (cdktf, constructs) and tsx.
 * Only the npm registry is used (through the local cache where it can).
 *
 * Building and installing takes a minute or two (better-sqlite3 compiles), so it happens once
 * per test run: the first test file that asks does it in the run's shared directory
 * (test/setup/run-directory.ts) while the others wait for it, and every file gets the same
 * tarball and the same installed project. `seedProject()` gives a test a project of its own
 * from that install in a moment (hard links, no download, no compilation).
 *
 * While working on guides, KEYPLANE_REUSE_INSTALL=<directory> keeps the install there across
 * runs (it is made on the first and reused as it is after: delete the directory when the
 * package's sources change).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { REPO_ROOT, cleanEnv, freePort } from './process.js';

const execFileAsync = promisify(execFile);

/** What {@link installedPackage} made. */
export interface InstalledPackage {
  /** The packed package, e.g. /tmp/keyplane-run-…/keyplane-0.1.0.tgz. */
  tarball: string;
  version: string;
  /** A CommonJS project (package.json without "type") with the tarball, cdktf, constructs and tsx installed. */
  project: string;
  /** The package.json the project was installed with (what a user's would hold). */
  projectPackageJson: Record<string, unknown>;
  /** What `npm install` printed (stdout and stderr). */
  installLog: string;
  /** Exact versions installed beside the package (the repository's own, from the registry). */
  versions: { cdktf: string; constructs: string; tsx: string };
}

/** Runs a command; rejects with its output when it fails. */
export async function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<{ stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, {
      cwd: options.cwd,
      env: options.env ?? userEnv(),
      timeout: options.timeoutMs ?? 300_000,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
    });
    return { stdout, stderr };
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string; code?: number };
    throw new Error(`${command} ${args.join(' ')} failed (exit ${e.code}) in ${options.cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/**
 * The environment of a user's shell: no KEYPLANE_* setting of ours, no npm_* variables that
 * vitest's `npm exec` leaves (they would point npm at this repository), and npx refusing to
 * download a package it does not find installed (a test must never run something else from
 * the registry under our name).
 */
export function userEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env = cleanEnv();
  for (const name of Object.keys(env)) if (/^npm_/i.test(name) || name === 'INIT_CWD') delete env[name];
  env.npm_config_yes = 'false';
  env.npm_config_update_notifier = 'false';
  env.npm_config_audit = 'false';
  env.npm_config_fund = 'false';
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

const installedVersion = (name: string) => (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** The run's shared directory, or one of this process's own when run outside the vitest config. */
function runDirectory(): string {
  const reuse = process.env.KEYPLANE_REUSE_INSTALL;
  if (reuse) {
    mkdirSync(reuse, { recursive: true });
    return reuse;
  }
  try {
    const dir = inject('keyplaneRunDir');
    if (dir) return dir;
  } catch {
    // not under vitest's config: fall through
  }
  return mkdtempSync(join(tmpdir(), 'keyplane-run-'));
}

/**
 * A copy of the working tree (tracked and untracked files, not ignored ones: no dist/, no
 * node_modules/) in `stageDir`, built there with the package's own `npm run build` against
 * the checkout's node_modules. The repository's dist/ is never written.
 */
async function stage(stageDir: string): Promise<void> {
  mkdirSync(stageDir, { recursive: true });
  const listed = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: REPO_ROOT, env: process.env });
  for (const file of new Set(listed.stdout.split('\0').filter(Boolean))) {
    if (!existsSync(join(REPO_ROOT, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(stageDir, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(stageDir, file));
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(stageDir, 'node_modules'));
  await run('npm', ['run', 'build'], { cwd: stageDir, env: userEnv() });
}

async function build(runDir: string): Promise<InstalledPackage> {
  const stageDir = join(runDir, 'stage');
  await stage(stageDir);
  // The build ran above: `prepare` would only repeat it.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', runDir], { cwd: stageDir, env: userEnv() });
  const [{ filename, version }] = JSON.parse(packed.stdout) as [{ filename: string; version: string }];
  const tarball = join(runDir, filename);

  const project = join(runDir, 'project');
  mkdirSync(project);
  // What the README tells a user to add: npm 11 runs a dependency's install script only when
  // allowed, and better-sqlite3 builds its native module in one.
  const projectPackageJson = { name: 'keyplane-user-project', version: '1.0.0', private: true, allowScripts: { 'better-sqlite3': true } };
  writeFileSync(join(project, 'package.json'), `${JSON.stringify(projectPackageJson, null, 2)}\n`);
  const versions = { cdktf: installedVersion('cdktf'), constructs: installedVersion('constructs'), tsx: installedVersion('tsx') };
  const started = performance.now();
  const install = await run('npm', ['install', '--prefer-offline', tarball, `cdktf@${versions.cdktf}`, `constructs@${versions.constructs}`, `tsx@${versions.tsx}`], {
    cwd: project,
    // node-gyp compiles better-sqlite3 with every core (one by default): half the wait on two.
    env: userEnv({ JOBS: 'max' }),
    timeoutMs: 600_000,
  });
  console.log(`[installed-package] npm install of ${filename} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  // npm records the tarball relative to the project; projects seeded elsewhere need its full path.
  const installedJson = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  installedJson.dependencies.keyplane = `file:${tarball}`;
  return {
    tarball,
    version,
    project,
    projectPackageJson: installedJson,
    installLog: `${install.stdout}\n${install.stderr}`,
    versions,
  };
}

let cached: Promise<InstalledPackage> | undefined;

/**
 * The packed and installed package of this test run (made on first use, then shared by every
 * test file of the run).
 */
export function installedPackage(): Promise<InstalledPackage> {
  cached ??= (async () => {
    const runDir = runDirectory();
    const result = join(runDir, 'installed-package.json');
    const failed = join(runDir, 'installed-package.failed');
    try {
      mkdirSync(join(runDir, 'installed-package.lock'));
    } catch {
      // Another test file builds it: wait for the outcome.
      const deadline = Date.now() + 900_000;
      while (Date.now() < deadline) {
        if (existsSync(result)) return JSON.parse(readFileSync(result, 'utf8')) as InstalledPackage;
        if (existsSync(failed)) throw new Error(`packing and installing the package failed in another test file:\n${readFileSync(failed, 'utf8')}`);
        await sleep(500);
      }
      throw new Error('timed out waiting for another test file to pack and install the package');
    }
    try {
      const installed = await build(runDir);
      writeFileSync(result, JSON.stringify(installed));
      return installed;
    } catch (error) {
      writeFileSync(failed, String((error as Error).stack ?? error));
      throw error;
    }
  })();
  return cached;
}

/**
 * A new project in `dir` with its own copy of the installed project's node_modules (hard
 * links: instant, nothing downloaded or compiled) and the given package.json fields.
 */
export async function seedProject(dir: string, packageJson: Record<string, unknown> = {}): Promise<string> {
  const installed = await installedPackage();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ ...installed.projectPackageJson, ...packageJson }, null, 2)}\n`);
  await run('cp', ['-al', join(installed.project, 'node_modules'), join(dir, 'node_modules')], { cwd: dir });
  return dir;
}

/** `keyplane serve` of an installed package, started in the background. */
export interface BackgroundService {
  child: ChildProcess;
  url: string;
  port: number;
  /** The admin key from the first start's banner. */
  adminKey: string;
  /** The first owner's set-up token from the banner. */
  ownerSetupToken: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs `command` (a shell command that starts the service, e.g. `npx --no keyplane serve`)
 * in `cwd` with KEYPLANE_PORT set to a free port, and resolves once the banner says where it
 * listens, with the admin key it printed.
 */
export async function startBackgroundService(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<BackgroundService> {
  const port = await freePort();
  const child = spawn('bash', ['-c', `exec ${command}`], { cwd, env: { ...env, KEYPLANE_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + timeoutMs;
  // The banner ends with the owner's set-up link (on a first start) after the listening line.
  while (!/Keyplane is listening on (\S+)/.test(out) || (/Created the operator organization/.test(out) && !/accept-invitation\?token=\S+/.test(out))) {
    if (hasExited || Date.now() > deadline) {
      if (!hasExited) process.kill(-child.pid!, 'SIGKILL');
      throw new Error(`${command} did not start (${hasExited ? 'it exited' : 'timed out'}):\n${out}`);
    }
    await sleep(100);
  }
  const url = /Keyplane is listening on (\S+)/.exec(out)![1]!;
  return {
    child,
    url,
    port,
    adminKey: /store it in a secret manager now:\s+(\S+)/.exec(out)?.[1] ?? '',
    ownerSetupToken: /accept-invitation\?token=(\S+)/.exec(out)?.[1] ?? '',
    output: () => out,
    async stop() {
      if (!hasExited) {
        process.kill(-child.pid!, 'SIGTERM');
        const timer = setTimeout(() => !hasExited && process.kill(-child.pid!, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      child.stdout!.destroy();
      child.stderr!.destroy();
    },
  };
}
