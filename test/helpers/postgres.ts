/**
 * A throwaway PostgreSQL cluster for tests: `initdb` into a temp folder, `pg_ctl start` on a
 * free port with its unix socket in the same folder, one database `keyplane`, and `stop()`
 * removes it all. Nothing is mocked and nothing outside the temp folder is touched.
 *
 * PostgreSQL refuses to run as root. When the tests run as root, the cluster is created and
 * run as the `postgres` system user (present wherever the PostgreSQL packages are installed)
 * through `runuser`; otherwise as the current user.
 *
 * Missing binaries are an error, never a skip: a suite that silently skips its database proves
 * nothing.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { accessSync, chownSync, constants, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { freePort } from './process.js';

export interface RunningPostgres {
  /** `postgresql://keyplane@127.0.0.1:<port>/keyplane`, trust authentication. */
  connectionString: string;
  /** Stops the server and deletes its folder. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * Stops the server but keeps its data, as an outage does: `fast` ends every session at once
   * (their queries fail), `immediate` as a crash. New connections are refused until
   * {@link restart}. Runs `pg_ctl` without blocking the event loop, so clients keep going.
   */
  halt(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts the halted server again, on the same port with the same data. */
  restart(): Promise<void>;
  /** A connection string for another database of the cluster, created empty on first use. */
  database(name: string): Promise<string>;
}

const DATABASE = 'keyplane';
const SUPERUSER = 'keyplane';
const RUN_AS_WHEN_ROOT = 'postgres';

/** Starts a fresh cluster; fails loudly when PostgreSQL is missing or does not start. */
export async function startPostgres(): Promise<RunningPostgres> {
  const initdb = findBinary('initdb');
  const pgCtl = findBinary('pg_ctl');
  const runAs = runAsPrefix();

  const dir = mkdtempSync(join(tmpdir(), 'keyplane-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  if (runAs.owner) chownSync(dir, runAs.owner.uid, runAs.owner.gid);

  const run = (command: string, args: string[]): void => {
    const [program, ...argv] = [...runAs.prefix, command, ...args];
    const result = spawnSync(program!, argv, {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (result.status !== 0) {
      const log = safeRead(logFile);
      throw new Error(
        `${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n` +
          `${result.stderr}${result.stdout}${log ? `\nserver log:\n${log}` : ''}`,
      );
    }
  };

  let stopped = false;
  const stopNow = (mode: 'fast' | 'immediate'): void => {
    if (stopped) return;
    stopped = true;
    try {
      run(pgCtl, ['-D', dataDir, '-m', mode, '-w', 'stop']);
    } catch {
      // not running (start failed, or already gone): nothing to stop
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const onExit = (): void => stopNow('immediate');
  process.once('exit', onExit);

  try {
    // ICU en-US as the default collation, like a typical production database: the store must
    // not depend on the C locale for id ordering.
    run(initdb, [
      '-D', dataDir, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8',
      '--locale=C.UTF-8', '--locale-provider=icu', '--icu-locale=en-US', '--no-sync',
    ]);
    const startArgs = (p: number) => [
      '-D', dataDir, '-l', logFile, '-w', '-t', '60',
      '-o', `-p ${p} -k ${dir} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      'start',
    ];
    const port = await startOnFreePort((p) => run(pgCtl, startArgs(p)));
    const createDatabase = async (name: string): Promise<void> => {
      const admin = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres' });
      await admin.connect();
      try {
        await admin.query(`create database ${pg.escapeIdentifier(name)}`);
      } finally {
        await admin.end();
      }
    };
    await createDatabase(DATABASE);
    const created = new Set([DATABASE]);
    const runAsync = (args: string[]): Promise<void> =>
      new Promise((resolve, reject) => {
        const [program, ...argv] = [...runAs.prefix, pgCtl, ...args];
        execFile(program!, argv, { cwd: dir, timeout: 120_000 }, (error, stdout, stderr) =>
          error ? reject(new Error(`pg_ctl ${args.join(' ')} failed: ${error.message}\n${stderr}${stdout}\n${safeRead(logFile)}`)) : resolve(),
        );
      });
    const urlOf = (name: string) => `postgresql://${SUPERUSER}@127.0.0.1:${port}/${name}`;
    return {
      connectionString: urlOf(DATABASE),
      stop: async () => {
        process.removeListener('exit', onExit);
        stopNow('fast');
      },
      halt: (mode = 'fast') => runAsync(['-D', dataDir, '-m', mode, '-w', 'stop']),
      restart: () => runAsync(startArgs(port)),
      database: async (name) => {
        if (!created.has(name)) {
          await createDatabase(name);
          created.add(name);
        }
        return urlOf(name);
      },
    };
  } catch (error) {
    process.removeListener('exit', onExit);
    stopNow('immediate');
    throw error;
  }
}

/** Tries a few free ports: another process may take the one we found before the server binds. */
async function startOnFreePort(start: (port: number) => void): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      start(port);
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}


/** The binary from PATH, else from the Debian layout; an error naming both if neither has it. */
function findBinary(name: string): string {
  const searched = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const debianRoot = '/usr/lib/postgresql';
  try {
    for (const version of readdirSync(debianRoot).sort().reverse()) searched.push(join(debianRoot, version, 'bin'));
  } catch {
    // no Debian layout
  }
  for (const folder of searched) {
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new Error(
    `PostgreSQL binary '${name}' not found on PATH or in ${debianRoot}/*/bin: install the ` +
      'PostgreSQL 15 server (Debian: apt-get install postgresql-15) to run the PostgreSQL tests.',
  );
}

interface RunAs {
  /** Command prefix that runs a program as the cluster owner; empty for the current user. */
  prefix: string[];
  /** Owner to give the temp folder, when it differs from the current user. */
  owner?: { uid: number; gid: number };
}

function runAsPrefix(): RunAs {
  if (process.getuid?.() !== 0) return { prefix: [] };
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', RUN_AS_WHEN_ROOT], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', RUN_AS_WHEN_ROOT], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error(
      `running as root, and PostgreSQL refuses to run as root, but there is no '${RUN_AS_WHEN_ROOT}' ` +
        `user to run it as: create one (useradd --system ${RUN_AS_WHEN_ROOT}) or run the tests as another user.`,
    );
  }
  return { prefix: ['runuser', '-u', RUN_AS_WHEN_ROOT, '--'], owner: { uid, gid } };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
