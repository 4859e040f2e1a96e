/**
 * examples/ (the Example Usage of the generated docs, and the README's quick start) is valid
 * Terraform: formatted (`terraform fmt -check`), and accepted by `terraform validate` with
 * the provider built from source and installed into a filesystem mirror, for every example
 * whose type the provider defines (the others show as todo until it does). Every import.sh
 * imports a resource that its resource.tf declares.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOC_KINDS } from '../../../scripts/provider-docs/doc-pages.js';
import { installTerraformProvider } from '../../../src/cli/terraform-install.js';
import { runTerraform } from '../../helpers/terraform.js';
import { missingTypes } from './defined-types.js';
import { buildBundle } from './keyplane-terraform.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const examples = join(repoRoot, 'examples');

/** One example file, and whether the provider defines every type it uses. */
interface Example {
  file: string;
  missingTypes: string[];
}

const typeExamples: Example[] = DOC_KINDS.flatMap((kind) => {
  const dir = join(examples, kind.dir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((type) => join('examples', kind.dir, type, kind.example))
    .filter((file) => existsSync(join(repoRoot, file)))
    .map((file) => ({ file, missingTypes: missingTypes(readFileSync(join(repoRoot, file), 'utf8')) }));
});
const quickstart = 'examples/quickstart/main.tf';

let root: string;
let env: Record<string, string>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'keyplane-examples-'));
  const bundleFile = join(root, 'build', 'terraform-provider-keyplane.cjs');
  await buildBundle(bundleFile);
  const install = await installTerraformProvider({ dir: join(root, 'mirror'), configFile: join(root, 'terraform.rc'), bundleFile, version: '0.1.0' });
  env = { TF_CLI_CONFIG_FILE: install.configFile, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', XDG_CACHE_HOME: join(root, 'cache') };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `terraform init` and `terraform validate` in a new directory holding `files`. */
async function validate(name: string, files: string[]): Promise<void> {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const file of files) copyFileSync(join(repoRoot, file), join(dir, file.replace(/\//g, '_')));
  const init = await runTerraform(dir, ['init', '-no-color'], env);
  expect(init.code, init.stdout + init.stderr).toBe(0);
  const result = await runTerraform(dir, ['validate', '-no-color'], env);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toMatch(/Success! The configuration is valid/);
}

describe('examples/', () => {
  it('is formatted as terraform fmt wants it', async () => {
    const fmt = await runTerraform(repoRoot, ['fmt', '-check', '-recursive', '-diff', '-no-color', 'examples'], env);
    expect(fmt.code, `terraform fmt would change:\n${fmt.stdout}${fmt.stderr}`).toBe(0);
  });

  it('validates examples/provider/provider.tf', async () => {
    await validate('provider', ['examples/provider/provider.tf']);
  });

  for (const example of typeExamples) {
    if (example.missingTypes.length > 0) {
      it.todo(`validates ${example.file} once the provider defines ${example.missingTypes.join(', ')}`);
    } else {
      it(`validates ${example.file} (with provider.tf)`, async () => {
        await validate(example.file.split('/').slice(1, 3).join('-'), ['examples/provider/provider.tf', example.file]);
      });
    }
  }

  const quickstartMissing = missingTypes(readFileSync(join(repoRoot, quickstart), 'utf8'));
  if (quickstartMissing.length > 0) it.todo(`validates ${quickstart} once the provider defines ${quickstartMissing.join(', ')}`);
  else it(`validates ${quickstart}`, async () => validate('quickstart', [quickstart]));

  it('has import.sh files that import a resource their resource.tf declares', () => {
    const dir = join(examples, 'resources');
    const scripts = readdirSync(dir).filter((type) => existsSync(join(dir, type, 'import.sh')));
    expect(scripts).toContain('keyplane_api_key');
    for (const type of scripts) {
      const commands = readFileSync(join(dir, type, 'import.sh'), 'utf8')
        .split('\n')
        .filter((line) => line.trim() && !line.startsWith('#'));
      expect(commands.length, `examples/resources/${type}/import.sh`).toBeGreaterThan(0);
      const declared = readFileSync(join(dir, type, 'resource.tf'), 'utf8');
      for (const command of commands) {
        const match = /^terraform import ([a-z0-9_]+)\.([a-z0-9_]+) \S+$/.exec(command);
        expect(match, command).not.toBeNull();
        expect(match![1]).toBe(type);
        expect(declared).toContain(`resource "${type}" "${match![2]}"`);
      }
    }
  });
});
