#!/usr/bin/env node
/**
 * Generates the Terraform provider's documentation (Terraform Registry layout) from the
 * provider's own schema and from examples/:
 *
 *   node scripts/generate-provider-docs.mjs          # (re)write docs/index.md, docs/resources/, ...
 *   node scripts/generate-provider-docs.mjs --check  # exit 1 if a committed page is stale
 *
 * The provider definition (src/provider/provider.ts) is loaded from source through tsx: no
 * build, no terraform, no network, and exactly the schema the provider serves. The work is
 * done in scripts/provider-docs/ (TypeScript, type-checked with the rest).
 */
import { tsImport } from 'tsx/esm/api';

const { generateDocs } = await tsImport('./provider-docs/main.ts', import.meta.url);
process.exitCode = generateDocs(process.argv.slice(2));
