#!/usr/bin/env node
/**
 * Generates the CDKTF bindings of Keyplane's own Terraform provider into constructs/generated/:
 *
 *   node scripts/generate-cdktf-bindings.mjs                 # (re)write constructs/generated/
 *   node scripts/generate-cdktf-bindings.mjs --check         # exit 1 if the committed bindings are stale
 *   node scripts/generate-cdktf-bindings.mjs --schema FILE   # from a saved `terraform providers schema -json`
 *
 * The schema comes from the provider as Terraform sees it: src/provider/main.ts bundled into a
 * temporary directory, installed into a temporary filesystem mirror by the function behind
 * `keyplane terraform install`, `terraform init` and `terraform providers schema -json`. No
 * network, nothing written outside constructs/generated/. The work is done in
 * scripts/cdktf-bindings/ (TypeScript, type-checked with the rest).
 */
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('./cdktf-bindings/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
