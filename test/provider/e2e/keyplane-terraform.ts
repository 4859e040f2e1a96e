/**
 * The real thing for end-to-end tests of the Keyplane provider: the real service (SQLite, free
 * port), the provider bundled by scripts/build-provider.mjs and installed by the library
 * function behind `keyplane terraform install`, and the real terraform binary pointed at
 * that mirror through TF_CLI_CONFIG_FILE. One instance per test file; workspaces share it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { installTerraformProvider, type InstallResult } from '../../../src/cli/terraform-install.js';
import { startService, type TestService } from '../../helpers/service.js';
import { runTerraform, type TerraformResult } from '../../helpers/terraform.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A service, an installed provider, and a place for Terraform working directories. */
export interface KeyplaneTerraform {
  root: string;
  service: TestService;
  install: InstallResult;
  /** Environment for terraform: the CLI config and the provider's endpoint and key. */
  env: Record<string, string>;
  /**
   * A new working directory whose main.tf declares the provider, then `body`. The provider
   * block is `provider "keyplane" {}` unless `providerBlock` replaces it.
   */
  workspace(name: string, body: string, providerBlock?: string): string;
  /** Replaces main.tf of a workspace (keeping the provider declaration). */
  write(dir: string, body: string): void;
  /** `terraform <args> -no-color` in `dir`, logging the duration. */
  terraform(dir: string, ...args: string[]): Promise<TerraformResult>;
  /** The same with extra environment variables (an empty value hides one). */
  terraformWithEnv(extraEnv: Record<string, string>, dir: string, ...args: string[]): Promise<TerraformResult>;
  close(): Promise<void>;
}

/** Builds the bundle with the project's build script (as `npm run build` does). */
export async function buildBundle(outfile: string): Promise<void> {
  await promisify(execFile)(process.execPath, [join(repoRoot, 'scripts/build-provider.mjs'), '--outfile', outfile]);
}

const header = (providerBlock = 'provider "keyplane" {}') => `terraform {
  required_providers {
    keyplane = { source = "keyplane/keyplane" }
  }
}

${providerBlock}
`;

export async function startKeyplaneTerraform(name: string): Promise<KeyplaneTerraform> {
  const root = mkdtempSync(join(tmpdir(), `keyplane-tf-${name}-`));
  const bundleFile = join(root, 'build', 'terraform-provider-keyplane.cjs');
  const [service] = await Promise.all([startService(), buildBundle(bundleFile)]);
  const install = await installTerraformProvider({ dir: join(root, 'mirror'), configFile: join(root, 'terraform.rc'), bundleFile, version: '0.1.0' });
  const env = {
    TF_CLI_CONFIG_FILE: install.configFile,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    KEYPLANE_ENDPOINT: service.url,
    KEYPLANE_API_KEY: service.adminKey,
    // The launcher keeps V8's code cache there; keep the tests' out of the user's home.
    XDG_CACHE_HOME: join(root, 'cache'),
  };
  const write = (dir: string, body: string, providerBlock?: string) => writeFileSync(join(dir, 'main.tf'), `${header(providerBlock)}\n${body}`);
  const kt: KeyplaneTerraform = {
    root,
    service,
    install,
    env,
    workspace(workspaceName, body, providerBlock) {
      const dir = join(root, workspaceName);
      mkdirSync(dir);
      write(dir, body, providerBlock);
      return dir;
    },
    write,
    terraform(dir, ...args) {
      return kt.terraformWithEnv({}, dir, ...args);
    },
    async terraformWithEnv(extraEnv, dir, ...args) {
      const result = await runTerraform(dir, [...args, '-no-color'], { ...env, ...extraEnv });
      console.log(`[terraform ${args.join(' ')}] exit ${result.code} in ${result.ms.toFixed(0)} ms`);
      if (process.env.KEYPLANE_TF_DEBUG) console.log(result.stdout, result.stderr);
      return result;
    },
    async close() {
      await service.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return kt;
}

/** The ids of `keyplane_api_key` resources in a workspace's state. */
export async function stateKeyIds(kt: KeyplaneTerraform, dir: string): Promise<string[]> {
  const show = await kt.terraform(dir, 'show', '-json');
  const state = JSON.parse(show.stdout) as { values?: { root_module?: { resources?: { type: string; values: { id: string } }[] } } };
  return (state.values?.root_module?.resources ?? []).filter((r) => r.type === 'keyplane_api_key').map((r) => r.values.id);
}

/** The attributes of one resource in a workspace's state (`terraform show -json`). */
export async function stateOf(kt: KeyplaneTerraform, dir: string, address: string): Promise<Record<string, unknown>> {
  const show = await kt.terraform(dir, 'show', '-json');
  const state = JSON.parse(show.stdout) as { values?: { root_module?: { resources?: { address: string; values: Record<string, unknown> }[] } } };
  const found = state.values?.root_module?.resources?.find((r) => r.address === address);
  if (!found) throw new Error(`${address} is not in the state`);
  return found.values;
}

/** Every key of the service's organization (all pages), the admin key included. */
export async function serviceKeys(service: TestService) {
  const keys = [];
  let cursor: string | undefined;
  do {
    const { data, error } = await service.client().api.GET('/v1/keys', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } });
    if (error) throw new Error(`listing keys failed: ${error.detail}`);
    keys.push(...data.data);
    cursor = data.next_cursor ?? undefined;
  } while (cursor);
  return keys;
}

/** `terraform` started in the background, for tests that interrupt it. */
export function spawnTerraform(kt: KeyplaneTerraform, dir: string, args: string[], extraEnv: Record<string, string> = {}) {
  const child: ChildProcess = spawn('terraform', [...args, '-no-color'], { cwd: dir, env: { ...process.env, ...kt.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })),
  );
  return { child, exited, output: () => stdout };
}

/**
 * An HTTP proxy in front of the service that holds every request for `delayMs` before passing
 * it on: makes an apply of many keys slow enough to be interrupted in the middle.
 */
export async function startDelayingProxy(target: string, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const out = request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        out.on('error', () => res.destroy());
        out.end(Buffer.concat(chunks));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
