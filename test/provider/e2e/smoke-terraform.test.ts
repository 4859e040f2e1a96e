/**
 * End to end with the real terraform binary: the smoke provider (built on the protocol layer
 * alone) installed through a filesystem mirror; init, apply, a clean plan, destroy. Nothing is
 * mocked. The plan of the second resource carries unknown values, including a refined unknown
 * ("pre-" prefix) that Terraform sends as msgpack extension 12.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMirror, runTerraform, type Mirror, type TerraformResult } from '../../helpers/terraform.js';

const entry = fileURLToPath(new URL('../fixtures/smoke-provider.ts', import.meta.url));
let root: string;
let mirror: Mirror;
let socketDir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'keyplane-smoke-e2e-'));
  mirror = await makeMirror({ root, entry, type: 'smoke' });
  // go-plugin passes Terraform's environment on: provider sockets go here, so the test can
  // prove none is left behind.
  socketDir = join(root, 'sockets');
  mkdirSync(socketDir);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function workspace(name: string, mainTf: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'main.tf'),
    `terraform {
  required_providers {
    smoke = { source = "${mirror.source}" }
  }
}
${mainTf}`,
  );
  return dir;
}

async function terraform(dir: string, ...args: string[]): Promise<TerraformResult> {
  const result = await runTerraform(dir, [...args, '-no-color'], { ...mirror.env, PLUGIN_UNIX_SOCKET_DIR: socketDir });
  console.log(`[terraform ${args[0]}] exit ${result.code} in ${result.ms.toFixed(0)} ms`);
  expect(readdirSync(socketDir), 'provider processes must remove their sockets').toEqual([]);
  return result;
}

describe('smoke provider with terraform', () => {
  it('inits, applies, plans no changes, and destroys', async () => {
    const dir = workspace(
      'lifecycle',
      `
resource "smoke_echo" "a" {
  input = "hello"
}

resource "smoke_echo" "b" {
  input = "pre-\${smoke_echo.a.output}"
  tags  = { from = smoke_echo.a.id }
}

output "b" {
  value = smoke_echo.b.output
}
`,
    );

    const init = await terraform(dir, 'init');
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/Installed keyplane\/smoke v0\.0\.1/);

    const apply = await terraform(dir, 'apply', '-auto-approve');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete! Resources: 2 added, 0 changed, 0 destroyed/);
    expect(apply.stdout).toMatch(/input\s+= \(known after apply\)/); // b's input was unknown at plan time

    const output = await terraform(dir, 'output', '-raw', 'b');
    expect(output.stdout).toBe('echo: pre-echo: hello');

    // Refresh (ReadResource, UpgradeResourceState from JSON) and plan must find nothing to do.
    const plan = await terraform(dir, 'plan', '-detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/No changes/);

    const destroy = await terraform(dir, 'destroy', '-auto-approve');
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: 2 destroyed/);
  });

  it('shows a validation error at the attribute it is about', async () => {
    const dir = workspace(
      'invalid',
      `
resource "smoke_echo" "bad" {
  input = "two\\nlines"
}
`,
    );
    expect((await terraform(dir, 'init')).code).toBe(0);
    const validate = await terraform(dir, 'validate');
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(/Error: Invalid input/);
    expect(validate.stderr).toMatch(/with smoke_echo\.bad,\s+on main\.tf line 8, in resource "smoke_echo" "bad":\s+8:\s+input = "two\\nlines"/);
  });
});
