#!/usr/bin/env node
// Generates src/api/schema.ts from openapi.yaml with openapi-typescript.
// `--check` regenerates in memory and fails when the committed file differs, so a change to
// the contract without `npm run generate` cannot land.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const specPath = path.join(root, 'openapi.yaml');
const outPath = path.join(root, 'src/api/schema.ts');

const banner = `// Generated from openapi.yaml by scripts/generate-api-types.mjs (openapi-typescript).
// Do not edit: change openapi.yaml and run \`npm run generate\`.
`;

const ast = await openapiTS(new URL(`file://${specPath}`), {
  alphabetize: false,
  exportType: false,
  // A `default` in a request schema means "optional, and this is what you get": keep such
  // fields optional in the types instead of required.
  defaultNonNullable: false,
});
const generated = banner + '\n' + astToString(ast);

if (process.argv.includes('--check')) {
  const committed = await readFile(outPath, 'utf8').catch(() => '');
  if (committed !== generated) {
    console.error(
      'src/api/schema.ts is stale: it does not match openapi.yaml. Run `npm run generate` and commit the result.',
    );
    process.exit(1);
  }
  console.log('src/api/schema.ts is up to date with openapi.yaml.');
} else {
  await mkdir(path.dirname(outPath), { recursive: true });
  await writeFile(outPath, generated);
  console.log(`wrote ${path.relative(root, outPath)}`);
}
