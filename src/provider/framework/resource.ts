/**
 * What a managed resource implements, in the order of HashiCorp's scaffolding provider:
 * metadata (type name), schema, validate, create, read, update, delete, import (+ modifyPlan).
 * The framework does everything else: decoding, the planning rules, semantic equality,
 * invariants, destroy handling. A resource never sees the protocol.
 */
import type { AttributePath, Diagnostic } from './diagnostics-collector.js';
import type { ConfigOf, PlanOf, Schema, StateOf } from './schema.js';

/** Passed to every call that may talk to the service. */
export interface RequestContext<C> {
  /** What the provider's `configure` returned, e.g. the API client. */
  provider: C;
  /** Aborted when Terraform asks the provider to stop (Ctrl-C): give up retries, start nothing new. */
  stopSignal: AbortSignal;
}

/** Diagnostics to report: warnings, or errors that fail the operation. */
export interface WithDiagnostics {
  diagnostics?: Diagnostic[];
}

export interface ValidateConfigRequest<S> {
  /** May contain unknown values (variables during `validate`, references during plan). */
  config: ConfigOf<S>;
}

export interface ModifyPlanRequest<S, C = unknown> {
  /** Null on create. */
  prior: StateOf<S> | null;
  /**
   * The plan after the framework's rules (configured values, computed values unknown on
   * create, plan modifiers). Change it in place; only computed attributes may differ from
   * the configuration (the framework checks).
   */
  planned: PlanOf<S>;
  config: ConfigOf<S>;
  /**
   * The configured provider, for what a plan must read from the service (cache it: Terraform
   * plans each resource instance separately). Null while the provider's configuration holds
   * values known only at apply: plan without the service then.
   */
  context: RequestContext<C> | null;
  /**
   * The time to decide by: the last refresh's, so that the plan Terraform makes again during
   * apply decides as this one did (decision-time.ts); the clock when there was no refresh.
   */
  now: number;
}

export interface ModifyPlanResponse extends WithDiagnostics {
  /** Attributes whose planned change cannot be made in place. */
  requiresReplace?: AttributePath[];
}

export interface CreateRequest<S, C> {
  /** Every configured value is known here; computed ones are unknown unless planned. */
  plan: PlanOf<S>;
  config: ConfigOf<S>;
  context: RequestContext<C>;
}

/**
 * The new state. With errors, return the state anyway when the object was made (it is then
 * recorded as tainted instead of being lost); return null only when nothing was made.
 */
export interface StateResponse<S> extends WithDiagnostics {
  state: StateOf<S> | null;
}

export interface ReadRequest<S, C> {
  state: StateOf<S>;
  context: RequestContext<C>;
}

export interface UpdateRequest<S, C> {
  prior: StateOf<S>;
  plan: PlanOf<S>;
  config: ConfigOf<S>;
  context: RequestContext<C>;
}

export interface DeleteRequest<S, C> {
  state: StateOf<S>;
  context: RequestContext<C>;
}

export interface ImportRequest<C> {
  /** What the user passed to `terraform import` or an `import` block's `id`. */
  id: string;
  context: RequestContext<C>;
}

/** Enough state for `read` to find the object (usually just the id); the rest may be left out. */
export interface ImportResponse<S> extends WithDiagnostics {
  state?: Partial<StateOf<S>>;
}

export interface UpgradeStateRequest {
  /** The schema version that wrote the stored state. */
  version: number;
  /** The stored state as JSON. */
  json: Uint8Array;
}

/**
 * A managed resource type. `C` is what the provider's `configure` returns. The variance
 * annotations spare TypeScript from measuring variance structurally, which would expand the
 * value types of a generic schema without end.
 */
export interface Resource<in out S extends Schema, in out C> {
  /** Metadata: the full type name, e.g. `keyplane_api_key`. */
  readonly typeName: string;
  readonly schema: S;
  /** Checks the configuration beyond the schema's types (ValidateResourceConfig). No I/O. */
  validateConfig?(request: ValidateConfigRequest<S>): Diagnostic[];
  /** Resource-specific planning after the framework's rules. Reads only, if anything. */
  modifyPlan?(request: ModifyPlanRequest<S, C>): ModifyPlanResponse | void | Promise<ModifyPlanResponse | void>;
  create(request: CreateRequest<S, C>): Promise<StateResponse<S>>;
  /** The object as it is now; state null = it is gone (Terraform plans to create it again). */
  read(request: ReadRequest<S, C>): Promise<StateResponse<S>>;
  update(request: UpdateRequest<S, C>): Promise<StateResponse<S>>;
  delete(request: DeleteRequest<S, C>): Promise<WithDiagnostics>;
  /** Without it, `terraform import` is refused with an explanation. */
  importState?(request: ImportRequest<C>): ImportResponse<S> | Promise<ImportResponse<S>>;
  /** For state written by an older schema version; without it, older state is refused. */
  upgradeState?(request: UpgradeStateRequest): StateResponse<S>;
}

/** Any resource of a provider whose configure returns `C`: what a provider lists. */
export type AnyResource<C> = Resource<any, C>;
