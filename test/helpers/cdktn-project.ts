/**
 * A user's project on CDK Terrain (`cdktn`, the continuation of CDK for Terraform) instead of
 * cdktf: seeded from the run's installed package (installed-package.ts), with cdktf taken out
 * of its package.json and cdktn added at the repository's own version, then `npm install`
 * (from npm's cache, where the repository's install put that version). npm prunes cdktf, so
 * nothing in the project can quietly fall back to it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, seedProject, userEnv } from './installed-package.js';
import { REPO_ROOT } from './process.js';

/** The version of `name` in the repository's node_modules (what the tests install for users). */
export function repositoryVersion(name: 'cdktf' | 'cdktn' | 'constructs'): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Makes the project in `dir` (see the file's header); resolves to `dir`. */
export async function seedCdktnProject(dir: string, packageJson: Record<string, unknown> = {}): Promise<string> {
  await seedProject(dir, packageJson);
  const file = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { dependencies: Record<string, string> };
  delete pkg.dependencies.cdktf;
  pkg.dependencies.cdktn = repositoryVersion('cdktn');
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  await run('npm', ['install', '--prefer-offline'], { cwd: dir, env: userEnv(), timeoutMs: 300_000 });
  if (existsSync(join(dir, 'node_modules/cdktf'))) throw new Error(`${dir}: npm left cdktf installed; the project must have cdktn only`);
  return dir;
}
