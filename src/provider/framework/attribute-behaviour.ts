/**
 * What an attribute may carry besides its type: validators (run by Validate*Config) and plan
 * modifiers (run while planning an update). Only the contracts live here, importing nothing of
 * the framework, so that schema.ts can name them and the implementations (plan-modifiers.ts)
 * can use value operations (values.ts) without an import cycle.
 */
import type { CtyType, CtyValue, Diagnostic, PathStep } from '../protocol/index.js';

/** Checks a known, non-null value at validation time; return diagnostics (paths are absolute). */
export type Validator<T> = (value: T, path: PathStep[]) => Diagnostic[];

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

/** A rule that adjusts one attribute's planned value on update (see plan-modifiers.ts for the built-in ones). */
export interface PlanModifier {
  /** For docs and debugging, e.g. "Keeps the prior value when not configured." */
  readonly description: string;
  modify(request: PlanModifierRequest): PlanModifierResponse;
}
