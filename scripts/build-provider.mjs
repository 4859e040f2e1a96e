#!/usr/bin/env node
/**
 * Bundles the Terraform provider (src/provider/main.ts) into one CommonJS file:
 *
 *   node scripts/build-provider.mjs                       # → dist/provider/terraform-provider-keyplane.cjs
 *   node scripts/build-provider.mjs --outfile path.cjs    # somewhere else (tests)
 *   node scripts/build-provider.mjs --entry x.ts --outfile y.cjs  # another provider entry (test fixtures)
 *
 * One file because Terraform starts the provider several times per command and start-up is
 * the main cost of small runs: no module resolution, one read, one parse. The version of
 * package.json is written in. The output is deterministic for given sources and esbuild
 * version, which keeps the `h1:` hash Terraform records for the mirror stable per version.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundle's default location (the CLI's `keyplane terraform install` looks there). */
export const DEFAULT_OUTFILE = join(repoRoot, 'dist/provider/terraform-provider-keyplane.cjs');

/** Builds the bundle; resolves with its path and the version written in. */
export async function buildProvider({ outfile = DEFAULT_OUTFILE, entry = join(repoRoot, 'src/provider/main.ts') } = {}) {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    // Runnable as the package's `terraform-provider-keyplane` bin (it then explains that Terraform starts it).
    banner: { js: '#!/usr/bin/env node' },
    define: { 'process.env.KEYPLANE_PROVIDER_BUILD_VERSION': JSON.stringify(version) },
    logLevel: 'error',
  });
  return { outfile, version };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { outfile: { type: 'string' }, entry: { type: 'string' } } });
  const { outfile, version } = await buildProvider({
    outfile: values.outfile ? resolve(values.outfile) : undefined,
    entry: values.entry ? resolve(values.entry) : undefined,
  });
  process.stdout.write(`terraform-provider-keyplane ${version} → ${outfile}\n`);
}
