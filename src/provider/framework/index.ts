/**
 * A small provider framework above the protocol layer, after terraform-plugin-framework:
 * schemas with descriptions and typed values, Terraform's planning rules in one place
 * (plan.ts), create/read/update/delete/import around them with invariant checks (apply.ts),
 * state upgrades (upgrade-state.ts), data source reads (read-data-source.ts), ephemeral
 * resources (ephemeral-lifecycle.ts), validation (validate.ts), semantic equality, diagnostics
 * with attribute paths, and one RPC table over all of them (create-provider-handlers.ts).
 * Imports the protocol layer only; knows nothing of Keyplane.
 *
 * A provider is a {@link ProviderDefinition}; `serveProvider(createProviderHandlers(def))`
 * runs it.
 */
export {
  boolAttribute,
  defineSchema,
  isKnown,
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
} from './diagnostics-collector.js';
export type { PlanModifier, PlanModifierRequest, PlanModifierResponse, Validator } from './attribute-behaviour.js';
export { requiresReplace, requiresReplaceIf, useStateForUnknown } from './plan-modifiers.js';
export { applyPlanningRules, checkPlan, planResourceChange, type PlanInput, type PlanOutput } from './plan.js';
export { applyResourceChange, importResource, notRefreshedDiagnostic, readResource, type StateOutput } from './apply.js';
export { upgradeResourceState, type StoredState, type UpgradeOutput } from './upgrade-state.js';
export { readDataSource, type DataSourceOutput } from './read-data-source.js';
export { closeEphemeralResource, openEphemeralResource, renewEphemeralResource, type EphemeralOpening, type EphemeralRenewal } from './ephemeral-lifecycle.js';
export { runValidators, validateConfig } from './validate.js';
export { containsUnknown, valuesEqual, Unknown, isUnknown } from './values.js';
export type * from './resource.js';
export type * from './data-source.js';
export type * from './ephemeral-resource.js';
export type * from './provider-definition.js';
export { ProviderStoppedError, isProviderStopped } from './stop.js';
export { createProviderHandlers } from './create-provider-handlers.js';
