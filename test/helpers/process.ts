/**
 * The service and the CLI as real child processes: `node --import tsx src/cli/main.ts ...`,
 * the way an operator runs them. For tests that must kill the process, read what it prints,
 * or see its exit code; `startService()` (service.ts) is the in-process alternative.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where package.json and openapi.yaml are). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI's entry point, run through tsx as in development. */
export const CLI_ENTRY = path.join(REPO_ROOT, 'src/cli/main.ts');

/** A TCP port nobody listens on right now (the OS picks it; it is released before returning). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A fresh server secret as `--server-secret` takes it: 64 hex characters. */
export function newServerSecretHex(): string {
  return randomBytes(32).toString('hex');
}

/** A temporary folder, removed by the returned `remove()`. */
export async function tempDir(prefix = 'keyplane-proc-'): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The parent's environment without any KEYPLANE_* setting, so the outer shell cannot leak in. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('KEYPLANE_')) env[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  dbPath: string;
  serverSecretHex: string;
  /** Everything the process wrote to stdout so far (the pino log). */
  stdout(): string;
  /** Everything the process wrote to stderr so far (the start-up banner). */
  stderr(): string;
  /** The bootstrap admin key printed on stderr, or null when none was (not an empty database). */
  adminKey: string | null;
  /** The token of the first owner's set-up link printed on stderr, or null when none was. */
  ownerSetupToken: string | null;
  /** Resolves when the process has exited. */
  exited: Promise<ExitStatus>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<ExitStatus>;
  /** Resolves once `predicate(stdout)` holds; rejects after `timeoutMs` or if the process exits. */
  waitForStdout(predicate: (stdout: string) => boolean, timeoutMs?: number): Promise<void>;
}

export interface SpawnServiceOptions {
  dbPath: string;
  serverSecretHex?: string;
  port?: number;
  logLevel?: string;
  /** Extra environment variables (KEYPLANE_* of the parent are never passed on). */
  env?: Record<string, string | undefined>;
  /** Extra `serve` arguments. */
  args?: string[];
  readyTimeoutMs?: number;
}

const children = new Set<ChildProcess>();

/** Kills (SIGKILL) every child this module started that is still running; for `afterAll`. */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/**
 * Starts `keyplane serve` as a child process on a free port and waits until `/ready` answers
 * 200. The admin key is read from the bootstrap banner on stderr (null on a second start).
 */
export async function spawnService(options: SpawnServiceOptions): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const serverSecretHex = options.serverSecretHex ?? newServerSecretHex();
  const args = [
    'serve',
    '--port',
    String(port),
    '--database',
    options.dbPath,
    '--server-secret',
    serverSecretHex,
    '--log-level',
    options.logLevel ?? 'warn',
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args], {
    cwd: REPO_ROOT,
    env: cleanEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(url, { timeoutMs: options.readyTimeoutMs ?? 30_000, hasExited: () => hasExited });
    // The banner is written right after listen(); /ready may answer a moment before.
    await waitUntil(() => err.includes('Keyplane is listening on'), 5_000, () => hasExited);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`keyplane serve did not become ready: ${(error as Error).message}\nstderr:\n${err}\nstdout:\n${out.slice(-4000)}`);
  }

  return {
    child,
    pid: child.pid!,
    url,
    port,
    dbPath: options.dbPath,
    serverSecretHex,
    stdout: () => out,
    stderr: () => err,
    adminKey: readAdminKey(err),
    ownerSetupToken: readOwnerSetupToken(err),
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (!hasExited) child.kill(signal);
      return exited;
    },
    waitForStdout: (predicate, timeoutMs = 10_000) => waitUntil(() => predicate(out), timeoutMs, () => hasExited),
  };
}

/** Polls `GET <url>/ready` until it answers 200. */
export async function waitForReady(
  url: string,
  options: { timeoutMs?: number; hasExited?: () => boolean } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (options.hasExited?.()) throw new Error('the process exited');
    try {
      const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(50);
  }
  throw new Error(`${url}/ready did not answer 200 in time (last: ${last})`);
}

const BANNER_KEY = /This is the only time the key is shown; store it in a secret manager now:\n\n {4}(\S+)\n/;

/** The admin key of the bootstrap banner `keyplane serve` prints on stderr, or null. */
export function readAdminKey(stderr: string): string | null {
  return BANNER_KEY.exec(stderr)?.[1] ?? null;
}

const BANNER_OWNER_TOKEN = /\/console\/#\/accept-invitation\?token=(kp_invite_[0-9A-Za-z]+)\n/;

/** The token of the first owner's set-up link in the banner `keyplane serve` prints on stderr, or null. */
export function readOwnerSetupToken(stderr: string): string | null {
  return BANNER_OWNER_TOKEN.exec(stderr)?.[1] ?? null;
}

/**
 * Exactly what `keyplane serve` writes on stderr when it starts with an explicit server
 * secret: the listening line and, on an empty database, the one-time banner with the admin
 * key and the first owner's set-up link (a URL and a curl line, both with the token; the
 * link's expiry as `GET /v1/members` shows it before it is used). Links start with the
 * service's URL unless `publicUrl` is given.
 */
export function expectedServeStderr(options: {
  url: string;
  dbPath: string;
  organization?: { slug: string; id: string };
  adminKey?: string;
  ownerSetup?: { token: string; expiresAt: string };
  publicUrl?: string;
}): string {
  let text = `\nKeyplane is listening on ${options.url}  (database: ${path.resolve(options.dbPath)})\n`;
  text += `The web console: ${(options.publicUrl ?? options.url).replace(/\/+$/, '')}/console/\n`;
  if (options.organization && options.adminKey) {
    if (!options.ownerSetup) {
      throw new Error('expectedServeStderr: the first start prints the owner set-up link too; pass ownerSetup (ServiceProcess.ownerSetupToken and the owner member\'s invitation_expires_at)');
    }
    const linkBase = (options.publicUrl ?? options.url).replace(/\/+$/, '');
    text += [
      '',
      `Created the operator organization "${options.organization.slug}" (${options.organization.id}) and its admin key.`,
      'This is the only time the key is shown; store it in a secret manager now:',
      '',
      `    ${options.adminKey}`,
      '',
      `Try it:  curl -H "X-API-Key: <the key>" ${options.url}/v1/myself`,
      '',
      'Set up the first owner (a person who signs in with an e-mail and a password) with this',
      `one-time link, valid until ${options.ownerSetup.expiresAt}:`,
      '',
      `    ${linkBase}/console/#/accept-invitation?token=${options.ownerSetup.token}`,
      '',
      `or:  curl -X POST ${options.url}/v1/invitations/accept -H 'Content-Type: application/json' \\`,
      `       -d '{"token": "${options.ownerSetup.token}", "email": "you@example.com", "password": "<15+ characters>"}'`,
      '',
    ].join('\n');
  }
  return text;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `keyplane <args>` to completion; `input` is written to its stdin (then closed). */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args], {
    cwd: REPO_ROOT,
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => {}); // the CLI may exit before reading its input
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const { code, signal } = await new Promise<ExitStatus>((resolve) =>
    child.once('close', (c, s) => resolve({ code: c, signal: s })),
  );
  clearTimeout(timer);
  children.delete(child);
  return { code, signal, stdout, stderr };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(condition: () => boolean, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (hasExited()) throw new Error('the process exited');
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
