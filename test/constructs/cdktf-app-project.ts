/**
 * A CDKTF app of a test, set up as a user's project would be: its own directory with cdktf
 * installed (this checkout's node_modules), the app in main.ts, run with tsx as `cdktf synth`
 * runs it, and plain terraform with Keyplane's provider from the filesystem mirror against the
 * real service (startKeyplaneTerraform).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { startKeyplaneTerraform, type KeyplaneTerraform } from '../provider/e2e/keyplane-terraform.js';

const run = promisify(execFile);

/** The checkout's root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The constructs' entry module as an import specifier for an app's source. */
export const constructsImport = JSON.stringify(pathToFileURL(join(repoRoot, 'constructs/index.ts')).href);

export interface CdktfAppProject {
  kt: KeyplaneTerraform;
  appDir: string;
  /** Where the app's stack is synthesized, and terraform runs. */
  stackDir: string;
  /** Runs the app (what `cdktf synth` does, minus the CLI), with `env` added to the environment. */
  synthesize(env?: Record<string, string>): Promise<void>;
  /** Runs terraform in the stack's directory; `all` is stdout and stderr together. */
  terraform(...args: string[]): Promise<Awaited<ReturnType<KeyplaneTerraform['terraform']>> & { all: string }>;
}

/** Starts the service and the mirror, and writes the app `source` whose stack is named `stack`. */
export async function startCdktfAppProject(name: string, stack: string, source: string): Promise<CdktfAppProject> {
  const kt = await startKeyplaneTerraform(name);
  const appDir = join(kt.root, 'app');
  mkdirSync(appDir);
  symlinkSync(join(repoRoot, 'node_modules'), join(appDir, 'node_modules'), 'dir');
  writeFileSync(join(appDir, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(join(appDir, 'main.ts'), source);
  const stackDir = join(appDir, 'cdktf.out', 'stacks', stack);
  return {
    kt,
    appDir,
    stackDir,
    async synthesize(env = {}) {
      await run(process.execPath, [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'main.ts'], {
        cwd: appDir,
        env: { ...process.env, KEYPLANE_ENDPOINT: kt.service.url, ...env },
      });
    },
    async terraform(...args) {
      const result = await kt.terraform(stackDir, ...args);
      return { ...result, all: result.stdout + result.stderr };
    },
  };
}
