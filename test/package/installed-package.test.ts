/**
 * The package outside the repository, as a user has it after `npm install keyplane`: packed
 * with `npm pack`, installed from the tarball into projects in a temporary directory (see
 * test/helpers/installed-package.ts), and used from there only.
 *
 * - CommonJS: `require('keyplane')` talks to a real service; `require('keyplane/constructs')`
 *   synthesizes a stack with the project's cdktf.
 * - ES modules: the same with `import`.
 * - CDK Terrain: the constructs synthesize with cdktn (cdktf's continuation) and no cdktf
 *   installed; with both installed, they build on the one the app imported.
 * - TypeScript: both entry points type-check from a CommonJS (.cts) and an ES module (.mts) file,
 *   with the project's cdktf or cdktn alone, without skipLibCheck.
 * - The bins: `npx --no keyplane` (the CLI, the service), and `terraform-provider-keyplane`,
 *   which explains itself when run by hand and answers go-plugin's handshake when started as
 *   Terraform starts it.
 * - The install itself: no engine warnings on Node 20.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../../src/provider/protocol/certificate.js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../src/provider/protocol/handshake.js';
import { repositoryVersion, seedCdktnProject } from '../helpers/cdktn-project.js';
import { installedPackage, run, seedProject, startBackgroundService, userEnv, type BackgroundService, type InstalledPackage } from '../helpers/installed-package.js';
import { REPO_ROOT } from '../helpers/process.js';

let installed: InstalledPackage;
let root: string;
let cjs: string;
let esm: string;
let service: BackgroundService;

beforeAll(async () => {
  installed = await installedPackage();
  root = join(installed.project, '..', 'package-test');
  [cjs, esm] = await Promise.all([seedProject(join(root, 'cjs'), { type: 'commonjs' }), seedProject(join(root, 'esm'), { type: 'module' })]);
  service = await startBackgroundService(`npx --no keyplane serve --database ${join(root, 'keyplane.db')} --log-level warn`, cjs, userEnv());
}, 900_000);
afterAll(async () => {
  await service?.stop();
});

const node = (cwd: string, file: string, env: Record<string, string> = {}) => run(process.execPath, [file], { cwd, env: userEnv(env) });

/** Checks the client against the service: prints who the admin key is. */
const clientScript = (load: string) => `${load}
const client = createKeyplaneClient({ endpoint: process.env.KEYPLANE_ENDPOINT, apiKey: process.env.KEYPLANE_API_KEY });
client.api.GET('/v1/myself').then(unwrap).then((me) => console.log(JSON.stringify({ organization: me.organization.slug, scopes: me.effective_scopes })));
`;

/** Synthesizes one key with the constructs and prints the resource types of the stack. */
const constructsScript = (load: string) => `${load}
const app = new App({ outdir: process.env.OUTDIR });
const stack = new TerraformStack(app, 'keys');
KeyplaneProvider.fromEnvironment(stack);
const catalog = new ScopeCatalog(stack, 'Scopes');
const read = catalog.addScope('read');
new ApiKey(stack, 'CrmSync', { name: 'CRM Sync', scopes: [read], ipRules: [IpRule.allow('203.0.113.0/24')], expiry: Expiry.after({ days: 30 }) });
app.synth();
const synthesized = JSON.parse(require('node:fs').readFileSync(require('node:path').join(process.env.OUTDIR, 'stacks/keys/cdk.tf.json'), 'utf8'));
console.log(JSON.stringify({ resources: Object.keys(synthesized.resource).sort(), version: synthesized['//'].metadata.version }));
`;

/** The stack holds the key and the scope, and was synthesized by `library` (its version is in the stack's metadata). */
function expectSynthesized(stdout: string, library: 'cdktf' | 'cdktn' = 'cdktf') {
  expect(repositoryVersion('cdktf')).not.toBe(repositoryVersion('cdktn'));
  expect(JSON.parse(stdout.trim())).toEqual({ resources: ['keyplane_api_key', 'keyplane_scope'], version: repositoryVersion(library) });
}

describe('the installed package', () => {
  it('installs on Node 20 without engine warnings (no dependency that needs a newer Node)', () => {
    expect(installed.installLog).not.toMatch(/EBADENGINE/);
  });

  describe('from CommonJS', () => {
    it("require('keyplane'): the typed client works against the service", async () => {
      writeFileSync(join(cjs, 'client.js'), clientScript("const { createKeyplaneClient, unwrap } = require('keyplane');"));
      const { stdout } = await node(cjs, 'client.js', { KEYPLANE_ENDPOINT: service.url, KEYPLANE_API_KEY: service.adminKey });
      expect(JSON.parse(stdout)).toMatchObject({ organization: 'default', scopes: expect.arrayContaining(['admin']) });
    });

    it("require('keyplane/middleware'): the middleware refuses a request without a key, as it would in an Express app", async () => {
      writeFileSync(
        join(cjs, 'middleware.js'),
        `const { keyplaneMiddleware } = require('keyplane/middleware');
const keyplane = keyplaneMiddleware({ endpoint: process.env.KEYPLANE_ENDPOINT, apiKey: process.env.KEYPLANE_API_KEY });
keyplane.verify(new Request('http://api.example/reports')).then(async (outcome) => {
  console.log(JSON.stringify({ status: outcome.response?.status, code: (await outcome.response?.json())?.code }));
});
`,
      );
      const { stdout } = await node(cjs, 'middleware.js', { KEYPLANE_ENDPOINT: service.url, KEYPLANE_API_KEY: service.adminKey });
      expect(JSON.parse(stdout)).toEqual({ status: 401, code: 'MISSING_KEY' });
    });

    it("require('keyplane/constructs') synthesizes with the project's cdktf", async () => {
      writeFileSync(
        join(cjs, 'synth.js'),
        constructsScript("const { App, TerraformStack } = require('cdktf');\nconst { ApiKey, Expiry, IpRule, KeyplaneProvider, ScopeCatalog } = require('keyplane/constructs');"),
      );
      const { stdout } = await node(cjs, 'synth.js', { OUTDIR: join(cjs, 'cdktf.out'), KEYPLANE_ENDPOINT: service.url });
      expectSynthesized(stdout);
    });
  });

  describe('from ES modules', () => {
    it("import from 'keyplane': the typed client works against the service", async () => {
      writeFileSync(join(esm, 'client.js'), clientScript("import { createKeyplaneClient, unwrap } from 'keyplane';"));
      const { stdout } = await node(esm, 'client.js', { KEYPLANE_ENDPOINT: service.url, KEYPLANE_API_KEY: service.adminKey });
      expect(JSON.parse(stdout)).toMatchObject({ organization: 'default' });
    });

    it("import from 'keyplane/constructs' synthesizes with the project's cdktf", async () => {
      writeFileSync(
        join(esm, 'synth.js'),
        constructsScript(
          "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nimport { App, TerraformStack } from 'cdktf';\nimport { ApiKey, Expiry, IpRule, KeyplaneProvider, ScopeCatalog } from 'keyplane/constructs';",
        ),
      );
      const { stdout } = await node(esm, 'synth.js', { OUTDIR: join(esm, 'cdktf.out'), KEYPLANE_ENDPOINT: service.url });
      expectSynthesized(stdout);
    });
  });

  it('the constructs work with CDK Terrain (cdktn) in a project without cdktf, from CommonJS and ES modules', async () => {
    const dir = await seedCdktnProject(join(root, 'cdktn'));
    await expect(run(process.execPath, ['-e', "require.resolve('cdktf')"], { cwd: dir })).rejects.toThrow(/Cannot find module 'cdktf'/);

    writeFileSync(
      join(dir, 'synth.cjs'),
      constructsScript("const { App, TerraformStack } = require('cdktn');\nconst { ApiKey, Expiry, IpRule, KeyplaneProvider, ScopeCatalog } = require('keyplane/constructs');"),
    );
    expectSynthesized((await node(dir, 'synth.cjs', { OUTDIR: join(dir, 'out-cjs'), KEYPLANE_ENDPOINT: service.url })).stdout, 'cdktn');
    writeFileSync(
      join(dir, 'synth.mjs'),
      constructsScript(
        "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nimport { App, TerraformStack } from 'cdktn';\nimport { ApiKey, Expiry, IpRule, KeyplaneProvider, ScopeCatalog } from 'keyplane/constructs';",
      ),
    );
    expectSynthesized((await node(dir, 'synth.mjs', { OUTDIR: join(dir, 'out-esm'), KEYPLANE_ENDPOINT: service.url })).stdout, 'cdktn');
  });

  it('with cdktf and cdktn both installed (a project moving over), the constructs build on the one the app imported', async () => {
    // The cdktn project's node_modules plus cdktf from the installed project's (hard links).
    const dir = await seedCdktnProject(join(root, 'both'));
    await run('cp', ['-al', join(installed.project, 'node_modules/cdktf'), join(dir, 'node_modules/cdktf')], { cwd: dir });
    const load = (library: string) => `const { App, TerraformStack } = require('${library}');\nconst { ApiKey, Expiry, IpRule, KeyplaneProvider, ScopeCatalog } = require('keyplane/constructs');`;
    for (const library of ['cdktn', 'cdktf'] as const) {
      writeFileSync(join(dir, `synth-${library}.cjs`), constructsScript(load(library)));
      expectSynthesized((await node(dir, `synth-${library}.cjs`, { OUTDIR: join(dir, `out-cjs-${library}`), KEYPLANE_ENDPOINT: service.url })).stdout, library);
    }
    // ES modules evaluate imports in order: the app's CDK first, then the constructs.
    writeFileSync(
      join(dir, 'synth.mjs'),
      constructsScript(
        "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nimport { App, TerraformStack } from 'cdktn';\nimport { ApiKey, Expiry, IpRule, KeyplaneProvider, ScopeCatalog } from 'keyplane/constructs';",
      ),
    );
    expectSynthesized((await node(dir, 'synth.mjs', { OUTDIR: join(dir, 'out-esm'), KEYPLANE_ENDPOINT: service.url })).stdout, 'cdktn');
  });

  it('without a CDK, keyplane/constructs says what to install for either', async () => {
    const dir = join(root, 'no-cdk');
    mkdirSync(dir);
    // The package alone: its node_modules without cdktf (hard links of the installed project's).
    await seedProject(dir);
    await run('rm', ['-rf', join(dir, 'node_modules/cdktf')], { cwd: dir });
    const failed = run(process.execPath, ['-e', "require('keyplane/constructs')"], { cwd: dir });
    await expect(failed).rejects.toThrow(/keyplane\/constructs needs a CDK in your project: npm install cdktn constructs \(CDK Terrain\) or npm install cdktf constructs \(CDK for Terraform\)/);
    // The client and the CLI do not need it.
    await run(process.execPath, ['-e', "require('keyplane')"], { cwd: dir });
  });

  it('type-checks without skipLibCheck: both entry points from CommonJS (.cts) and ES modules (.mts), on cdktf and on cdktn alone', async () => {
    // The CDK's own types reach the user through the constructs' (a resource is the
    // project's TerraformResource, its count is checked), whichever of the two is installed.
    const source = (cdk: 'cdktf' | 'cdktn') => `import { createKeyplaneClient } from 'keyplane';
import { ApiKey, IpRule, type ApiKeyProps, type IpRuleSpec } from 'keyplane/constructs';
import { App, TerraformStack, type TerraformResource } from '${cdk}';
const client = createKeyplaneClient({ endpoint: 'http://127.0.0.1:8080', apiKey: 'nm_x' });
export const listed: Promise<unknown> = client.api.GET('/v1/keys');
export const rule: IpRuleSpec = { action: 'allow', cidr: '10.0.0.0/8' };
export const props: ApiKeyProps = { name: 'CRM Sync', ipRules: [IpRule.allow('10.0.0.0/8'), rule] };
// @ts-expect-error: the contract's types reach the user: an IP rule's action is allow or deny
export const wrong: IpRuleSpec = { action: 'permit', cidr: '10.0.0.0/8' };
const key = new ApiKey(new TerraformStack(new App(), 'typed'), 'Key', props);
export const resource: TerraformResource = key.resource;
// @ts-expect-error: a resource's count is a number or a TerraformCount
key.resource.count = 'three';
`;
    const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022'];
    const cdktn = await seedCdktnProject(join(root, 'cdktn-types'));
    for (const [dir, cdk] of [[cjs, 'cdktf'], [esm, 'cdktf'], [cdktn, 'cdktn']] as const) {
      for (const file of ['typed.cts', 'typed.mts']) writeFileSync(join(dir, file), source(cdk));
      await run(process.execPath, [tsc, ...flags, 'typed.cts', 'typed.mts'], { cwd: dir });
    }
  });

  describe('the bins', () => {
    it('`npx --no -- keyplane --help` runs the installed CLI', async () => {
      // Without `--`, npx takes a --help right after the name as its own.
      const { stdout, stderr } = await run('npx', ['--no', '--', 'keyplane', '--help'], { cwd: cjs });
      expect(stdout + stderr).toMatch(/Usage: keyplane <command>/);
    });

    it('`npx --no keyplane serve` ran the service from the package (the admin key it printed works)', async () => {
      const response = await fetch(`${service.url}/v1/myself`, { headers: { 'X-API-Key': service.adminKey } });
      expect(response.status).toBe(200);
    });

    it('`keyplane serve` without better-sqlite3 built (no allowScripts entry) says how to allow it', async () => {
      const dir = join(root, 'no-allow-scripts');
      await seedProject(dir);
      // What npm 11 leaves when it skipped the install script: the package without its build.
      await run('rm', ['-rf', join(dir, 'node_modules/better-sqlite3/build')], { cwd: dir });
      const failed = run('npx', ['--no', 'keyplane', 'serve', '--port', '0', '--database', join(dir, 'k.db')], { cwd: dir, timeoutMs: 60_000 });
      await expect(failed).rejects.toThrow(/keyplane serve: could not start: the SQLite driver \(better-sqlite3\) has no native module built .*npm install-scripts approve better-sqlite3 && npm rebuild better-sqlite3/s);
    });

    it('terraform-provider-keyplane run by hand explains that Terraform starts it', async () => {
      const failed = run('npx', ['--no', 'terraform-provider-keyplane'], { cwd: cjs });
      await expect(failed).rejects.toThrow(/This executable is a Terraform provider plugin\. It is started by Terraform/);
    });

    it('terraform-provider-keyplane answers the handshake when started as Terraform starts it', async () => {
      const clientCert = createSelfSignedCertificate({ purpose: 'client' });
      const child = spawn(join(cjs, 'node_modules/.bin/terraform-provider-keyplane'), [], {
        cwd: cjs,
        env: userEnv({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: clientCert.certPem, PLUGIN_UNIX_SOCKET_DIR: root }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const line = await new Promise<string>((resolve, reject) => {
          let out = '';
          let err = '';
          child.stdout!.setEncoding('utf8').on('data', (c: string) => {
            out += c;
            if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
          });
          child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
          child.once('exit', (code) => reject(new Error(`the provider exited (${code}) before the handshake: ${err}`)));
        });
        expect(line).toMatch(/^1\|6\|unix\|\/\S+\|grpc\|[A-Za-z0-9+/]+$/);
      } finally {
        child.kill('SIGKILL');
      }
    });
  });
});
