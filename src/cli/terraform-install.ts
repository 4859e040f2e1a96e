/**
 * `keyplane terraform install`: installs the Terraform provider into a filesystem mirror and
 * writes a Terraform CLI configuration that uses it for `registry.terraform.io/keyplane/*`
 * (and the registry for everything else), so `terraform init` works without a registry.
 *
 * Layout: `<dir>/registry.terraform.io/keyplane/keyplane/<version>/<os>_<arch>/` holding the
 * executable `terraform-provider-keyplane_v<version>` (a `#!/usr/bin/env node` launcher), the
 * bundle `keyplane-provider-bundle.cjs` beside it (as one function: {@link mirrorBundleSource}),
 * and a package.json that keeps Node from loading the launcher as an ES module.
 *
 * Why the bundle is copied into the package directory rather than referenced where npm put
 * it: `terraform init` records an `h1:` hash of that directory in `.terraform.lock.hcl`.
 * With the bundle inside, the hash covers the code that actually runs (which is the point of
 * the lock file) and depends only on the version's bundle, which the build produces
 * deterministically; the launcher refers to it relatively. A launcher pointing at an absolute
 * path elsewhere would make the hash depend on where the package happens to be installed
 * (different on every machine, so a committed lock file would fail elsewhere) while not
 * covering the code at all. The mirror is also self-contained: it can be copied to CI.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PROVIDER_HOST = 'registry.terraform.io';
export const PROVIDER_NAMESPACE = 'keyplane';
export const PROVIDER_TYPE = 'keyplane';
/** The bundle's name in dist/provider/ after the build. */
export const BUNDLE_NAME = 'terraform-provider-keyplane.cjs';
/**
 * The bundle's name in the mirror. It must not start with `terraform-provider-keyplane`:
 * Terraform runs the first file of the package directory whose name does.
 */
export const MIRROR_BUNDLE_NAME = 'keyplane-provider-bundle.cjs';
const CONFIG_MARKER = '# Written by `keyplane terraform install`';

/** What {@link installTerraformProvider} needs; everything has a default. */
export interface InstallOptions {
  /** Mirror directory. Default `~/.keyplane/terraform-mirror`. */
  dir?: string;
  /** CLI configuration file to write. Default `~/.keyplane/terraform.rc`. */
  configFile?: string;
  /** The provider bundle. Default: dist/provider/terraform-provider-keyplane.cjs of this package (built if missing in a checkout). */
  bundleFile?: string;
  /** Provider version. Default: this package's version. */
  version?: string;
  /** Terraform platform, e.g. `linux_amd64`. Default: this machine's. */
  platform?: string;
}

/** Where things went. */
export interface InstallResult {
  version: string;
  platform: string;
  mirrorDir: string;
  packageDir: string;
  executable: string;
  configFile: string;
  /** `source` for required_providers. */
  source: string;
  /** The shell line that makes Terraform use the configuration. */
  exportLine: string;
}

/** Terraform's name for this machine's platform, e.g. `linux_amd64`, `darwin_arm64`. */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === 'win32' ? 'windows' : platform;
  const cpu = ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[arch] ?? arch;
  return `${os}_${cpu}`;
}

/** The root of this package (the directory of its package.json). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'openapi.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the keyplane package (package.json beside openapi.yaml)');
    dir = parent;
  }
}

/**
 * The bundle as the mirror keeps it: one function expression of the CommonJS module's
 * parameters, without the hashbang, so that the launcher compiles the file's text as it is.
 * Wrapping it at every start copied 320 KB into a new string, and keying the code cache by
 * the content hashed all of it: together about 8 ms of a 150 ms start (docs/performance.md).
 */
export function mirrorBundleSource(bundle: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${bundle.replace(/^#!.*/, '')}\n})`;
}

/**
 * The launcher Terraform executes: runs the bundle beside it. It keeps V8's code cache of the
 * bundle in the user's cache directory (never in the package directory, whose hash Terraform
 * checks on every run), which saves a fifth of every start. The cache is keyed by the
 * bundle's digest, taken at install (the launcher and the bundle are written together), and
 * the Node version; written atomically (several provider processes start at once), and
 * private to the user. Without a usable cache the bundle is compiled from its text.
 */
export function launcherSource(bundleDigest: string, bundleName: string = MIRROR_BUNDLE_NAME): string {
  return `#!/usr/bin/env node
// The Keyplane Terraform provider: Terraform runs this file; the provider is ${bundleName} beside it.
'use strict';
const fs = require('fs'), path = require('path'), vm = require('vm'), Module = require('module');
const file = path.join(__dirname, '${bundleName}');
const source = fs.readFileSync(file, 'utf8');
let cacheFile, cachedData;
try {
  const home = process.env.XDG_CACHE_HOME || path.join(require('os').homedir(), '.cache');
  cacheFile = path.join(home, 'keyplane-terraform-provider', '${bundleDigest}-' + process.version + '.v8cache');
  cachedData = fs.readFileSync(cacheFile);
} catch {}
const script = new vm.Script(source, { filename: file, cachedData });
if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
  process.once('exit', () => {
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
      const tmp = cacheFile + '.' + process.pid;
      fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(tmp, cacheFile);
    } catch {}
  });
}
const bundleModule = { exports: {}, filename: file, id: file, loaded: false };
script.runInThisContext().call(bundleModule.exports, bundleModule.exports, Module.createRequire(file), bundleModule, file, __dirname);
`;
}

/**
 * Node decides how to load the launcher by the nearest package.json above it: under one that
 * says "type": "module" it would refuse a file named `..._v0.1.0` ("unknown file extension
 * .0"). This one, in the package directory, makes it CommonJS wherever the mirror is.
 */
export const PACKAGE_JSON_SOURCE = '{ "type": "commonjs", "private": true }\n';

/** The CLI configuration: our namespace from the mirror, everything else from the registry. */
export function cliConfigSource(mirrorDir: string): string {
  const pattern = JSON.stringify(`${PROVIDER_HOST}/${PROVIDER_NAMESPACE}/*`);
  return `${CONFIG_MARKER}: use it with TF_CLI_CONFIG_FILE.
provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirrorDir)}
    include = [${pattern}]
  }
  direct {
    exclude = [${pattern}]
  }
}
`;
}

async function defaultBundle(root: string): Promise<string> {
  const built = join(root, 'dist/provider', BUNDLE_NAME);
  if (existsSync(built)) return built;
  const script = join(root, 'scripts/build-provider.mjs');
  if (!existsSync(script)) throw new Error(`the provider bundle ${built} is missing; reinstall the keyplane package`);
  // A source checkout that was not built yet: build the bundle now.
  const { buildProvider } = (await import(pathToFileURL(script).href)) as { buildProvider(o?: object): Promise<{ outfile: string }> };
  return (await buildProvider()).outfile;
}

/** Installs the provider into a filesystem mirror and writes the CLI configuration. */
export async function installTerraformProvider(options: InstallOptions = {}): Promise<InstallResult> {
  const home = join(homedir(), '.keyplane');
  const mirrorDir = resolve(options.dir ?? join(home, 'terraform-mirror'));
  const configFile = resolve(options.configFile ?? join(home, 'terraform.rc'));
  const root = options.bundleFile && options.version ? undefined : packageRoot();
  const version = options.version ?? (JSON.parse(await readFile(join(root!, 'package.json'), 'utf8')) as { version: string }).version;
  const bundleFile = options.bundleFile ?? (await defaultBundle(root!));
  const platform = options.platform ?? terraformPlatform();

  if (existsSync(configFile)) {
    const existing = await readFile(configFile, 'utf8');
    if (!existing.startsWith(CONFIG_MARKER)) {
      throw new Error(`${configFile} exists and was not written by keyplane; choose another --config-file, or add this to it:\n\n${cliConfigSource(mirrorDir)}`);
    }
  }

  const packageDir = join(mirrorDir, PROVIDER_HOST, PROVIDER_NAMESPACE, PROVIDER_TYPE, version, platform);
  await mkdir(packageDir, { recursive: true });
  const bundle = mirrorBundleSource(await readFile(bundleFile, 'utf8'));
  await writeFile(join(packageDir, MIRROR_BUNDLE_NAME), bundle);
  const executable = join(packageDir, `terraform-provider-${PROVIDER_TYPE}_v${version}`);
  await writeFile(executable, launcherSource(createHash('sha256').update(bundle).digest('hex').slice(0, 40)));
  await chmod(executable, 0o755);
  await writeFile(join(packageDir, 'package.json'), PACKAGE_JSON_SOURCE);
  await mkdir(dirname(configFile), { recursive: true });
  await writeFile(configFile, cliConfigSource(mirrorDir));

  return {
    version,
    platform,
    mirrorDir,
    packageDir,
    executable,
    configFile,
    source: `${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}`,
    exportLine: `export TF_CLI_CONFIG_FILE=${shellQuote(configFile)}`,
  };
}

function shellQuote(text: string): string {
  return /^[\w./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
