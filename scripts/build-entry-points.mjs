#!/usr/bin/env node
/**
 * Builds what the package's `exports` point at besides tsc's ES modules, so that the package
 * works where users are:
 *
 *   dist/bundles/client.cjs        `require('keyplane')`: the typed client, CommonJS
 *   dist/bundles/constructs.cjs    `require('keyplane/constructs')`: the CDKTF constructs, CommonJS
 *   dist/bundles/constructs.mjs    `import ... from 'keyplane/constructs'`
 *   dist/bundles/middleware.cjs    `require('keyplane/middleware')`: the Node middleware, CommonJS
 *   dist/bundles/*.d.cts           types for the CommonJS entry points (copies of tsc's as
 *                                  CommonJS declarations, in dist/bundles/types: commonjs-declarations.mjs)
 *
 *   node scripts/build-entry-points.mjs                  # → dist/bundles/
 *   node scripts/build-entry-points.mjs --outdir <dir>   # somewhere else (tests stage a package)
 *
 * Node 20 cannot `require()` an ES module without a flag before 20.19, hence real CommonJS
 * builds rather than a pointer to the ES modules.
 *
 * The constructs are built on the CDK for Terraform of the user's app, never a copy of their
 * own: a construct tree, its tokens and its synthesis work only when every construct comes
 * from the same `cdktf` and `constructs` as the app's `App` and `TerraformStack`. Both are
 * peer dependencies, `constructs` and everything else stays external, and every import of
 * `cdktf` (ours, the generated bindings' and those of the hashicorp/null bindings bundled in)
 * goes through one small module that loads the app's: `cdktf`, or CDK Terrain (`cdktn`, its
 * successor with the same API) where that is what the project has.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { writeCommonJsDeclarations } from './commonjs-declarations.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The default output directory. */
export const DEFAULT_OUTDIR = join(repoRoot, 'dist/bundles');

/**
 * The module every `cdktf` import of the constructs resolves to. It picks the app's CDK:
 * the one already loaded (the app imports it before our constructs, as apps do), otherwise
 * whichever is installed, cdktf first.
 */
const CDK_MODULE = `'use strict';
const names = ['cdktf', 'cdktn'];
const found = [];
for (const name of names) {
  try { found.push({ name, file: require.resolve(name) }); } catch {}
}
if (found.length === 0) {
  throw new Error("keyplane/constructs needs a CDK in your project: npm install cdktn constructs (CDK Terrain) or npm install cdktf constructs (CDK for Terraform)");
}
const chosen = found.find((candidate) => require.cache[candidate.file] !== undefined) ?? found[0];
module.exports = require(chosen.name);
`;

/** Resolves `cdktf` to {@link CDK_MODULE}; leaves every other package to the user's install. */
const dependencies = (bundled) => ({
  name: 'keyplane-dependencies',
  setup(b) {
    b.onResolve({ filter: /^cdktf$/ }, (args) => (args.namespace === 'keyplane-cdk' ? { path: 'cdktf', external: true } : { path: 'cdktf', namespace: 'keyplane-cdk' }));
    b.onResolve({ filter: /^cdktn$/ }, () => ({ path: 'cdktn', external: true }));
    b.onLoad({ filter: /.*/, namespace: 'keyplane-cdk' }, () => ({ contents: CDK_MODULE, loader: 'js', resolveDir: repoRoot }));
    b.onResolve({ filter: /^[^./]/ }, (args) => (bundled.some((prefix) => args.path.startsWith(prefix)) ? undefined : { path: args.path, external: true }));
  },
});

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'error',
};

/** Builds the bundles into `outdir`. */
export async function buildEntryPoints({ outdir = DEFAULT_OUTDIR } = {}) {
  await mkdir(outdir, { recursive: true });
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(repoRoot, 'src/index.ts')],
      outfile: join(outdir, 'client.cjs'),
      format: 'cjs',
      // openapi-fetch (a few kB) is bundled from its ES module: required from outside, its
      // CommonJS build's default export would need interop that Node's import does not.
      plugins: [dependencies(['openapi-fetch'])],
    }),
    build({
      ...common,
      entryPoints: [join(repoRoot, 'src/middleware/index.ts')],
      outfile: join(outdir, 'middleware.cjs'),
      format: 'cjs',
      plugins: [dependencies(['openapi-fetch'])],
    }),
    build({
      ...common,
      entryPoints: [join(repoRoot, 'constructs/index.ts')],
      outfile: join(outdir, 'constructs.cjs'),
      format: 'cjs',
      // Only two of its classes are used (VerificationRunner.nullResource()); bundled, they use the app's cdktf too.
      plugins: [dependencies(['@cdktf/provider-null/'])],
    }),
    build({
      ...common,
      entryPoints: [join(repoRoot, 'constructs/index.ts')],
      outfile: join(outdir, 'constructs.mjs'),
      format: 'esm',
      // The CDK is CommonJS and chosen at run time: the module above needs `require`.
      banner: { js: "import { createRequire as __keyplaneCreateRequire } from 'node:module';\nconst require = __keyplaneCreateRequire(import.meta.url);" },
      plugins: [dependencies(['@cdktf/provider-null/'])],
    }),
  ]);
  const declarations = join(repoRoot, 'dist');
  await rm(join(outdir, 'types'), { recursive: true, force: true }); // no copy of a declaration the sources lost
  const entries = { client: 'src/index.d.ts', constructs: 'constructs/index.d.ts', middleware: 'src/middleware/index.d.ts' };
  const copies = await writeCommonJsDeclarations({ root: declarations, entries: Object.values(entries).map((entry) => join(declarations, entry)), outdir: join(outdir, 'types') });
  await Promise.all(
    Object.keys(entries).map((name, index) => {
      const specifier = `./${relative(outdir, copies[index]).replace(/\.d\.cts$/, '.cjs')}`;
      return writeFile(join(outdir, `${name}.d.cts`), `export * from '${specifier}';\n`);
    }),
  );
  return { outdir };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  const { outdir } = await buildEntryPoints({ outdir: values.outdir ? resolve(values.outdir) : undefined });
  process.stdout.write(`keyplane entry points (CommonJS client and constructs, ES module constructs) → ${outdir}\n`);
}
