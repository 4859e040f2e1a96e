/**
 * `node scripts/generate-cdktf-bindings.mjs [--check] [--schema FILE] [--out DIR]`:
 * generates the CDKTF bindings of Keyplane's provider into constructs/generated/ (replacing
 * what is there), or with `--check` generates them into a temporary directory and exits 1 when
 * the committed files differ (changed, missing or extra), writing nothing.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateBindings, isDirectory, type GeneratedFile } from './generate.js';
import { readProviderSchema, readSchemaFile } from './provider-schema.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Where the committed bindings live. */
export const BINDINGS_DIR = join(repoRoot, 'constructs', 'generated');

async function writeTree(dir: string, files: readonly GeneratedFile[]): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  for (const file of files) {
    const target = join(dir, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
}

async function readTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!(await isDirectory(dir))) return out;
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.set(relative(dir, full).split(sep).join('/'), await readFile(full, 'utf8'));
    }
  };
  await walk(dir);
  return out;
}

/** The differences between two trees, one line each; empty when they are equal. */
export function compareTrees(committed: Map<string, string>, fresh: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [path, content] of fresh) {
    const old = committed.get(path);
    if (old === undefined) problems.push(`${path} is missing`);
    else if (old !== content) {
      const a = old.split('\n');
      const b = content.split('\n');
      let line = 0;
      while (line < Math.max(a.length, b.length) && a[line] === b[line]) line++;
      problems.push(`${path} differs from line ${line + 1}`);
    }
  }
  for (const path of committed.keys()) if (!fresh.has(path)) problems.push(`${path} is no longer generated`);
  return problems.sort();
}

/** Generates or checks; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { check: { type: 'boolean' }, schema: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const outDir = values.out ? resolve(values.out) : BINDINGS_DIR;
  const schema = values.schema ? await readSchemaFile(resolve(values.schema)) : await readProviderSchema();

  if (!values.check) {
    const files = await generateBindings(schema, outDir, repoRoot);
    await writeTree(outDir, files);
    process.stdout.write(`wrote ${files.length} files to ${relative(repoRoot, outDir) || outDir}\n`);
    return 0;
  }

  // Generated as if in place (for module resolution), written to a temporary directory, compared.
  const files = await generateBindings(schema, outDir, repoRoot);
  const temp = await mkdtemp(join(tmpdir(), 'keyplane-cdktf-check-'));
  try {
    await writeTree(temp, files);
    const problems = compareTrees(await readTree(outDir), await readTree(temp));
    const shown = relative(repoRoot, outDir) || outDir;
    if (problems.length === 0) {
      process.stdout.write(`${shown} is up to date with the provider's schema (${files.length} files).\n`);
      return 0;
    }
    process.stderr.write(
      `${shown} is stale: it does not match the provider's schema.\n${problems.map((p) => `  ${p}`).join('\n')}\n` +
        'Run `node scripts/generate-cdktf-bindings.mjs` and commit the result.\n',
    );
    return 1;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
