/**
 * A small provider framework above the protocol layer, after terraform-plugin-framework:
 * schemas with descriptions and typed values, Terraform's planning rules in one place
 * (plan.ts), create/read/update/delete/import around them with invariant checks (apply.ts),
 * semantic equality, diagnostics with attribute paths, and one RPC table (server.ts).
 * Imports the protocol layer only; knows nothing of Keyplane.
 *
 * A provider is a {@link ProviderDefinition}; `serveProvider(createProviderHandlers(def))`
 * runs it.
 */
export {
  boolAttribute,
  defineSchema,
  listAttribute,
  listNestedBlock,
  mapAttribute,
  numberAttribute,
  objectAttribute,
  schemaCtyType,
  setAttribute,
  setNestedBlock,
  singleNestedBlock,
  stringAttribute,
  toSchemaDescription,
  withSemanticEquals,
  type Attribute,
  type AttributeOptions,
  type Attributes,
  type BlockValue,
  type Blocks,
  type ConfigOf,
  type NestedBlock,
  type ObjectValue,
  type PlanOf,
  type Schema,
  type StateOf,
  type Val,
  type Validator,
  type ValueOfType,
} from './schema.js';
export { SchemaCodec, type ObjectRecord } from './codec.js';
export type { CtyValue } from '../protocol/index.js';
export {
  Diagnostics,
  attributePath,
  errorDiagnostic,
  hasErrors,
  providerBugDiagnostic,
  setElementPath,
  warningDiagnostic,
  type AttributePath,
  type Diagnostic,
  type PathStep,
} from './diagnostics.js';
export { requiresReplace, requiresReplaceIf, useStateForUnknown, type PlanModifier, type PlanModifierRequest } from './plan-modifiers.js';
export { applyPlanningRules, checkPlan, planResourceChange, type PlanInput, type PlanOutput } from './plan.js';
export { applyResourceChange, importResource, readResource, type StateOutput } from './apply.js';
export { containsUnknown, valuesEqual, Unknown, isUnknown } from './values.js';
export type * from './resource.js';
export type * from './data-source.js';
export type * from './ephemeral-resource.js';
export type * from './provider.js';
export { ProviderStoppedError, isProviderStopped } from './stop.js';
export { createProviderHandlers } from './server.js';
