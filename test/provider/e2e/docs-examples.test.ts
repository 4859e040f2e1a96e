/**
 * The examples the provider's documentation shows (docs/resources/*.md are generated from
 * examples/resources/) apply as they stand against a new organization: a reader who copies
 * one, with the provider configured, gets every resource, not an error after half of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyplaneTerraform, type KeyplaneTerraform } from './keyplane-terraform.js';

const repoRoot = join(import.meta.dirname, '../../..');
let kt: KeyplaneTerraform;
beforeAll(async () => {
  kt = await startKeyplaneTerraform('docs-examples');
});
afterAll(async () => kt?.close());

describe('examples/resources/keyplane_api_key/resource.tf (docs/resources/api_key.md)', () => {
  it('applies in a new organization, and destroys', async () => {
    const dir = kt.workspace('api-key-example', readFileSync(join(repoRoot, 'examples/resources/keyplane_api_key/resource.tf'), 'utf8'));
    const init = await kt.terraform(dir, 'init', '-input=false');
    expect(init.code, init.stdout + init.stderr).toBe(0);
    const apply = await kt.terraform(dir, 'apply', '-auto-approve', '-input=false');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete! Resources: 4 added/);
    const destroy = await kt.terraform(dir, 'destroy', '-auto-approve', '-input=false');
    expect(destroy.code, destroy.stdout + destroy.stderr).toBe(0);
  });
});
