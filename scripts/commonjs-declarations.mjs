/**
 * Declarations for the CommonJS entry points: a copy of tsc's declarations reachable from each
 * entry, as `.d.cts` files whose relative imports name `.cjs` files.
 *
 * The package is an ES module package, so TypeScript reads its `.d.ts` files as ES modules. A
 * `.d.cts` that re-exported them would be a CommonJS module importing ES modules, which
 * TypeScript reports in every CommonJS project that checks its libraries (`skipLibCheck` off).
 * The copies are the same declarations, read as CommonJS: types that describe the CommonJS
 * bundles as they are.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Copies the declarations reachable from `entries` (`.d.ts` files under `root`) into
 * `outdir`, at the same paths relative to `root`, as `.d.cts`; resolves with the copies of
 * the entries.
 */
export async function writeCommonJsDeclarations({ root, entries, outdir }) {
  const queue = entries.map((entry) => resolve(entry));
  const seen = new Set(queue);
  while (queue.length > 0) {
    const file = queue.pop();
    const text = await readFile(file, 'utf8');
    let copy = '';
    let copied = 0;
    for (const literal of moduleSpecifiers(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true))) {
      const specifier = literal.text;
      if (!specifier.startsWith('.')) continue;
      if (!specifier.endsWith('.js')) throw new Error(`${file}: the relative import '${specifier}' does not name a .js file`);
      // Inside the quotes.
      const start = literal.getStart() + 1;
      const stop = literal.getEnd() - 1;
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.d.ts'));
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
      copy += text.slice(copied, start) + specifier.replace(/\.js$/, '.cjs');
      copied = stop;
    }
    const destination = commonJsPath(file, root, outdir);
    await mkdir(dirname(destination), { recursive: true });
    await writeFile(destination, copy + text.slice(copied));
  }
  return entries.map((entry) => commonJsPath(resolve(entry), root, outdir));
}

/** The string literals that name a module, in the order of the text: imports, exports, `import("…")` types, augmentations. */
function moduleSpecifiers(source) {
  const found = [];
  const visit = (node) => {
    const literal =
      ts.isImportDeclaration(node) || ts.isExportDeclaration(node)
        ? node.moduleSpecifier
        : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)
          ? node.argument.literal
          : ts.isExternalModuleReference(node)
            ? node.expression
            : ts.isModuleDeclaration(node)
              ? node.name
              : undefined;
    if (literal && ts.isStringLiteral(literal)) found.push(literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function commonJsPath(file, root, outdir) {
  const path = relative(root, file);
  if (path.startsWith('..')) throw new Error(`${file} is outside ${root}`);
  return join(outdir, path.replace(/\.d\.ts$/, '.d.cts'));
}
