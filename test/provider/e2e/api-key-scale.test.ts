/**
 * Many keys at once, and an interrupted apply: 50 keys with -parallelism=10 (create, empty
 * plan, destroy revoking all), and Ctrl-C (SIGINT to terraform) in the middle of an apply of
 * 20 keys, after which every key the service holds is in the state: no orphan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceKeys, spawnTerraform, startDelayingProxy, startKeyplaneTerraform, stateKeyIds, type KeyplaneTerraform } from './keyplane-terraform.js';

let kt: KeyplaneTerraform;
beforeAll(async () => {
  kt = await startKeyplaneTerraform('scale');
});
afterAll(async () => kt?.close());

const sorted = (ids: string[]) => [...ids].sort();

async function keysNamed(prefix: string) {
  return (await serviceKeys(kt.service)).filter((k) => k.name.startsWith(prefix));
}

describe('keyplane_api_key at scale', () => {
  it('creates 50 keys with -parallelism=10, plans no change, and destroy revokes them all', async () => {
    const dir = kt.workspace(
      'fifty',
      `
resource "keyplane_api_key" "k" {
  count  = 50
  name   = "scale-\${count.index}"
  scopes = ["keys:verify"]
  ip_rule {
    action = "allow"
    cidr   = "10.\${count.index}.0.1/16"
  }
}
`,
    );
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const apply = await kt.terraform(dir, 'apply', '-auto-approve', '-parallelism=10');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/Resources: 50 added, 0 changed, 0 destroyed/);

    const created = await keysNamed('scale-');
    expect(created).toHaveLength(50);
    expect(sorted(await stateKeyIds(kt, dir))).toEqual(sorted(created.map((k) => k.id)));

    const plan = await kt.terraform(dir, 'plan', '-detailed-exitcode', '-parallelism=10');
    expect(plan.code, plan.stdout).toBe(0);

    const destroy = await kt.terraform(dir, 'destroy', '-auto-approve', '-parallelism=10');
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: 50 destroyed/);
    expect((await keysNamed('scale-')).filter((k) => k.status !== 'revoked')).toEqual([]);
  });

  it('leaves no orphan when the apply is interrupted with Ctrl-C', async () => {
    // Every request waits 400 ms, so the apply of 20 keys (4 at a time) is still running
    // when terraform gets SIGINT after the first key is made.
    const proxy = await startDelayingProxy(kt.service.url, 400);
    try {
      const dir = kt.workspace(
        'interrupted',
        `
resource "keyplane_api_key" "k" {
  count = 20
  name  = "interrupted-\${count.index}"
}
`,
      );
      expect((await kt.terraform(dir, 'init')).code).toBe(0);
      const run = spawnTerraform(kt, dir, ['apply', '-auto-approve', '-parallelism=4'], { KEYPLANE_ENDPOINT: proxy.url });
      const deadline = Date.now() + 30_000;
      while (!/Creation complete/.test(run.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      run.child.kill('SIGINT');
      const result = await run.exited;
      console.log(`[interrupted apply] exit ${result.code}\n${result.stdout}\n${result.stderr}`);
      expect(result.stdout).toMatch(/Interrupt received/);
      expect(result.code).not.toBe(0);

      const made = (await keysNamed('interrupted-')).filter((k) => k.status !== 'revoked');
      expect(made.length).toBeGreaterThan(0);
      expect(made.length).toBeLessThan(20);
      expect(sorted(await stateKeyIds(kt, dir))).toEqual(sorted(made.map((k) => k.id)));

      // The rest is made by the next apply; destroy then revokes everything.
      const apply = await kt.terraform(dir, 'apply', '-auto-approve');
      expect(apply.code, apply.stderr).toBe(0);
      expect(apply.stdout).toMatch(new RegExp(`Resources: ${20 - made.length} added, 0 changed, 0 destroyed`));
      expect((await kt.terraform(dir, 'destroy', '-auto-approve')).code).toBe(0);
      expect((await keysNamed('interrupted-')).filter((k) => k.status !== 'revoked')).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
