/**
 * Validate*Config: the schema's attribute validators on every known value (in nested blocks
 * too, with element paths), then the type's own validateConfig. Unknown values are skipped:
 * Terraform validates again once they are known.
 */
import { isUnknown, type CtyValue, type Diagnostic, type PathStep } from '../protocol/index.js';
import { setElementPath } from './diagnostics.js';
import type { Attributes, Blocks } from './schema.js';
import { containsUnknown } from './values.js';

/** Runs the validators of `attributes` and of nested blocks over an object value. */
export function runValidators(attributes: Attributes, blocks: Blocks | undefined, value: Record<string, CtyValue>, path: PathStep[] = []): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, attr] of Object.entries(attributes)) {
    const v = value[name] ?? null;
    if (v === null || containsUnknown(v) || !attr.validators) continue;
    for (const validator of attr.validators) diagnostics.push(...validator(v as never, [...path, { attribute: name }]));
  }
  for (const [name, block] of Object.entries(blocks ?? {})) {
    const v = value[name] ?? null;
    if (v === null || isUnknown(v)) continue;
    const blockPath: PathStep[] = [...path, { attribute: name }];
    if (block.nesting === 'single') {
      diagnostics.push(...runValidators(block.attributes, block.blocks, v as Record<string, CtyValue>, blockPath));
      continue;
    }
    const elements = v as CtyValue[];
    elements.forEach((element, index) => {
      if (element === null || isUnknown(element)) return;
      const found = runValidators(block.attributes, block.blocks, element as Record<string, CtyValue>, [...blockPath, { index }]);
      for (const d of found) {
        // A set element cannot be named reliably (see setElementPath): keep what can be.
        if (block.nesting === 'set' && d.path) d.path = setElementPath(blockPath, elements.length, index, ...d.path.slice(blockPath.length + 1));
        diagnostics.push(d);
      }
    });
  }
  return diagnostics;
}
