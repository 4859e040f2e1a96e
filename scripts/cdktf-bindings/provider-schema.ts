/**
 * `terraform providers schema -json` of Keyplane's own provider, obtained the way a user's
 * Terraform sees it: the provider bundled from src/provider/main.ts by scripts/build-provider.mjs
 * into a temporary directory (never dist/), installed into a temporary filesystem mirror by
 * `installTerraformProvider` (the function behind `keyplane terraform install`), then
 * `terraform init` and `terraform providers schema -json` in a temporary working directory
 * whose configuration only requires the provider. Offline; everything is removed afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { installTerraformProvider, PROVIDER_HOST, PROVIDER_NAMESPACE, PROVIDER_TYPE } from '../../src/cli/terraform-install.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The provider's address in the schema document, e.g. `registry.terraform.io/keyplane/keyplane`. */
export const PROVIDER_ADDRESS = `${PROVIDER_HOST}/${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}`;

/** The part of `terraform providers schema -json` the generator reads. */
export interface ProvidersSchema {
  format_version: string;
  provider_schemas: Record<string, unknown>;
}

type BuildProvider = (options: { outfile: string }) => Promise<{ outfile: string; version: string }>;

const MINIMAL_CONFIG = `terraform {
  required_providers {
    keyplane = { source = "${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}" }
  }
}
`;

/** Runs terraform in `cwd`; on failure the error carries terraform's own output. */
async function terraform(cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('terraform', args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`terraform ${args.join(' ')} failed:\n${stderr || stdout}`);
  }
}

/**
 * Builds, installs and asks Terraform for the provider's schema. Returns the schema document,
 * keeping only Keyplane's provider (the document lists every provider of the configuration).
 */
export async function readProviderSchema(): Promise<ProvidersSchema> {
  const root = await mkdtemp(join(tmpdir(), 'keyplane-cdktf-bindings-'));
  try {
    const script = pathToFileURL(join(repoRoot, 'scripts/build-provider.mjs')).href;
    const { buildProvider } = (await import(script)) as { buildProvider: BuildProvider };
    const { outfile, version } = await buildProvider({ outfile: join(root, 'build', 'terraform-provider-keyplane.cjs') });
    const install = await installTerraformProvider({
      dir: join(root, 'mirror'),
      configFile: join(root, 'terraform.rc'),
      bundleFile: outfile,
      version,
    });

    const workdir = join(root, 'workdir');
    await mkdir(workdir);
    await writeFile(join(workdir, 'main.tf'), MINIMAL_CONFIG);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TF_CLI_CONFIG_FILE: install.configFile,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      // The launcher keeps V8's code cache there: keep it out of the user's home.
      XDG_CACHE_HOME: join(root, 'cache'),
    };
    await terraform(workdir, env, ['init', '-input=false', '-no-color']);
    const document = JSON.parse(await terraform(workdir, env, ['providers', 'schema', '-json'])) as ProvidersSchema;
    return onlyKeyplane(document);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Reads a saved schema document (`terraform providers schema -json > file`). */
export async function readSchemaFile(file: string): Promise<ProvidersSchema> {
  return onlyKeyplane(JSON.parse(await readFile(file, 'utf8')) as ProvidersSchema);
}

function onlyKeyplane(document: ProvidersSchema): ProvidersSchema {
  const schema = document.provider_schemas?.[PROVIDER_ADDRESS];
  if (schema === undefined) {
    const found = Object.keys(document.provider_schemas ?? {}).join(', ') || 'none';
    throw new Error(`the schema document has no provider ${PROVIDER_ADDRESS} (found: ${found})`);
  }
  return { format_version: document.format_version, provider_schemas: { [PROVIDER_ADDRESS]: schema } };
}
