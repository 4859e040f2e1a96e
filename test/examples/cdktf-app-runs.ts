/**
 * How test/examples/cdktf-app.test.ts runs examples/cdktf-app on each CDK it supports. The app
 * takes App, TerraformStack and TerraformOutput from its cdk.ts, which loads whichever of
 * cdktf and cdktn the project has, so the same main.ts serves both:
 *
 * - cdktf: the app as it is in the repository, run with the repository's tsx on the
 *   constructs' sources (which import cdktf);
 * - cdktn: the app as a user copies it from the installed package (main.ts, cdk.ts and
 *   cdktf.json from node_modules/keyplane/examples/cdktf-app, the constructs imported from
 *   `keyplane/constructs`, as the example's README does) into a project that has CDK Terrain
 *   and no cdktf (test/helpers/cdktn-project.ts), run with that project's tsx and CLI.
 *
 * Every synthesis proves which library made it: cdktf.out/manifest.json and the stack's
 * `//.metadata` carry the version of the library that synthesized them, and cdktf's (0.21.x)
 * and cdktn's (0.24.x) differ.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { repositoryVersion, seedCdktnProject } from '../helpers/cdktn-project.js';
import { userEnv } from '../helpers/installed-package.js';
import { keyplaneCliCommand, repoRoot, tsxCli } from './harness.js';

const execFileAsync = promisify(execFile);

/** The files a user copies (examples/cdktf-app/README.md, "Importing the constructs"). */
const APP_FILES = ['main.ts', 'cdk.ts', 'cdktf.json'] as const;
const STACK = 'keyplane-keys';

/** The example made ready to synthesize in a test's directory. */
export interface PreparedApp {
  /** The directory holding main.ts. */
  appDir: string;
  /** The working directory of a synthesis: cdktf's local backend keeps the state there. */
  cwd: string;
  /** Where the synthesis writes (cdktf.out). */
  outdir: string;
  /** The version of the library in the node_modules the app runs with. */
  libraryVersion: string;
  /** Runs main.ts once, with `env` added to the run's environment. */
  synthesize(env?: Record<string, string>): Promise<void>;
  /** Type-checks the app with tsc, as its user would. */
  typeCheck(): Promise<void>;
}

/** One way of running the app, on one library. */
export interface AppRun {
  library: 'cdktf' | 'cdktn';
  /** Where the app runs from, for the tests' names. */
  from: string;
  /** Prepares the app under `root` (a test's temporary directory) against the service at `endpoint`. */
  prepare(root: string, endpoint: string): Promise<PreparedApp>;
}

const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');

async function node(what: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    await execFileAsync(process.execPath, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${what} examples/cdktf-app failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
}

/**
 * A user's strict tsconfig for the copied app (the example's own extends the repository's).
 * The project is CommonJS, as `npm init` makes it; Node's types come from the repository.
 * skipLibCheck is off, so the installed package's declarations are checked too, on the
 * project's one CDK.
 */
const userTsconfig = {
  compilerOptions: {
    strict: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    skipLibCheck: false,
    noEmit: true,
    typeRoots: [join(repoRoot, 'node_modules/@types')],
    types: ['node'],
  },
  include: ['main.ts', 'cdk.ts'],
};

const inRepository: AppRun = {
  library: 'cdktf',
  from: 'the repository (the constructs from source)',
  async prepare(root, endpoint) {
    const appDir = join(repoRoot, 'examples/cdktf-app');
    const outdir = join(root, 'cdktf.out');
    return {
      appDir,
      cwd: root,
      outdir,
      libraryVersion: repositoryVersion('cdktf'),
      typeCheck: () => node('type-checking', [tsc, '-p', join(appDir, 'tsconfig.json')], repoRoot),
      synthesize: (env = {}) =>
        node('synthesizing', [tsxCli, join(appDir, 'main.ts')], root, {
          ...process.env,
          // Unset: the app takes the library installed first, as it does in a user's shell.
          CDK_LIBRARY: '',
          CDKTF_OUTDIR: outdir,
          KEYPLANE_ENDPOINT: endpoint,
          KEYPLANE_CLI: keyplaneCliCommand,
          ...env,
        }),
    };
  },
};

const inCdktnProject: AppRun = {
  library: 'cdktn',
  from: 'a project with CDK Terrain and no cdktf (the installed package)',
  async prepare(root, endpoint) {
    const project = await seedCdktnProject(join(root, 'project'));
    const appDir = join(project, 'cdktf-app');
    mkdirSync(appDir);
    for (const file of APP_FILES) copyFileSync(join(project, 'node_modules/keyplane/examples/cdktf-app', file), join(appDir, file));
    const main = readFileSync(join(appDir, 'main.ts'), 'utf8');
    const sourceImport = "'../../constructs/index.js'";
    expect(main, 'main.ts imports the constructs by path, as the README says').toContain(sourceImport);
    writeFileSync(join(appDir, 'main.ts'), main.replaceAll(sourceImport, "'keyplane/constructs'"));
    const libraryVersion = (JSON.parse(readFileSync(join(project, 'node_modules/cdktn/package.json'), 'utf8')) as { version: string }).version;
    return {
      appDir,
      cwd: appDir,
      // cdktf's default, in the app's directory: `npx tsx main.ts` as the README runs it.
      outdir: join(appDir, 'cdktf.out'),
      libraryVersion,
      typeCheck: async () => {
        writeFileSync(join(appDir, 'tsconfig.json'), `${JSON.stringify(userTsconfig, null, 2)}\n`);
        await node('type-checking', [tsc, '-p', 'tsconfig.json'], appDir);
      },
      synthesize: (env = {}) =>
        node('synthesizing', [join(project, 'node_modules/tsx/dist/cli.mjs'), 'main.ts'], appDir, {
          ...userEnv({ CDK_LIBRARY: undefined, CDKTF_OUTDIR: undefined }),
          KEYPLANE_ENDPOINT: endpoint,
          // The check runs the project's keyplane CLI (npx would look in the shell's npm prefix).
          KEYPLANE_CLI: join(project, 'node_modules/.bin/keyplane'),
          ...env,
        }),
    };
  },
};

/** The runs, one per library. */
export const APP_RUNS: readonly AppRun[] = [inRepository, inCdktnProject];

/**
 * The version the synthesized app records (manifest.json and the stack's metadata), which
 * names the library that synthesized it.
 */
export function synthesizedVersion(outdir: string): { manifest: string; stack: string } {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { version: string };
  const stack = JSON.parse(readFileSync(join(outdir, 'stacks', STACK, 'cdk.tf.json'), 'utf8')) as { '//': { metadata: { version: string } } };
  return { manifest: manifest.version, stack: stack['//'].metadata.version };
}
