#!/usr/bin/env node
// Generates from openapi.yaml: src/api/schema.ts (types, with openapi-typescript) and
// src/api/operations.ts (what the client must know of each operation at run time, such as
// which POSTs change nothing). `--check` regenerates in memory and fails when a committed
// file differs, so a change to the contract without `npm run generate` cannot land.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

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

const operationsPath = path.join(root, 'src/api/operations.ts');
const operations = generateOperations(parse(await readFile(specPath, 'utf8')));

const outputs = [
  [outPath, generated],
  [operationsPath, operations],
];
if (process.argv.includes('--check')) {
  let stale = false;
  for (const [file, text] of outputs) {
    const committed = await readFile(file, 'utf8').catch(() => '');
    if (committed === text) continue;
    stale = true;
    console.error(`${path.relative(root, file)} is stale: it does not match openapi.yaml. Run \`npm run generate\` and commit the result.`);
  }
  if (stale) process.exit(1);
  console.log('src/api/schema.ts and src/api/operations.ts are up to date with openapi.yaml.');
} else {
  await mkdir(path.dirname(outPath), { recursive: true });
  for (const [file, text] of outputs) {
    await writeFile(file, text);
    console.log(`wrote ${path.relative(root, file)}`);
  }
}

/** The run-time facts of each operation: method, path template, and `x-keyplane-safe`. */
function generateOperations(document) {
  const rows = [];
  for (const [template, item] of Object.entries(document.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const operation = item?.[method];
      if (!operation) continue;
      rows.push(
        `  { operationId: '${operation.operationId}', method: '${method.toUpperCase()}', path: '${template}', safe: ${method === 'get' || operation['x-keyplane-safe'] === true} },`,
      );
    }
  }
  return `// Generated from openapi.yaml by scripts/generate-api-types.mjs.
// Do not edit: change openapi.yaml and run \`npm run generate\`.

/** What a client must know of an operation at run time. */
export interface OperationFacts {
  operationId: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  /** The contract's path template, e.g. \`/v1/keys/{key_id}\`. */
  path: string;
  /**
   * The operation changes nothing: a GET, or a POST marked \`x-keyplane-safe\` in the contract
   * (verification). It takes no Idempotency-Key, is never replayed, and may be sent again.
   */
  safe: boolean;
}

/** Every operation of openapi.yaml, in the contract's order. */
export const OPERATIONS: readonly OperationFacts[] = [
${rows.join('\n')}
];
`;
}
