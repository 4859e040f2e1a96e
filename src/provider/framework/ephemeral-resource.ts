/**
 * What an ephemeral resource implements (Terraform 1.10+): a value that is opened for the
 * duration of one Terraform run, never stored in plan or state, optionally renewed while in
 * use, and closed at the end (e.g. a short-lived key revoked on close).
 */
import type { Diagnostic } from './diagnostics-collector.js';
import type { RequestContext, ValidateConfigRequest, WithDiagnostics } from './resource.js';
import type { ConfigOf, Schema, StateOf } from './schema.js';

/** Data handed from open to renew and close; anything JSON can carry. */
export type EphemeralPrivate = unknown;

export interface OpenRequest<S, C> {
  config: ConfigOf<S>;
  context: RequestContext<C>;
}

export interface OpenResponse<S> extends WithDiagnostics {
  /** The value, with computed attributes filled in. */
  result?: StateOf<S>;
  /** Kept by Terraform and handed to renew and close (JSON-encoded by the framework). */
  private?: EphemeralPrivate;
  /** When to call renew if the value is still in use then. */
  renewAt?: Date;
}

export interface RenewRequest<C> {
  private: EphemeralPrivate;
  context: RequestContext<C>;
}

export interface RenewResponse extends WithDiagnostics {
  private?: EphemeralPrivate;
  renewAt?: Date;
}

export interface CloseRequest<C> {
  private: EphemeralPrivate;
  context: RequestContext<C>;
}

/** An ephemeral resource type. `C` is what the provider's `configure` returns. */
export interface EphemeralResource<in out S extends Schema, in out C> {
  readonly typeName: string;
  readonly schema: S;
  validateConfig?(request: ValidateConfigRequest<S>): Diagnostic[];
  open(request: OpenRequest<S, C>): Promise<OpenResponse<S>>;
  renew?(request: RenewRequest<C>): Promise<RenewResponse>;
  close?(request: CloseRequest<C>): Promise<WithDiagnostics>;
}

/** Any ephemeral resource of a provider whose configure returns `C`. */
export type AnyEphemeralResource<C> = EphemeralResource<any, C>;
