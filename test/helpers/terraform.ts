/**
 * Running the real terraform binary against a provider of ours, without a registry: the provider
 * is bundled into one file with esbuild and installed into a filesystem mirror, and a CLI config
 * (TF_CLI_CONFIG_FILE) points Terraform at the mirror for our namespace only.
 */
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build-provider.mjs', import.meta.url));

/** Where and what to install. */
export interface MirrorOptions {
  /** A (temporary) directory to hold the mirror, the bundle and the CLI config. */
  root: string;
  /** The module that starts the provider when loaded (TypeScript or JavaScript). */
  entry: string;
  /** Provider type, e.g. `keyplane` → `terraform-provider-keyplane`. */
  type: string;
  namespace?: string;
  version?: string;
  hostname?: string;
}

/** An installed provider and how to make terraform use it. */
export interface Mirror {
  /** The filesystem mirror directory. */
  mirrorDir: string;
  /** The CLI configuration file. */
  cliConfigFile: string;
  /** The provider executable inside the mirror (a `#!/usr/bin/env node` launcher). */
  executable: string;
  /** The bundled provider code the launcher loads. */
  bundleFile: string;
  /** `source` for required_providers, e.g. `keyplane/smoke`. */
  source: string;
  /** Environment for terraform: the CLI config, no network checks, no prompts. */
  env: Record<string, string>;
}

/** The outcome of one terraform command. */
export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall-clock duration in milliseconds. */
  ms: number;
}

/**
 * Bundles a provider entry module into one CommonJS file, with the same build as the real
 * provider (scripts/build-provider.mjs), so fixtures start up the way the product does.
 */
export async function bundleProvider(entry: string, outFile: string): Promise<void> {
  await promisify(execFile)(process.execPath, [BUILD_SCRIPT, '--entry', entry, '--outfile', outFile]);
}

/** Bundles the provider and installs it into a filesystem mirror with a CLI config. */
export async function makeMirror(options: MirrorOptions): Promise<Mirror> {
  const hostname = options.hostname ?? 'registry.terraform.io';
  const namespace = options.namespace ?? 'keyplane';
  const version = options.version ?? '0.0.1';
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;

  const bundleFile = join(options.root, 'build', `terraform-provider-${options.type}.cjs`);
  await bundleProvider(options.entry, bundleFile);

  const mirrorDir = join(options.root, 'mirror');
  const packageDir = join(mirrorDir, hostname, namespace, options.type, version, platform);
  await mkdir(packageDir, { recursive: true });
  // The launcher is what init hashes into .terraform.lock.hcl; the bundle lives outside it.
  const executable = join(packageDir, `terraform-provider-${options.type}_v${version}`);
  await writeFile(executable, `#!/usr/bin/env node\nrequire(${JSON.stringify(bundleFile)});\n`);
  await chmod(executable, 0o755);

  const pattern = `${hostname}/${namespace}/*`;
  const cliConfigFile = join(options.root, 'terraform.rc');
  await writeFile(
    cliConfigFile,
    `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirrorDir)}
    include = [${JSON.stringify(pattern)}]
  }
  direct {
    exclude = [${JSON.stringify(pattern)}]
  }
}
`,
  );

  return {
    mirrorDir,
    cliConfigFile,
    executable,
    bundleFile,
    source: `${namespace}/${options.type}`,
    env: { TF_CLI_CONFIG_FILE: cliConfigFile, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' },
  };
}

/** Runs `terraform <args>` in `dir` and collects its output (never throws on a non-zero exit). */
export function runTerraform(dir: string, args: string[], env: Record<string, string> = {}): Promise<TerraformResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - started }));
  });
}
