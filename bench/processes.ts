import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

export interface Started {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a Node program and waits for the line that holds its URL. `.ts` entry points run
 * through tsx; the service runs from its build (`dist/`), as it does in production.
 */
export async function startProgram(args: string[], urlPattern: RegExp, env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const loader = args.some((arg) => arg.endsWith('.ts')) ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = urlPattern.exec(seen);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${seen}`)));
    setTimeout(() => reject(new Error(`${args.join(' ')} did not start in 60 s:\n${seen}`)), 60_000).unref();
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** `keyplane serve` on a seeded database, logging only warnings (as the baseline logs nothing). */
export function startService(database: string, serverSecret: Buffer, cacheTtlMs = 5000, extraFlags: string[] = []): Promise<Started> {
  return startProgram(
    [
      'dist/src/cli/main.js',
      'serve',
      '--port=0',
      `--database=${database}`,
      `--server-secret=${serverSecret.toString('hex')}`,
      '--log-level=warn',
      `--cache-ttl-ms=${cacheTtlMs}`,
      ...extraFlags,
    ],
    /listening on (http:\/\/\S+)/,
  );
}

export function startBaseline(): Promise<Started> {
  return startProgram(['bench/baseline-server.ts'], /listening (http:\/\/\S+)/);
}
