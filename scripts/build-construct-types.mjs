#!/usr/bin/env node
/**
 * Makes the constructs' declarations (tsc's output in dist/constructs) follow the CDK the
 * user's project has, as the bundles do at run time (build-entry-points.mjs): CDK for
 * Terraform (`cdktf`) or CDK Terrain (`cdktn`), which declare the same API.
 *
 *   node scripts/build-construct-types.mjs                 # rewrites dist/constructs
 *   node scripts/build-construct-types.mjs --dir <dir>     # declarations somewhere else
 *
 * tsc writes `from 'cdktf'` in the declarations, the package the repository builds with. In a
 * project with only cdktn that import does not resolve: its types turn to `any` under
 * `skipLibCheck`, and are an error without it. So every such import is pointed at one module
 * written here, `cdk.d.ts`, which imports both packages (the one the project lacks is left
 * unresolved, and an unresolved import types as `any`) and declares each name the
 * declarations use as cdktf's when cdktf is installed and cdktn's otherwise: the fallback
 * order of the run-time choice.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The directory of the declarations, by default. */
export const DEFAULT_DIR = join(repoRoot, 'dist/constructs');

const BUILT_WITH = 'cdktf';
const ALTERNATIVE = 'cdktn';
const BRIDGE_FILE = 'cdk.d.ts';

/** Rewrites the declarations under `dir`; returns the names `cdk.d.ts` declares. */
export function buildConstructTypes({ dir = DEFAULT_DIR } = {}) {
  const files = declarationFiles(dir).filter((file) => !file.endsWith(`/${BRIDGE_FILE}`));
  const used = new Set();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const imports = cdkImports(source, dir);
    if (imports.length === 0) continue;
    for (const name of namesUsed(source, imports)) used.add(name);
    let specifier = relative(dirname(file), join(dir, BRIDGE_FILE.replace(/\.d\.ts$/, '.js')));
    if (!specifier.startsWith('.')) specifier = `./${specifier}`;
    // From the last import back, so that the earlier ones' positions stay right.
    let rewritten = text;
    for (const { start, end } of imports.map((i) => i.specifier).reverse()) rewritten = `${rewritten.slice(0, start)}'${specifier}'${rewritten.slice(end)}`;
    writeFileSync(file, rewritten);
  }
  const names = [...used].sort();
  writeFileSync(join(dir, BRIDGE_FILE), bridgeModule(names.map((name) => ({ name, ...meaningsIn(name) }))));
  return { names };
}

function declarationFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * The file's imports of cdktf (or of cdk.d.ts, from an earlier run: the script can run again
 * on its own output): what they bind, and where their specifier is.
 */
function cdkImports(source, dir) {
  const file = source.fileName;
  const bridge = join(dir, BRIDGE_FILE.replace(/\.d\.ts$/, '.js'));
  const isCdk = (specifier) => specifier === BUILT_WITH || (specifier.startsWith('.') && resolve(dirname(file), specifier) === bridge);
  const found = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !isCdk(statement.moduleSpecifier.text)) continue;
    const bindings = statement.importClause?.namedBindings;
    found.push({
      specifier: { start: statement.moduleSpecifier.getStart(source), end: statement.moduleSpecifier.getEnd() },
      namespace: bindings && ts.isNamespaceImport(bindings) ? bindings.name.text : undefined,
      named: bindings && ts.isNamedImports(bindings) ? bindings.elements.map((element) => (element.propertyName ?? element.name).text) : [],
    });
  }
  if (source.statements.some((s) => ts.isExportDeclaration(s) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) && isCdk(s.moduleSpecifier.text))) {
    throw new Error(`${file}: re-exports from '${BUILT_WITH}'; only imports are rewritten`);
  }
  return found;
}

/** The names of cdktf the file refers to: its named imports, and `ns.Name` through a namespace import. */
function namesUsed(source, imports) {
  const file = source.fileName;
  const names = new Set(imports.flatMap((i) => i.named));
  const namespaces = new Set(imports.map((i) => i.namespace).filter(Boolean));
  if (namespaces.size === 0) return names;
  const visit = (node) => {
    if (ts.isQualifiedName(node) && ts.isIdentifier(node.left) && namespaces.has(node.left.text)) names.add(node.right.text);
    else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && namespaces.has(node.expression.text)) names.add(node.name.text);
    else if (ts.isIdentifier(node) && namespaces.has(node.text) && !ts.isQualifiedName(node.parent) && !ts.isPropertyAccessExpression(node.parent) && !ts.isNamespaceImport(node.parent)) {
      throw new Error(`${file}: uses the namespace '${node.text}' of '${BUILT_WITH}' as a whole; only its members can be declared in ${BRIDGE_FILE}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

let checked;
/** Whether `name` is a value, a type or both in cdktf; it must be the same in cdktn. */
function meaningsIn(name) {
  checked ??= exportsOfBoth();
  const meaning = (symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checked.checker.getAliasedSymbol(symbol) : symbol;
    const declared = target.declarations?.[0];
    const generic = declared && (ts.isClassDeclaration(declared) || ts.isInterfaceDeclaration(declared) || ts.isTypeAliasDeclaration(declared)) && (declared.typeParameters?.length ?? 0) > 0;
    return { value: (target.flags & ts.SymbolFlags.Value) !== 0, type: (target.flags & ts.SymbolFlags.Type) !== 0, generic };
  };
  const [builtWith, alternative] = checked.exports.map((exports) => exports.get(name));
  if (!builtWith || !alternative) throw new Error(`'${name}' is used by the constructs' declarations but not exported by ${builtWith ? ALTERNATIVE : BUILT_WITH}`);
  const [a, b] = [meaning(builtWith), meaning(alternative)];
  if (a.value !== b.value || a.type !== b.type) throw new Error(`'${name}' is not the same kind of declaration in ${BUILT_WITH} and ${ALTERNATIVE}`);
  if (a.generic || b.generic) throw new Error(`'${name}' is generic: ${BRIDGE_FILE} declares names without type parameters`);
  return { value: a.value, type: a.type };
}

/** The exports of both packages as the repository has them installed. */
function exportsOfBoth() {
  const probe = join(repoRoot, '__construct-types-probe.ts');
  const text = `import * as builtWith from '${BUILT_WITH}';\nimport * as alternative from '${ALTERNATIVE}';\nexport { builtWith, alternative };\n`;
  const options = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, noEmit: true, types: [] };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (file) => (file === probe ? text : readFile(file));
  host.fileExists = (file) => file === probe || fileExists(file);
  const program = ts.createProgram([probe], options, host);
  const checker = program.getTypeChecker();
  const probeModule = checker.getSymbolAtLocation(program.getSourceFile(probe));
  const exports = [BUILT_WITH, ALTERNATIVE].map((packageName, index) => {
    const namespace = checker.getExportsOfModule(probeModule).find((symbol) => symbol.name === (index === 0 ? 'builtWith' : 'alternative'));
    const module = checker.getAliasedSymbol(namespace);
    if (!module || module === namespace || !(module.flags & ts.SymbolFlags.ValueModule)) throw new Error(`${packageName} is not installed in the repository (npm install)`);
    return new Map(checker.getExportsOfModule(module).map((symbol) => [symbol.name, symbol]));
  });
  return { checker, exports };
}

/** The text of cdk.d.ts for `names` (each with whether it is a value and a type). */
function bridgeModule(names) {
  const lines = [
    '/**',
    ` * The CDK the constructs' declarations build on: ${BUILT_WITH}'s when the project has it, ${ALTERNATIVE}'s`,
    ' * otherwise (the same fallback as the run-time choice). Written by',
    ' * scripts/build-construct-types.mjs with the names the declarations use.',
    ' */',
    `// @ts-ignore: a project has one of the two, maybe not this one; unresolved, its types are \`any\`.`,
    `import type * as builtWith from '${BUILT_WITH}';`,
    `// @ts-ignore: as above.`,
    `import type * as alternative from '${ALTERNATIVE}';`,
    'declare const notInstalled: unique symbol;',
    `/** \`BuiltWith\`, unless it is \`any\` (${BUILT_WITH} is not installed): then \`Alternative\`. */`,
    'type Installed<BuiltWith, Alternative> = [BuiltWith] extends [typeof notInstalled] ? Alternative : BuiltWith;',
  ];
  for (const { name, value, type } of names) {
    if (value) lines.push(`export declare const ${name}: Installed<typeof builtWith.${name}, typeof alternative.${name}>;`);
    if (type) lines.push(`export type ${name} = Installed<builtWith.${name}, alternative.${name}>;`);
  }
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { dir: { type: 'string' } } });
  const { names } = buildConstructTypes({ dir: values.dir ? resolve(values.dir) : undefined });
  process.stdout.write(`constructs' declarations follow the project's ${BUILT_WITH} or ${ALTERNATIVE} (${names.length} names in ${BRIDGE_FILE})\n`);
}
