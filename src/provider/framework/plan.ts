/**
 * PlanResourceChange: Terraform's planning rules, kept here once for every resource (like
 * terraform-plugin-framework's fwserver/server_planresourcechange.go):
 *
 * 1. Destroy (proposed null) plans null.
 * 2. The planned value of a configured attribute is the configuration, except that a value
 *    meaning the same as the prior one (semantic equality) plans the prior value, which
 *    Terraform accepts as "functionally equivalent" and shows as no change.
 * 3. Computed attributes the configuration leaves unset are unknown on create, and unknown on
 *    an update that changes anything, unless a plan modifier (useStateForUnknown) says they
 *    keep their prior value.
 * 4. Plan modifiers run (update only), then the resource's own modifyPlan.
 * 5. The result is checked: a configured value planned as anything but the configuration (or
 *    its equivalent prior value) is reported as a provider bug, before Terraform would.
 */
import { Unknown, type AttributePath, type CtyValue, type Diagnostic } from '../protocol/index.js';
import type { SchemaCodec } from './codec.js';
import { providerBugDiagnostic } from './diagnostics-collector.js';
import type { RequestContext, Resource } from './resource.js';
import type { Schema } from './schema.js';
import { meansTheSame } from './semantic-rules.js';
import { cloneValue, valuesEqual } from './values.js';

type Obj = Record<string, CtyValue>;

/** The three values PlanResourceChange receives, decoded (null where Terraform sent null). */
export interface PlanInput {
  prior: Obj | null;
  proposed: Obj | null;
  config: Obj | null;
}

/** The plan and what comes with it. */
export interface PlanOutput {
  planned: Obj | null;
  requiresReplace: AttributePath[];
  diagnostics: Diagnostic[];
}

/** Rules 2-4 except the resource's modifyPlan: the plan every resource starts from. */
export function applyPlanningRules(codec: SchemaCodec<Schema>, input: PlanInput & { proposed: Obj; config: Obj }): {
  planned: Obj;
  requiresReplace: AttributePath[];
} {
  const { schema, attributeTypes } = codec;
  const { prior, config } = input;
  const planned = cloneValue(input.proposed);
  const requiresReplace: AttributePath[] = [];

  if (prior === null) {
    for (const [name, attr] of Object.entries(schema.attributes)) {
      if (attr.computed && config[name] === null) planned[name] = Unknown;
    }
    return { planned, requiresReplace };
  }

  for (const rule of codec.semanticRules) {
    const before = prior[rule.name] ?? null;
    if (before !== null && config[rule.name] !== null && meansTheSame(rule, before, planned[rule.name] ?? null)) {
      planned[rule.name] = before;
    }
  }

  if (!valuesEqual(codec.type, planned, prior)) {
    for (const [name, attr] of Object.entries(schema.attributes)) {
      if (attr.computed && config[name] === null) planned[name] = Unknown;
    }
  }

  for (const [name, attr] of Object.entries(schema.attributes)) {
    for (const modifier of attr.planModifiers ?? []) {
      const result = modifier.modify({
        name,
        type: attributeTypes[name]!,
        prior: prior[name] ?? null,
        planned: planned[name] ?? null,
        config: config[name] ?? null,
      });
      if (result.planned !== undefined) planned[name] = result.planned;
      if (result.requiresReplace) requiresReplace.push([{ attribute: name }]);
    }
  }
  return { planned, requiresReplace };
}

/** Rule 5: every configured value is planned as configured, or as its equivalent prior value. */
export function checkPlan(codec: SchemaCodec<Schema>, input: PlanInput & { config: Obj }, planned: Obj, typeName: string): Diagnostic[] {
  const { schema, attributeTypes } = codec;
  const diagnostics: Diagnostic[] = [];
  const names = [
    ...Object.entries(schema.attributes)
      .filter(([, a]) => !(a.computed && !a.optional))
      .map(([n, a]) => [n, a.computed === true] as const),
    ...Object.keys(schema.blocks ?? {}).map((n) => [n, false] as const),
  ];
  for (const [name, optionalComputed] of names) {
    const type = attributeTypes[name]!;
    const config = input.config[name] ?? null;
    if (optionalComputed && config === null) continue;
    const value = planned[name] ?? null;
    const prior = input.prior?.[name] ?? null;
    if (valuesEqual(type, value, config)) continue;
    if (prior !== null && config !== null && valuesEqual(type, value, prior)) continue;
    diagnostics.push(
      providerBugDiagnostic(
        'Provider produced an invalid plan',
        `The plan for ${typeName} sets "${name}" to a value other than the one in the configuration.`,
        [{ attribute: name }],
      ),
    );
  }
  return diagnostics;
}

/** The whole of PlanResourceChange for one resource. */
export async function planResourceChange(
  resource: Resource<any, unknown>,
  codec: SchemaCodec<Schema>,
  input: PlanInput,
  context: RequestContext<unknown> | null = null,
  now: number = Date.now(),
): Promise<PlanOutput> {
  if (input.proposed === null || input.config === null) return { planned: null, requiresReplace: [], diagnostics: [] };
  const withConfig = { ...input, proposed: input.proposed, config: input.config };
  const { planned, requiresReplace } = applyPlanningRules(codec, withConfig);
  const modified = await resource.modifyPlan?.({ prior: input.prior as never, planned: planned as never, config: input.config as never, context, now });
  const diagnostics = [...(modified?.diagnostics ?? []), ...checkPlan(codec, withConfig, planned, resource.typeName)];
  return {
    planned: codec.complete(planned),
    requiresReplace: [...requiresReplace, ...(modified?.requiresReplace ?? [])],
    diagnostics,
  };
}
