/**
 * Plan modifiers: per-attribute rules applied while planning an update, after the framework's
 * own rules (see plan.ts). Modelled on terraform-plugin-framework's `planmodifier` package.
 */
import { isUnknown, type CtyType, type CtyValue } from '../protocol/index.js';
import { valuesEqual } from './values.js';

/** What a plan modifier sees: one attribute's values. */
export interface PlanModifierRequest {
  /** The attribute's name. */
  name: string;
  type: CtyType;
  /** The value in the prior state. */
  prior: CtyValue;
  /** The value planned so far (may be unknown). */
  planned: CtyValue;
  /** The value in the configuration (null when not set). */
  config: CtyValue;
}

/** What a plan modifier may change. */
export interface PlanModifierResponse {
  /** A new planned value. */
  planned?: CtyValue;
  /** The change of this attribute cannot be made in place: Terraform replaces the object. */
  requiresReplace?: boolean;
}

/** A rule that adjusts one attribute's planned value on update. */
export interface PlanModifier {
  /** For docs and debugging, e.g. "Keeps the prior value when not configured." */
  readonly description: string;
  modify(request: PlanModifierRequest): PlanModifierResponse;
}

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
