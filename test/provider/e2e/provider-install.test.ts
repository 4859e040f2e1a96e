/**
 * `keyplane terraform install` as a user runs it, and the executable it installs: the mirror
 * layout, the CLI configuration and the export line; a lock-file hash that is the same for
 * every install of a version, wherever it is installed; a launcher that works under a
 * `"type": "module"` package.json; the schema as Terraform sees it (every attribute
 * described); and the time from start to handshake.
 */
import { spawn, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../../../src/provider/protocol/certificate.js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../../src/provider/protocol/handshake.js';
import { runTerraform } from '../../helpers/terraform.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'keyplane-install-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs the CLI from source, as `keyplane terraform ...`. */
async function keyplane(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const tsx = join(repoRoot, 'node_modules/.bin/tsx');
  return promisify(execFile)(tsx, [join(repoRoot, 'src/cli/main.ts'), ...args], { cwd: root });
}

function workspace(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'main.tf'),
    'terraform {\n  required_providers {\n    keyplane = { source = "keyplane/keyplane" }\n  }\n}\n\nprovider "keyplane" {}\n',
  );
  return dir;
}

const tfEnv = (configFile: string) => ({ TF_CLI_CONFIG_FILE: configFile, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', XDG_CACHE_HOME: join(root, 'cache') });
const lockHashes = (dir: string) => readFileSync(join(dir, '.terraform.lock.hcl'), 'utf8').match(/"h1:[^"]+"/g);

describe('keyplane terraform install', () => {
  let configFile: string;
  let executable: string;

  it('lays out the mirror, writes the CLI configuration and prints the export line', async () => {
    const mirror = join(root, 'mirror');
    configFile = join(root, 'conf', 'terraform.rc');
    const { stdout } = await keyplane('terraform', 'install', '--dir', mirror, '--config-file', configFile);
    expect(stdout).toContain(`export TF_CLI_CONFIG_FILE=${configFile}`);

    const packageDir = join(mirror, 'registry.terraform.io/keyplane/keyplane', version, `linux_${process.arch === 'x64' ? 'amd64' : process.arch}`);
    executable = join(packageDir, `terraform-provider-keyplane_v${version}`);
    expect(statSync(executable).mode & 0o111).not.toBe(0);
    expect(readFileSync(executable, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    // The bundle is kept as one function (no hashbang) and the launcher names its digest, the
    // key of V8's code cache, so that no start hashes or copies 320 KB of source.
    const bundle = readFileSync(join(packageDir, 'keyplane-provider-bundle.cjs'), 'utf8');
    expect(bundle.startsWith('(function (exports, require, module, __filename, __dirname) {')).toBe(true);
    expect(bundle).not.toMatch(/^#!/m);
    expect(readFileSync(executable, 'utf8')).toContain(`'${createHash('sha256').update(bundle).digest('hex').slice(0, 40)}-' + process.version`);
    expect(JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))).toMatchObject({ type: 'commonjs' });

    const config = readFileSync(configFile, 'utf8');
    expect(config).toContain(`path    = ${JSON.stringify(mirror)}`);
    expect(config).toMatch(/filesystem_mirror \{[^}]*include = \["registry\.terraform\.io\/keyplane\/\*"\]/);
    expect(config).toMatch(/direct \{\s*exclude = \["registry\.terraform\.io\/keyplane\/\*"\]/);
  });

  it('installs a provider terraform init accepts, with the same lock hash wherever a version is installed', async () => {
    const first = workspace('first');
    const init = await runTerraform(first, ['init', '-no-color'], tfEnv(configFile));
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(new RegExp(`Installed keyplane/keyplane v${version.replace(/\./g, '\\.')}`));

    // A second install elsewhere (another machine, another user): the lock file still matches.
    const otherConfig = join(root, 'other.rc');
    await keyplane('terraform', 'install', '--dir', join(root, 'other-mirror'), '--config-file', otherConfig);
    const second = workspace('second');
    copyFileSync(join(first, '.terraform.lock.hcl'), join(second, '.terraform.lock.hcl'));
    const again = await runTerraform(second, ['init', '-no-color'], tfEnv(otherConfig));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(lockHashes(second)).toEqual(lockHashes(first));
  });

  it('refuses to overwrite a CLI configuration it did not write', async () => {
    const foreign = join(root, 'foreign.rc');
    writeFileSync(foreign, 'plugin_cache_dir = "/tmp"\n');
    await expect(keyplane('terraform', 'install', '--dir', join(root, 'mirror'), '--config-file', foreign)).rejects.toThrow(/was not written by keyplane/);
    expect(readFileSync(foreign, 'utf8')).toBe('plugin_cache_dir = "/tmp"\n');
  });

  it('shows a schema in which every attribute is described', async () => {
    // The launcher must also work where a package.json above the mirror says "type": "module".
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
    const dir = join(root, 'first');
    const schema = await runTerraform(dir, ['providers', 'schema', '-json'], tfEnv(configFile)).finally(() => rmSync(join(root, 'package.json')));
    expect(schema.code, schema.stderr).toBe(0);
    const parsed = JSON.parse(schema.stdout) as {
      provider_schemas: Record<string, { provider: { block: Block }; resource_schemas: Record<string, { block: Block }> }>;
    };
    type Block = { attributes?: Record<string, { description?: string }>; block_types?: Record<string, { block: Block }> };
    const provider = parsed.provider_schemas['registry.terraform.io/keyplane/keyplane']!;
    const undescribed = (block: Block, prefix: string): string[] => [
      ...Object.entries(block.attributes ?? {}).filter(([, a]) => !a.description).map(([n]) => `${prefix}${n}`),
      ...Object.entries(block.block_types ?? {}).flatMap(([n, b]) => undescribed(b.block, `${prefix}${n}.`)),
    ];
    expect(Object.keys(provider.resource_schemas)).toContain('keyplane_api_key');
    expect(undescribed(provider.provider.block, 'provider.')).toEqual([]);
    expect(undescribed(provider.resource_schemas.keyplane_api_key!.block, '')).toEqual([]);
    expect(provider.resource_schemas.keyplane_api_key!.block.attributes!.secret!.description).toMatch(/null after `terraform import`/);
  });

  it('starts, completes the handshake and writes the V8 code cache once (npm run bench measures its speed)', async () => {
    const cert = createSelfSignedCertificate({ purpose: 'client' });
    const env = {
      ...process.env,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '5,6',
      PLUGIN_CLIENT_CERT: cert.certPem,
      XDG_CACHE_HOME: join(root, 'cache'),
    };
    for (let i = 0; i < 3; i++) {
      const child = spawn(executable, [], { env, stdio: ['ignore', 'pipe', 'ignore'] });
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').once('data', resolve);
        child.once('exit', (code) => reject(new Error(`the provider exited (${code}) before the handshake`)));
      });
      expect(line).toMatch(/^1\|6\|unix\|/);
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    // The first start writes V8's code cache of the bundle (in XDG_CACHE_HOME); the others use it.
    expect(readdirSync(join(root, 'cache', 'keyplane-terraform-provider')).filter((f) => f.endsWith('.v8cache'))).toHaveLength(1);
  });
});
