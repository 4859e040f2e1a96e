/**
 * `keyplane/middleware` as a user gets it: the package's `exports` entry points at what the
 * build emits, the built module loads in plain Node by the package's own name and exports the
 * documented names, and it loads nothing of the server but the pure credentials.ts (so a
 * user's process never pulls Keyplane's server, store or framework).
 */

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

const EXPORTED = ['KeyplaneConfigError', 'keyplaneExpress', 'keyplaneFastify', 'keyplaneMiddleware'];

/** Relative modules `file` loads at run time (type-only imports and exports are erased). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of source.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm)) {
    if (!m[1]) found.push(m[2]!);
  }
  return found;
}

describe('the import graph of src/middleware', () => {
  it('reaches no server, store, CLI or provider module but credentials.ts, and no framework at run time', () => {
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const specifier of runtimeImports(file)) {
        if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
        else bare.add(specifier);
      }
    };
    visit(join(repoRoot, 'src/middleware/index.ts'));
    const files = [...seen].map((f) => relative(repoRoot, f)).sort();
    const outside = files.filter((f) => !/^src\/(middleware|client|core|api)\//.test(f));
    expect(outside).toEqual(['src/server/auth/credentials.ts']);
    expect(runtimeImports(join(repoRoot, 'src/server/auth/credentials.ts'))).toEqual([]);
    expect([...bare].sort()).toEqual(['ipaddr.js', 'openapi-fetch']);
  });
});

describe('package.json exports ./middleware', () => {
  let dir: string;
  beforeAll(async () => {
    // The build's own options (tsconfig.build.json), for src/middleware and what it imports,
    // into a throwaway package beside the real one: the shared dist/ is left alone.
    dir = mkdtempSync(join(tmpdir(), 'keyplane-middleware-entry-'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(repoRoot, 'tsconfig.build.json'),
        compilerOptions: { rootDir: repoRoot, outDir: join(dir, 'dist'), sourceMap: false, typeRoots: [join(repoRoot, 'node_modules/@types')] },
        include: [join(repoRoot, 'src/middleware')],
        exclude: [],
      }),
    );
    writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson));
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await promisify(execFile)(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')]);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('points its types and import conditions at what the build emits', () => {
    const entry = packageJson.exports['./middleware'];
    // `{ types, import }`, or `{ import: { types, default } }` once other conditions sit beside it.
    const types: string = typeof entry.import === 'string' ? entry.types : entry.import.types;
    const module: string = typeof entry.import === 'string' ? entry.import : entry.import.default;
    expect({ types, module }).toEqual({ types: './dist/src/middleware/index.d.ts', module: './dist/src/middleware/index.js' });
    expect(existsSync(join(dir, types))).toBe(true);
    expect(existsSync(join(dir, module))).toBe(true);
    expect(packageJson.files).toContain('dist/src');
  });

  it("resolves import('keyplane/middleware') by the package's name, in plain Node, with the documented exports", async () => {
    const script = "const m = await import('keyplane/middleware'); console.log(JSON.stringify(Object.keys(m).sort()));";
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual(EXPORTED);
  });
});
