/**
 * The built-in plan modifiers: per-attribute rules applied while planning an update, after the
 * framework's own rules (see plan.ts). Modelled on terraform-plugin-framework's `planmodifier`
 * package; the contract they implement is in attribute-behaviour.ts.
 */
import { isUnknown } from '../protocol/index.js';
import type { PlanModifier, PlanModifierRequest } from './attribute-behaviour.js';
import { valuesEqual } from './values.js';

/**
 * For computed values that never change once set (ids, creation times): an update plans the
 * prior value instead of "known after apply". Unlike terraform-plugin-framework's version,
 * a null prior value is kept too: it is a promise that the apply leaves the value null (so a
 * secret that is null after import does not show as changing on every update).
 */
export function useStateForUnknown(): PlanModifier {
  return {
    description: 'Keeps the value of the prior state when the configuration does not set it.',
    modify: ({ planned, config, prior }) => (isUnknown(planned) && config === null ? { planned: prior } : {}),
  };
}

/** A change of this attribute replaces the object (destroy, then create). */
export function requiresReplace(): PlanModifier {
  return requiresReplaceIf('Changing the value replaces the object.', () => true);
}

/** A change of this attribute replaces the object when `condition` says so. */
export function requiresReplaceIf(description: string, condition: (request: PlanModifierRequest) => boolean): PlanModifier {
  return {
    description,
    modify: (request) =>
      !valuesEqual(request.type, request.prior, request.planned) && condition(request) ? { requiresReplace: true } : {},
  };
}
