/**
 * Terraform's own test runner over test/terraform/ (`*.tftest.hcl`): the real service, the
 * provider installed through the filesystem mirror, `terraform init` and `terraform test`.
 * The folder is copied to a temporary directory first, so that init's `.terraform/` and lock
 * file never land in the source tree. Every run must pass (their number is counted from the
 * test files), the teardown must leave the service clean, and the file under provider-errors/
 * must fail with the provider's own plan-time diagnostic.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/client/index.js';
import { serviceKeys, startKeyplaneTerraform, type KeyplaneTerraform } from './keyplane-terraform.js';

const source = fileURLToPath(new URL('../../terraform/', import.meta.url));

let kt: KeyplaneTerraform;
let dir: string;

beforeAll(async () => {
  kt = await startKeyplaneTerraform('tftest');
  dir = join(kt.root, 'suite');
  // Skip what a run by hand may have left (init's files, local state).
  cpSync(source, dir, { recursive: true, filter: (path) => !/(^|\/)(\.terraform(\.lock\.hcl)?|terraform\.tfstate[^/]*)$/.test(path) });
  const init = await kt.terraform(dir, 'init', '-test-directory=provider-errors');
  expect(init.code, init.stdout + init.stderr).toBe(0);
});
afterAll(async () => kt?.close());

/** The `run` blocks of the suite's test files (the folder itself; provider-errors/ is apart). */
function runBlocks(): { file: string; name: string }[] {
  return readdirSync(source)
    .filter((f) => f.endsWith('.tftest.hcl'))
    .flatMap((file) => [...readFileSync(join(source, file), 'utf8').matchAll(/^run "([^"]+)"/gm)].map((m) => ({ file, name: m[1]! })));
}

describe('terraform test', () => {
  it('passes every run of test/terraform/*.tftest.hcl, and the teardown leaves the service clean', async () => {
    const runs = runBlocks();
    expect(runs.length).toBeGreaterThanOrEqual(7);
    const result = await kt.terraform(dir, 'test');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Success! ${runs.length} passed, 0 failed\\.`));
    for (const run of runs) expect(result.stdout, `${run.file}: ${run.name}`).toMatch(new RegExp(`run "${run.name}"\\.\\.\\. pass`));

    // Teardown destroyed what the runs made: every key but the provider's own is revoked, and
    // the catalog has no scopes left.
    const active = (await serviceKeys(kt.service)).filter((k) => k.status !== 'revoked' && k.id !== kt.service.adminKeyId);
    expect(active.map((k) => k.name)).toEqual([]);
    const scopes = unwrap(await kt.service.client().api.GET('/v1/scopes')).data.filter((s) => !s.built_in);
    expect(scopes.map((s) => s.name)).toEqual([]);
  });

  it("fails a bad CIDR with the provider's own plan-time diagnostic (provider-errors/)", async () => {
    const result = await kt.terraform(dir, 'test', '-test-directory=provider-errors', '-filter=provider-errors/bad_cidr.tftest.hcl');
    expect(result.code).toBe(1);
    const output = (result.stdout + result.stderr).replace(/\s+/g, ' ');
    expect(output).toMatch(/run "provider_refuses_a_bad_cidr_at_plan"\.\.\. fail/);
    expect(output).toMatch(/Error: Invalid IP rule with keyplane_api_key\.bad_cidr, on provider-errors\/module\/main\.tf line \d+/);
    expect(output).toMatch(/"10\.0\.0\.300\/24" is not a valid IPv4 or IPv6 address or CIDR block/);
    expect(output).toMatch(/0 passed, 1 failed/);
  });
});
