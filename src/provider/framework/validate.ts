/**
 * Validate*Config: the schema's attribute validators on every known value (in nested blocks
 * too, with element paths), then the type's own validateConfig. Unknown values are skipped:
 * Terraform validates again once they are known. A deprecated attribute that is set gets a
 * warning with its deprecation message (Terraform itself only marks it in the schema).
 */
import { isUnknown, warningDiagnostic, type CtyValue, type Diagnostic, type PathStep } from '../protocol/index.js';
import { setElementPath } from './diagnostics-collector.js';
import type { Attributes, Blocks, Schema } from './schema.js';
import { containsUnknown } from './values.js';

/** What every kind of type (and the provider itself) has for validation. */
export interface ValidatedType {
  readonly schema: Schema;
  validateConfig?(request: { config: never }): Diagnostic[];
}

/** Validate*Config for one type: the schema's validators, then the type's own check. A null config has nothing to check. */
export function validateConfig(definition: ValidatedType, config: Record<string, CtyValue> | null): Diagnostic[] {
  if (config === null) return [];
  const diagnostics = runValidators(definition.schema.attributes, definition.schema.blocks, config);
  diagnostics.push(...(definition.validateConfig?.({ config: config as never }) ?? []));
  return diagnostics;
}

/** Runs the validators of `attributes` and of nested blocks over an object value. */
export function runValidators(attributes: Attributes, blocks: Blocks | undefined, value: Record<string, CtyValue>, path: PathStep[] = []): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, attr] of Object.entries(attributes)) {
    const v = value[name] ?? null;
    if (v !== null && attr.deprecationMessage) {
      diagnostics.push(warningDiagnostic('Deprecated attribute', `${name} is deprecated. ${attr.deprecationMessage}`, [...path, { attribute: name }]));
    }
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
