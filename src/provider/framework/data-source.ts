/**
 * What a data source implements: metadata (type name), schema, optional validation, read.
 */
import type { Diagnostic } from './diagnostics-collector.js';
import type { RequestContext, StateResponse, ValidateConfigRequest } from './resource.js';
import type { ConfigOf, Schema } from './schema.js';

export interface DataSourceReadRequest<S, C> {
  /** Wholly known: Terraform defers reading a data source whose configuration is unknown. */
  config: ConfigOf<S>;
  context: RequestContext<C>;
}

/** A data source type. `C` is what the provider's `configure` returns. */
export interface DataSource<in out S extends Schema, in out C> {
  /** The full type name, e.g. `keyplane_api_key`. */
  readonly typeName: string;
  readonly schema: S;
  validateConfig?(request: ValidateConfigRequest<S>): Diagnostic[];
  /** The configuration with computed attributes filled in. A null state is an error. */
  read(request: DataSourceReadRequest<S, C>): Promise<StateResponse<S>>;
}

/** Any data source of a provider whose configure returns `C`. */
export type AnyDataSource<C> = DataSource<any, C>;
