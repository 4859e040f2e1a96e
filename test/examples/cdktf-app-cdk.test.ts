/**
 * examples/cdktf-app/cdk.ts, the module through which the example takes App, TerraformStack and
 * TerraformOutput from cdktf or cdktn. It runs with tsx as the app's neighbour, in a temporary
 * directory whose node_modules is the repository's, which has both libraries: the choice is
 * cdk.ts's own, not forced by what is missing. (The example on each library, end to end, is
 * cdktf-app.test.ts.)
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { Cdk } from '../../examples/cdktf-app/cdk.js';
import { repoRoot, tsxCli } from './harness.js';

const execFileAsync = promisify(execFile);

/** An entry file beside cdk.ts, as main.ts is: prints what cdk.ts chose, and whose App it exports. */
const PROBE = `import { createRequire } from 'node:module';
import { App, cdkLibrary } from './cdk.js';
const load = createRequire(__filename);
const owner = ['cdktf', 'cdktn'].filter((name) => load(name).App === App);
console.log(JSON.stringify({ cdkLibrary, owner }));
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyplane-cdk-choice-'));
  copyFileSync(join(repoRoot, 'examples/cdktf-app/cdk.ts'), join(dir, 'cdk.ts'));
  writeFileSync(join(dir, 'probe.ts'), PROBE);
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function probe(cdkLibrary: string | undefined): Promise<{ cdkLibrary: string; owner: string[] }> {
  const env = { ...process.env, CDK_LIBRARY: cdkLibrary };
  if (cdkLibrary === undefined) delete env.CDK_LIBRARY;
  const { stdout } = await execFileAsync(process.execPath, [tsxCli, 'probe.ts'], { cwd: dir, env });
  return JSON.parse(stdout) as { cdkLibrary: string; owner: string[] };
}

describe('examples/cdktf-app/cdk.ts', () => {
  it('with CDK_LIBRARY unset, takes cdktf when both are installed (as keyplane/constructs does)', async () => {
    expect(await probe(undefined)).toEqual({ cdkLibrary: 'cdktf', owner: ['cdktf'] });
  });

  it.each(['cdktf', 'cdktn'])('with CDK_LIBRARY=%s, takes that library', async (name) => {
    expect(await probe(name)).toEqual({ cdkLibrary: name, owner: [name] });
  });

  it('refuses a CDK_LIBRARY it does not know, naming the variable and the values it takes', async () => {
    await expect(probe('cdk8s')).rejects.toThrow(/CDK_LIBRARY is "cdk8s": set it to cdktf or cdktn/);
  });

  it("describes what the app uses of either library with types both satisfy (so it type-checks with only one installed)", () => {
    expectTypeOf<Pick<typeof import('cdktf'), keyof Cdk>>().toExtend<Cdk>();
    expectTypeOf<Pick<typeof import('cdktn'), keyof Cdk>>().toExtend<Cdk>();
  });
});
