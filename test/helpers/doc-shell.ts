/**
 * One bash for a whole guide, as a reader's terminal: `cd` and variables carry over from
 * block to block. Each block runs from a file with `set -eo pipefail` in force and standard
 * input closed (a command that would wait for an answer fails instead of hanging); its
 * output (stdout and stderr, interleaved) is returned. A failing command ends the shell, and
 * the block fails with everything the block printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BlockResult {
  output: string;
  ms: number;
}

export class DocShell {
  private readonly child: ChildProcess;
  private buffer = '';
  private exitCode: number | null | undefined;
  private counter = 0;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly stateDir: string,
    cwd: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn('bash', ['--noprofile', '--norc'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const take = (chunk: string) => {
      this.buffer += chunk;
      for (const wake of this.waiters) wake();
    };
    this.child.stdout!.setEncoding('utf8').on('data', take);
    this.child.stderr!.setEncoding('utf8').on('data', take);
    this.child.once('exit', (code) => {
      this.exitCode = code;
      for (const wake of this.waiters) wake();
    });
    this.child.stdin!.write('set -eo pipefail\nexec 2>&1\n');
  }

  /** Runs `code` in the shell; rejects with its output if a command fails or it times out. */
  async run(code: string, timeoutMs = 300_000): Promise<BlockResult> {
    const n = ++this.counter;
    const file = join(this.stateDir, `block-${n}.sh`);
    writeFileSync(file, code);
    const marker = `__doc_test_${randomBytes(8).toString('hex')}__`;
    const start = this.buffer.length;
    const started = performance.now();
    if (this.exitCode !== undefined) throw new Error(`the shell has exited (${this.exitCode})`);
    this.child.stdin!.write(`source ${JSON.stringify(file)} </dev/null\nprintf '\\n%s\\n' ${marker}\n`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.buffer.indexOf(`\n${marker}\n`, start);
      if (at >= 0) {
        const output = this.buffer.slice(start, at);
        this.buffer = this.buffer.slice(0, start) + this.buffer.slice(at + marker.length + 2);
        return { output, ms: performance.now() - started };
      }
      if (this.exitCode !== undefined) throw new Error(`a command failed (the shell exited with ${this.exitCode}); its output:\n${this.buffer.slice(start)}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms; the output so far:\n${this.buffer.slice(start)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 250);
        this.waiters.add(wake);
      });
    }
  }

  /** The shell's current directory. */
  async pwd(): Promise<string> {
    return (await this.run('pwd')).output.trim();
  }

  /** The value of an (exported or not) shell variable, '' when unset. */
  async variable(name: string): Promise<string> {
    return (await this.run(`printf '%s' "\${${name}:-}"`)).output;
  }

  /** Ends the shell and anything it started that is still running. */
  close(): void {
    if (this.exitCode === undefined) {
      try {
        process.kill(-this.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.child.stdin!.destroy();
    this.child.stdout!.destroy();
    this.child.stderr!.destroy();
  }
}
