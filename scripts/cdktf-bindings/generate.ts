/**
 * CDKTF bindings from a provider schema, as files ready for constructs/generated/.
 *
 * The code is @cdktf/provider-generator's, unchanged in substance. Three mechanical fix-ups
 * make it compile under this repository's tsconfig (ESM, NodeNext, strict), each the same on
 * every run, so the output is deterministic for a given schema and generator version:
 * - relative module specifiers get their `.js` (`'./api-key'` → `'./api-key/index.js'`),
 *   which NodeNext requires;
 * - `override` is added where a generated member overrides its cdktf base class
 *   (`noImplicitOverride`), by TypeScript's own quick fix, at the places the compiler names;
 * - `lazy-index.ts` (CommonJS `require` getters, not valid in an ES module) and the per-resource
 *   READMEs (links to a public registry page that does not exist) are left out.
 * The result is type-checked with the repository's compiler options; any remaining error fails
 * the generation, so bindings that do not compile are never written.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { devNull, tmpdir } from 'node:os';
import { dirname, join, posix, relative, sep } from 'node:path';
import ts from 'typescript';
import type { ProvidersSchema } from './provider-schema.js';

const require = createRequire(import.meta.url);

/** One generated file; `path` is relative to the output directory, with `/` separators. */
export interface GeneratedFile {
  path: string;
  content: string;
}

// The generator's entry point (`generateProviderBindingsFromSchema` in @cdktf/provider-generator)
// is three lines around these two classes, but its module resolves jsii-pacmak and jsii (the
// compilers for other languages, several hundred MB that cdktf-cli brings) when it is loaded.
// This is the same three lines without the load.
interface CodeMakerLike {
  save(outdir: string): Promise<unknown>;
}
interface ProviderGeneratorLike {
  generateAll(): void;
}
type GeneratorModule = { TerraformProviderGenerator: new (code: CodeMakerLike, schema: ProvidersSchema) => ProviderGeneratorLike };
type CodeMakerModule = { CodeMaker: new () => CodeMakerLike };

/** The generator's version, written into every file's banner. */
export function generatorVersion(): string {
  return (require('@cdktf/provider-generator/package.json') as { version: string }).version;
}

/** Where the generator puts a provider's files inside its output directory. */
const PROVIDER_DIR = 'providers/keyplane';
const LEFT_OUT = new Set(['lazy-index.ts', 'README.md']);

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out.sort();
}

/**
 * Loading the generator runs `terraform version -json` once (@cdktf/commons asks for it
 * eagerly, for its debug output) and logs terraform's complaints about the CLI configuration as
 * an ERROR. The answer is never used: give that one probe an empty configuration. The spawn
 * happens while the module loads, so the variable is restored right after.
 */
function loadQuietly<T>(load: () => T): T {
  const saved = process.env.TF_CLI_CONFIG_FILE;
  process.env.TF_CLI_CONFIG_FILE = devNull;
  try {
    return load();
  } finally {
    if (saved === undefined) delete process.env.TF_CLI_CONFIG_FILE;
    else process.env.TF_CLI_CONFIG_FILE = saved;
  }
}

/** Runs @cdktf/provider-generator on `schema`; returns its TypeScript files for the Keyplane provider. */
async function runGenerator(schema: ProvidersSchema): Promise<{ files: GeneratedFile[]; dirs: Set<string> }> {
  const { TerraformProviderGenerator } = loadQuietly(() => require('@cdktf/provider-generator/lib/get/generator/provider-generator') as GeneratorModule);
  // codemaker is the generator's own dependency: resolve it from there, not from the repository.
  const generatorRequire = createRequire(require.resolve('@cdktf/provider-generator/package.json'));
  const { CodeMaker } = generatorRequire('codemaker') as CodeMakerModule;
  const staging = await mkdtemp(join(tmpdir(), 'keyplane-cdktf-generator-'));
  try {
    const code = new CodeMaker();
    new TerraformProviderGenerator(code, schema).generateAll();
    await code.save(staging);
    const base = join(staging, PROVIDER_DIR);
    const files: GeneratedFile[] = [];
    const dirs = new Set<string>();
    for (const file of await listFiles(base)) {
      const path = relative(base, file).split(sep).join('/');
      if (LEFT_OUT.has(posix.basename(path))) continue;
      files.push({ path, content: await readFile(file, 'utf8') });
      for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) dirs.add(dir);
    }
    if (!files.some((f) => f.path === 'index.ts')) throw new Error(`the generator wrote no ${PROVIDER_DIR}/index.ts`);
    return { files, dirs };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** `'./api-key'` → `'./api-key/index.js'` (a directory) or `'./x.js'` (a file), as NodeNext needs. */
function addJsExtensions(file: GeneratedFile, dirs: Set<string>): GeneratedFile {
  const source = ts.createSourceFile(file.path, file.content, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (specifier === undefined || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    if (/\.(js|json)$/.test(specifier.text)) continue;
    const target = posix.normalize(posix.join(posix.dirname(file.path), specifier.text));
    const rewritten = dirs.has(target) ? `${specifier.text}/index.js` : `${specifier.text}.js`;
    edits.push({ start: specifier.getStart(source), end: specifier.getEnd(), text: `'${rewritten}'` });
  }
  return { path: file.path, content: applyEdits(file.content, edits) };
}

function applyEdits(text: string, edits: readonly { start: number; end: number; text: string }[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** The repository's compiler options (tsconfig.json), for the fix-ups and the final check. */
function repositoryCompilerOptions(repoRoot: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(repoRoot, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('cannot read tsconfig.json');
  return { ...parsed.options, noEmit: true };
}

/**
 * A language service over the generated files placed (in memory) at `outDir`, so that `cdktf`
 * and `constructs` resolve from the repository's node_modules exactly as they will on disk.
 */
function inMemoryService(files: Map<string, string>, options: ts.CompilerOptions) {
  const versions = new Map<string, number>();
  const isVirtualDir = (dir: string) => [...files.keys()].some((f) => f.startsWith(`${dir}/`));
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [...files.keys()],
    getScriptVersion: (name) => String(versions.get(name) ?? 0),
    getScriptSnapshot: (name) => {
      const text = files.get(name) ?? ts.sys.readFile(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => dirname([...files.keys()][0]!),
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => files.has(name) || ts.sys.fileExists(name),
    readFile: (name) => files.get(name) ?? ts.sys.readFile(name),
    directoryExists: (dir) => isVirtualDir(dir) || ts.sys.directoryExists(dir),
    getDirectories: (dir) => ts.sys.getDirectories(dir),
    readDirectory: ts.sys.readDirectory,
    realpath: ts.sys.realpath,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  return {
    service,
    update(name: string, text: string) {
      files.set(name, text);
      versions.set(name, (versions.get(name) ?? 0) + 1);
    },
  };
}

/** Adds `override` where the compiler asks for it (TS4113-TS4116), with TypeScript's own quick fix. */
function addOverrideModifiers(files: Map<string, string>, options: ts.CompilerOptions): void {
  const { service, update } = inMemoryService(files, options);
  for (const name of [...files.keys()]) {
    const fix = service.getCombinedCodeFix({ type: 'file', fileName: name }, 'fixAddOverrideModifier', {}, {});
    for (const change of fix.changes) {
      const text = files.get(change.fileName);
      if (text === undefined) continue;
      const edits = change.textChanges.map((c) => ({ start: c.span.start, end: c.span.start + c.span.length, text: c.newText }));
      update(change.fileName, applyEdits(text, edits));
    }
  }
}

/** Type errors of the generated files under the repository's options, formatted; empty when they compile. */
function typeErrors(files: Map<string, string>, options: ts.CompilerOptions, root: string): string[] {
  const { service } = inMemoryService(files, options);
  const errors: string[] = [];
  for (const name of files.keys()) {
    for (const d of [...service.getSyntacticDiagnostics(name), ...service.getSemanticDiagnostics(name)]) {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const at = where ? `${relative(root, name)}:${where.line + 1}:${where.character + 1}` : relative(root, name);
      errors.push(`${at} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
  return errors;
}

function banner(version: string): string {
  return `// Generated by scripts/generate-cdktf-bindings.mjs (@cdktf/provider-generator ${version}) from the schema of\n// Keyplane's Terraform provider. Do not edit: change src/provider and run the script again.\n`;
}

const README = (version: string) => `# Generated CDKTF bindings of the Keyplane provider

Written by \`node scripts/generate-cdktf-bindings.mjs\` with @cdktf/provider-generator ${version}
from \`terraform providers schema -json\` of the provider in \`src/provider\`. Do not edit these
files: change the provider and run the script again (\`--check\` tells whether they are stale).

These are the low-level resources (one class per Terraform type). Use the constructs in
\`constructs/\` (\`ApiKey\`, \`ScopeCatalog\`, \`KeyplaneProvider\`, ...), which validate at synth time.
`;

/**
 * The bindings of the provider in `schema`, as they belong in `outDir` (an absolute path inside
 * the repository `repoRoot`; used to resolve `cdktf` and `constructs` for the fix-ups and the check).
 */
export async function generateBindings(schema: ProvidersSchema, outDir: string, repoRoot: string): Promise<GeneratedFile[]> {
  const version = generatorVersion();
  const { files, dirs } = await runGenerator(schema);
  const byName = new Map<string, string>();
  for (const file of files.map((f) => addJsExtensions(f, dirs))) byName.set(join(outDir, file.path), file.content);

  const options = repositoryCompilerOptions(repoRoot);
  addOverrideModifiers(byName, options);
  const errors = typeErrors(byName, options, repoRoot);
  if (errors.length > 0) {
    throw new Error(`the generated bindings do not compile under tsconfig.json:\n${errors.join('\n')}`);
  }

  const out: GeneratedFile[] = [...byName].map(([name, content]) => ({
    path: relative(outDir, name).split(sep).join('/'),
    content: banner(version) + content.replace(/^\/\/ generated by cdktf get\n/, ''),
  }));
  out.push({ path: 'README.md', content: README(version) });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Whether `path` exists as a directory. */
export async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
