/**
 * ApplyResourceChange, ReadResource and ImportResourceState around a resource's create, read,
 * update, delete and import (like fwserver/server_applyresourcechange.go): the framework turns
 * an apply into create, update or delete, applies semantic equality to the results, and checks
 * the invariants Terraform relies on with errors a user can act on. A read while the provider
 * is not configured yet keeps the prior state (see {@link notRefreshedDiagnostic}).
 */
import { hasErrors, isUnknown, type CtyValue, type Diagnostic, type PathStep } from '../protocol/index.js';
import type { SchemaCodec } from './codec.js';
import { errorDiagnostic, providerBugDiagnostic, warningDiagnostic } from './diagnostics-collector.js';
import type { RequestContext, Resource } from './resource.js';
import type { Schema } from './schema.js';
import { keepSemanticallyEqual } from './semantic-rules.js';
import { containsUnknown, describePath, findUnknown, valuesEqual } from './values.js';

type Obj = Record<string, CtyValue>;
type AnyResource = Resource<any, unknown>;

/** A new state (null = none) and what to report with it. */
export interface StateOutput {
  state: Obj | null;
  diagnostics: Diagnostic[];
}

/** Replaces unknowns in a result by null, reporting each: a state can hold no unknown. */
function noUnknowns(value: Obj, typeName: string, operation: string, diagnostics: Diagnostic[]): Obj {
  let path: PathStep[] | undefined;
  while ((path = findUnknown(value)) !== undefined) {
    diagnostics.push(
      providerBugDiagnostic(
        'Provider returned an unknown value',
        `After ${operation}, ${typeName} still has no value for ${describePath(path)}.`,
        path,
      ),
    );
    value = replaceAt(value, path, null) as Obj;
  }
  return value;
}

function replaceAt(value: CtyValue, path: readonly PathStep[], replacement: CtyValue): CtyValue {
  if (path.length === 0) return replacement;
  const [step, ...rest] = path as [PathStep, ...PathStep[]];
  if (Array.isArray(value) && 'index' in step) return value.map((v, i) => (i === step.index ? replaceAt(v, rest, replacement) : v));
  const obj = { ...(value as Obj) };
  const key = 'attribute' in step ? step.attribute : 'key' in step ? step.key : String(step.index);
  obj[key] = replaceAt(obj[key] ?? null, rest, replacement);
  return obj;
}

/** Completes a resource's result, keeps equivalent values of `previous`, and checks it. */
function finishState(codec: SchemaCodec<Schema>, typeName: string, operation: string, previous: Obj | null, result: unknown, diagnostics: Diagnostic[]): Obj {
  return noUnknowns(keepSemanticallyEqual(codec.semanticRules, previous, codec.complete(result as CtyValue)), typeName, operation, diagnostics);
}

/** Every known planned value must be the value after apply (Terraform fails the apply otherwise). */
function checkAgainstPlan(codec: SchemaCodec<Schema>, typeName: string, planned: Obj, state: Obj): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, type] of Object.entries(codec.attributeTypes)) {
    const plannedValue = planned[name] ?? null;
    if (containsUnknown(plannedValue) || valuesEqual(type, plannedValue, state[name] ?? null)) continue;
    diagnostics.push(
      providerBugDiagnostic(
        'Provider produced an inconsistent result after apply',
        `The plan for ${typeName} promised a value for "${name}", but the apply produced a different one.`,
        [{ attribute: name }],
      ),
    );
  }
  return diagnostics;
}

/** ApplyResourceChange: create (no prior state), delete (no planned state) or update. */
export async function applyResourceChange(
  resource: AnyResource,
  codec: SchemaCodec<Schema>,
  input: { prior: Obj | null; planned: Obj | null; config: Obj | null },
  context: RequestContext<unknown>,
): Promise<StateOutput> {
  const { prior, planned, config } = input;
  const { typeName } = resource;

  if (planned === null) {
    if (prior === null) return { state: null, diagnostics: [] };
    const result = await resource.delete({ state: prior as never, context });
    const diagnostics = result.diagnostics ?? [];
    // A failed delete leaves the object in state, so that a later apply tries again.
    return { state: hasErrors(diagnostics) ? prior : null, diagnostics };
  }

  const creating = prior === null;
  const operation = creating ? 'create' : 'update';
  const result = creating
    ? await resource.create({ plan: planned as never, config: (config ?? planned) as never, context })
    : await resource.update({ prior: prior as never, plan: planned as never, config: (config ?? planned) as never, context });
  const diagnostics = [...(result.diagnostics ?? [])];

  if (result.state === null) {
    if (!hasErrors(diagnostics)) {
      diagnostics.push(
        providerBugDiagnostic(
          `Provider returned no state after ${operation}`,
          creating
            ? `The ${operation} of ${typeName} reported success but returned no state, so Terraform cannot track the object. It may exist in the service: look for it there and import it, or delete it.`
            : `The ${operation} of ${typeName} reported success but returned no state; the prior state is kept. Run terraform plan to see what the service now holds.`,
        ),
      );
    }
    // After a failed update the object is as it was, as far as anyone knows.
    return { state: creating ? null : prior, diagnostics };
  }

  const state = finishState(codec, typeName, operation, planned, result.state, diagnostics);
  if (!hasErrors(diagnostics)) diagnostics.push(...checkAgainstPlan(codec, typeName, planned, state));
  return { state, diagnostics };
}

/** ReadResource: the object as it is now, or null when it is gone. */
export async function readResource(resource: AnyResource, codec: SchemaCodec<Schema>, prior: Obj, context: RequestContext<unknown>): Promise<StateOutput> {
  const result = await resource.read({ state: prior as never, context });
  const diagnostics = [...(result.diagnostics ?? [])];
  if (result.state === null) return { state: null, diagnostics };
  return { state: finishState(codec, resource.typeName, 'read', prior, result.state, diagnostics), diagnostics };
}

/**
 * ReadResource while the provider's configuration holds values known only after apply: the
 * service cannot be asked, so the prior state stands and the plan is made from it. Said in a
 * warning, since the plan may then miss a change made outside Terraform.
 */
export function notRefreshedDiagnostic(typeName: string, reason: string): Diagnostic {
  return warningDiagnostic('Resource not refreshed', `${typeName} was not read from the service: ${reason}. The plan uses the last known state.`);
}

/** ImportResourceState: the resource's partial state (Terraform reads the rest right after). */
export async function importResource(resource: AnyResource, codec: SchemaCodec<Schema>, id: string, context: RequestContext<unknown>): Promise<StateOutput> {
  if (!resource.importState) {
    return {
      state: null,
      diagnostics: [errorDiagnostic('Import not supported', `The resource type ${resource.typeName} cannot be imported; declare it and let Terraform create it instead.`)],
    };
  }
  const result = await resource.importState({ id, context });
  const diagnostics = [...(result.diagnostics ?? [])];
  if (result.state === undefined) {
    if (!hasErrors(diagnostics)) {
      diagnostics.push(providerBugDiagnostic('Provider returned no state after import', `Importing ${resource.typeName} "${id}" produced no state.`));
    }
    return { state: null, diagnostics };
  }
  const state = codec.complete(result.state as CtyValue);
  for (const [name, value] of Object.entries(state)) if (isUnknown(value)) state[name] = null;
  return { state, diagnostics };
}
