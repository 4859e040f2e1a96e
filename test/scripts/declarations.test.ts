/**
 * The two build steps that rewrite tsc's declarations for the package (the installed package's
 * tests type-check the result in real projects; these check the rewriting itself):
 * - scripts/build-construct-types.mjs points the constructs' imports of cdktf at cdk.d.ts,
 *   which declares each name used as cdktf's or, without cdktf, cdktn's;
 * - scripts/commonjs-declarations.mjs copies what an entry reaches as `.d.cts` files.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildConstructTypes } from '../../scripts/build-construct-types.mjs';
import { writeCommonJsDeclarations } from '../../scripts/commonjs-declarations.mjs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyplane-declarations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (path: string, text: string) => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
};
const read = (path: string) => readFileSync(join(dir, path), 'utf8');

describe('build-construct-types', () => {
  beforeEach(() => {
    write('key.d.ts', "import { TerraformOutput, type TerraformProvider } from 'cdktf';\nexport declare const out: TerraformOutput;\nexport declare const provider: TerraformProvider;\n");
    write(
      'generated/thing/index.d.ts',
      "import { Construct } from 'constructs';\nimport * as cdktf from 'cdktf';\nexport declare class Thing extends cdktf.TerraformResource {\n  constructor(scope: Construct, id: string);\n  name: string | cdktf.IResolvable;\n}\n",
    );
    write('plain.d.ts', "import { z } from 'zod';\nexport declare const schema: z.ZodString;\n");
  });

  it('points every import of cdktf at cdk.d.ts, relative to each file, and leaves other imports alone', () => {
    buildConstructTypes({ dir });
    expect(read('key.d.ts')).toContain("import { TerraformOutput, type TerraformProvider } from './cdk.js';");
    expect(read('generated/thing/index.d.ts')).toContain("import * as cdktf from '../../cdk.js';");
    expect(read('generated/thing/index.d.ts')).toContain("import { Construct } from 'constructs';");
    expect(read('plain.d.ts')).toContain("from 'zod'");
  });

  it('declares the names used, classes as a value and a type, interfaces as a type, each from cdktf or else cdktn', () => {
    expect(buildConstructTypes({ dir }).names).toEqual(['IResolvable', 'TerraformOutput', 'TerraformProvider', 'TerraformResource']);
    const bridge = read('cdk.d.ts');
    expect(bridge).toContain("import type * as builtWith from 'cdktf';");
    expect(bridge).toContain("import type * as alternative from 'cdktn';");
    expect(bridge).toContain('export declare const TerraformResource: Installed<typeof builtWith.TerraformResource, typeof alternative.TerraformResource>;');
    expect(bridge).toContain('export type TerraformResource = Installed<builtWith.TerraformResource, alternative.TerraformResource>;');
    expect(bridge).toContain('export type IResolvable = Installed<builtWith.IResolvable, alternative.IResolvable>;');
    expect(bridge).not.toContain('export declare const IResolvable');
  });

  it('gives the same files when run again on its own output', () => {
    buildConstructTypes({ dir });
    const first = ['key.d.ts', 'generated/thing/index.d.ts', 'cdk.d.ts'].map(read);
    expect(buildConstructTypes({ dir }).names).toHaveLength(4);
    expect(['key.d.ts', 'generated/thing/index.d.ts', 'cdk.d.ts'].map(read)).toEqual(first);
  });

  it('refuses a name that cdktf does not export, naming it', () => {
    write('odd.d.ts', "import type { NotACdkName } from 'cdktf';\nexport declare const odd: NotACdkName;\n");
    expect(() => buildConstructTypes({ dir })).toThrow(/'NotACdkName' is used by the constructs' declarations but not exported by cdktf/);
  });
});

describe('commonjs-declarations', () => {
  it('copies what the entry reaches as .d.cts, with relative specifiers naming .cjs files, and nothing else', async () => {
    write('src/index.d.ts', "export * as things from './things/index.js';\nexport { type Other } from './other.js';\nexport { z } from 'zod';\n");
    write('src/things/index.d.ts', 'export declare const thing: import("../typed.js").Typed;\n');
    write('src/typed.d.ts', 'export interface Typed { a: string }\n');
    write('src/other.d.ts', "import type { Typed } from './typed.js';\nexport type Other = Typed;\n");
    write('src/unused.d.ts', 'export declare const unused: 1;\n');

    const [entry] = await writeCommonJsDeclarations({ root: join(dir, 'src'), entries: [join(dir, 'src/index.d.ts')], outdir: join(dir, 'cjs') });

    expect(entry).toBe(join(dir, 'cjs/index.d.cts'));
    expect(read('cjs/index.d.cts')).toBe("export * as things from './things/index.cjs';\nexport { type Other } from './other.cjs';\nexport { z } from 'zod';\n");
    expect(read('cjs/things/index.d.cts')).toBe('export declare const thing: import("../typed.cjs").Typed;\n');
    expect(read('cjs/other.d.cts')).toBe("import type { Typed } from './typed.cjs';\nexport type Other = Typed;\n");
    expect(read('cjs/typed.d.cts')).toBe('export interface Typed { a: string }\n');
    expect(() => read('cjs/unused.d.cts')).toThrow(/ENOENT/);
  });
});
