/**
 * What a provider implements: its configuration schema, configure (which produces what every
 * resource call receives as `context.provider`, e.g. an API client), and its resource, data
 * source and ephemeral resource types.
 */
import type { AnyDataSource } from './data-source.js';
import type { Diagnostic } from './diagnostics-collector.js';
import type { AnyEphemeralResource } from './ephemeral-resource.js';
import type { AnyResource, ValidateConfigRequest } from './resource.js';
import type { ConfigOf, Schema } from './schema.js';

export interface ConfigureRequest<S> {
  /** May hold unknown values during plan when the configuration refers to other resources. */
  config: ConfigOf<S>;
  terraformVersion: string;
  /** Aborted when Terraform asks the provider to stop; hand it to clients made here. */
  stopSignal: AbortSignal;
}

export interface ConfigureResponse<C> {
  diagnostics?: Diagnostic[];
  /** What resources receive as `context.provider`. */
  data?: C;
  /**
   * Why there is no `data` without an error, e.g. "endpoint is not known until apply".
   * Planning still works; reads keep the prior state (with a warning) and other calls fail
   * with this reason.
   */
  pending?: string;
}

/** A provider: configuration and types. `C` is what `configure` returns. */
export interface ProviderDefinition<in out S extends Schema, in out C> {
  /** The provider's local name, e.g. `keyplane`; every type name starts with it and `_`. */
  readonly typeName: string;
  readonly schema: S;
  validateConfig?(request: ValidateConfigRequest<S>): Diagnostic[];
  configure(request: ConfigureRequest<S>): ConfigureResponse<C> | Promise<ConfigureResponse<C>>;
  readonly resources: readonly AnyResource<C>[];
  readonly dataSources?: readonly AnyDataSource<C>[];
  readonly ephemeralResources?: readonly AnyEphemeralResource<C>[];
}
