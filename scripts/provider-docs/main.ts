/**
 * `node scripts/generate-provider-docs.mjs [--check]`: writes the provider's docs (see
 * doc-pages.ts), or with `--check` writes nothing and exits 1 when a committed page differs
 * from what the provider and examples/ give now, is missing, or belongs to a type that no
 * longer exists. Warnings (a type without example...) go to stderr and never fail.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyplaneProvider } from '../../src/provider/provider.js';
import { DOC_KINDS, GENERATED_MARKER, providerDocs, readIfExists, type DocumentedProvider } from './doc-pages.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Generated pages in docs/<kind>/ that no type produces any more. */
function leftoverPages(root: string, produced: Set<string>): { generated: string[]; foreign: string[] } {
  const generated: string[] = [];
  const foreign: string[] = [];
  for (const kind of DOC_KINDS) {
    const dir = join(root, 'docs', kind.dir);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
      const path = `docs/${kind.dir}/${file}`;
      if (produced.has(path)) continue;
      (readFileSync(join(root, path), 'utf8').includes(GENERATED_MARKER) ? generated : foreign).push(path);
    }
  }
  return { generated, foreign };
}

/** Generates or checks the docs of `provider` under `root`; returns the exit code. */
export function generateDocs(args: string[], provider: DocumentedProvider = keyplaneProvider, root: string = repoRoot): number {
  const check = args.includes('--check');
  const { pages, warnings } = providerDocs(provider, root);
  const leftovers = leftoverPages(root, new Set(pages.map((p) => p.path)));
  for (const path of leftovers.foreign) warnings.push(`${path} was not generated and matches no type; left alone.`);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);

  const stale = pages.filter((p) => readIfExists(join(root, p.path)) !== p.content).map((p) => p.path);
  if (check) {
    const problems = [...stale.map((p) => `${p} is stale or missing`), ...leftovers.generated.map((p) => `${p} documents a type the provider no longer defines`)];
    if (problems.length === 0) return 0;
    process.stderr.write(`${problems.join('\n')}\nRun \`node scripts/generate-provider-docs.mjs\` and commit the result.\n`);
    return 1;
  }
  for (const page of pages.filter((p) => stale.includes(p.path))) {
    mkdirSync(dirname(join(root, page.path)), { recursive: true });
    writeFileSync(join(root, page.path), page.content);
    process.stdout.write(`wrote ${page.path}\n`);
  }
  for (const path of leftovers.generated) {
    rmSync(join(root, path));
    process.stdout.write(`removed ${path}\n`);
  }
  if (stale.length === 0 && leftovers.generated.length === 0) process.stdout.write(`${pages.length} pages up to date\n`);
  return 0;
}
