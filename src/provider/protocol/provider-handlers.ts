/**
 * What a provider implements: one method per RPC of protocol 6, taking and returning plain
 * objects. Values (config, state, plan) stay as DynamicValue bytes here; decoding them with the
 * schema (cty-codec.ts) is the framework's job, the layer above this one.
 *
 * Every response field is optional: leave out what you do not set. A thrown exception becomes an
 * error diagnostic (provider-rpcs.ts); expected failures should be returned as diagnostics.
 */
import type { DynamicValueBytes } from './cty-codec.js';
import type { AttributePath, Diagnostic } from './diagnostic-messages.js';
import type { FunctionDescription, IdentitySchemaDescription, SchemaDescription } from './schema-types.js';

/** A value as Terraform sends it (msgpack, or rarely JSON); send back msgpack. */
export type DynamicValue = DynamicValueBytes;

/** What the Terraform client supports (sent with most requests). */
export interface ClientCapabilities {
  /** The client can handle `deferred` responses. */
  deferralAllowed: boolean;
  /** The client can handle write-only attributes (Terraform 1.11+). */
  writeOnlyAttributesAllowed: boolean;
}

/** Optional protocol features the provider supports. */
export interface ServerCapabilities {
  /** Call PlanResourceChange for destroys too (with a null proposed state). */
  planDestroy?: boolean;
  /** Terraform may use a cached schema instead of calling GetProviderSchema in every process. */
  getProviderSchemaOptional?: boolean;
  /** The provider implements moveResourceState. */
  moveResourceState?: boolean;
}

/** Why a change is deferred to a later plan (only when `deferralAllowed`). */
export type DeferredReason = 'resource_config_unknown' | 'provider_config_unknown' | 'absent_prereq';

/** Base of every response: diagnostics to report. */
export interface WithDiagnostics {
  diagnostics?: Diagnostic[];
}

export interface GetMetadataResponse extends WithDiagnostics {
  serverCapabilities?: ServerCapabilities;
  resources?: string[];
  dataSources?: string[];
  ephemeralResources?: string[];
  functions?: string[];
}

export interface GetProviderSchemaResponse extends WithDiagnostics {
  provider?: SchemaDescription;
  providerMeta?: SchemaDescription;
  resourceSchemas?: Record<string, SchemaDescription>;
  dataSourceSchemas?: Record<string, SchemaDescription>;
  ephemeralResourceSchemas?: Record<string, SchemaDescription>;
  functions?: Record<string, FunctionDescription>;
  serverCapabilities?: ServerCapabilities;
}

export interface GetResourceIdentitySchemasResponse extends WithDiagnostics {
  identitySchemas?: Record<string, IdentitySchemaDescription>;
}

export interface ValidateProviderConfigRequest {
  config: DynamicValue | undefined;
}

export interface ConfigureProviderRequest {
  terraformVersion: string;
  config: DynamicValue | undefined;
  clientCapabilities: ClientCapabilities;
}

export interface StopProviderResponse {
  /** Set when stopping failed. */
  error?: string;
}

export interface ValidateResourceConfigRequest {
  typeName: string;
  /** May contain unknown values (e.g. from variables during validate). */
  config: DynamicValue | undefined;
  clientCapabilities: ClientCapabilities;
}

export interface UpgradeResourceStateRequest {
  typeName: string;
  /** The schema version that wrote the stored state. */
  version: number;
  /** The stored state: JSON (typed by the schema of `version`), or a legacy flatmap. */
  rawState: { json: Uint8Array | undefined; flatmap: Record<string, string> | undefined };
}

export interface UpgradeResourceStateResponse extends WithDiagnostics {
  upgradedState?: DynamicValue;
}

export interface ReadResourceRequest {
  typeName: string;
  currentState: DynamicValue | undefined;
  private: Uint8Array;
  providerMeta: DynamicValue | undefined;
  clientCapabilities: ClientCapabilities;
}

export interface ReadResourceResponse extends WithDiagnostics {
  /** Null (msgpack nil) means the object is gone: Terraform plans to create it again. */
  newState?: DynamicValue;
  private?: Uint8Array;
  deferred?: DeferredReason;
}

export interface PlanResourceChangeRequest {
  typeName: string;
  /** Null on create. */
  priorState: DynamicValue | undefined;
  /** Null on destroy. */
  proposedNewState: DynamicValue | undefined;
  /** Null on destroy. */
  config: DynamicValue | undefined;
  priorPrivate: Uint8Array;
  providerMeta: DynamicValue | undefined;
  clientCapabilities: ClientCapabilities;
}

export interface PlanResourceChangeResponse extends WithDiagnostics {
  plannedState?: DynamicValue;
  /** Attributes whose change forces replacement. */
  requiresReplace?: AttributePath[];
  plannedPrivate?: Uint8Array;
  deferred?: DeferredReason;
}

export interface ApplyResourceChangeRequest {
  typeName: string;
  priorState: DynamicValue | undefined;
  /** Null on destroy. */
  plannedState: DynamicValue | undefined;
  config: DynamicValue | undefined;
  plannedPrivate: Uint8Array;
  providerMeta: DynamicValue | undefined;
}

export interface ApplyResourceChangeResponse extends WithDiagnostics {
  /** Must match every known planned value; null after a destroy. */
  newState?: DynamicValue;
  private?: Uint8Array;
}

export interface ImportResourceStateRequest {
  typeName: string;
  id: string;
  clientCapabilities: ClientCapabilities;
}

export interface ImportedResource {
  typeName: string;
  state?: DynamicValue;
  private?: Uint8Array;
}

export interface ImportResourceStateResponse extends WithDiagnostics {
  importedResources?: ImportedResource[];
  deferred?: DeferredReason;
}

export interface MoveResourceStateRequest {
  sourceProviderAddress: string;
  sourceTypeName: string;
  sourceSchemaVersion: number;
  sourceState: { json: Uint8Array | undefined };
  targetTypeName: string;
  sourcePrivate: Uint8Array;
}

export interface MoveResourceStateResponse extends WithDiagnostics {
  targetState?: DynamicValue;
  targetPrivate?: Uint8Array;
}

export interface ValidateDataResourceConfigRequest {
  typeName: string;
  config: DynamicValue | undefined;
}

export interface ReadDataSourceRequest {
  typeName: string;
  config: DynamicValue | undefined;
  providerMeta: DynamicValue | undefined;
  clientCapabilities: ClientCapabilities;
}

export interface ReadDataSourceResponse extends WithDiagnostics {
  state?: DynamicValue;
  deferred?: DeferredReason;
}

export interface ValidateEphemeralResourceConfigRequest {
  typeName: string;
  config: DynamicValue | undefined;
}

export interface OpenEphemeralResourceRequest {
  typeName: string;
  config: DynamicValue | undefined;
  clientCapabilities: ClientCapabilities;
}

export interface OpenEphemeralResourceResponse extends WithDiagnostics {
  result?: DynamicValue;
  /** Handed back to renew and close. */
  private?: Uint8Array;
  /** When Terraform should call renew, if it still needs the value then. */
  renewAt?: Date;
  deferred?: DeferredReason;
}

export interface RenewEphemeralResourceRequest {
  typeName: string;
  private: Uint8Array | undefined;
}

export interface RenewEphemeralResourceResponse extends WithDiagnostics {
  private?: Uint8Array;
  renewAt?: Date;
}

export interface CloseEphemeralResourceRequest {
  typeName: string;
  private: Uint8Array | undefined;
}

export interface GetFunctionsResponse extends WithDiagnostics {
  functions?: Record<string, FunctionDescription>;
}

export interface CallFunctionRequest {
  name: string;
  arguments: DynamicValue[];
}

export interface CallFunctionResponse {
  result?: DynamicValue;
  /** A failed call: message, and the index of the argument at fault if any. */
  error?: { text: string; functionArgument?: number };
}

/** Return type of every handler: the response, or a promise of it. */
export type Result<T> = T | Promise<T>;

/**
 * The provider's side of protocol 6. Required methods are those Terraform calls for any
 * provider with resources and data sources; optional ones have a default:
 * getMetadata → gRPC UNIMPLEMENTED (Terraform falls back to getProviderSchema);
 * getResourceIdentitySchemas, getFunctions → none; callFunction, moveResourceState and the
 * ephemeral methods → an error diagnostic naming the unsupported call; stopProvider → success.
 */
export interface ProviderHandlers {
  getMetadata?(): Result<GetMetadataResponse>;
  getProviderSchema(): Result<GetProviderSchemaResponse>;
  getResourceIdentitySchemas?(): Result<GetResourceIdentitySchemasResponse>;
  validateProviderConfig(req: ValidateProviderConfigRequest): Result<WithDiagnostics>;
  configureProvider(req: ConfigureProviderRequest): Result<WithDiagnostics>;
  /** Terraform asks in-flight operations to stop (Ctrl-C). */
  stopProvider?(): Result<StopProviderResponse>;

  validateResourceConfig(req: ValidateResourceConfigRequest): Result<WithDiagnostics>;
  upgradeResourceState(req: UpgradeResourceStateRequest): Result<UpgradeResourceStateResponse>;
  readResource(req: ReadResourceRequest): Result<ReadResourceResponse>;
  planResourceChange(req: PlanResourceChangeRequest): Result<PlanResourceChangeResponse>;
  applyResourceChange(req: ApplyResourceChangeRequest): Result<ApplyResourceChangeResponse>;
  importResourceState(req: ImportResourceStateRequest): Result<ImportResourceStateResponse>;
  moveResourceState?(req: MoveResourceStateRequest): Result<MoveResourceStateResponse>;

  validateDataResourceConfig(req: ValidateDataResourceConfigRequest): Result<WithDiagnostics>;
  readDataSource(req: ReadDataSourceRequest): Result<ReadDataSourceResponse>;

  validateEphemeralResourceConfig?(req: ValidateEphemeralResourceConfigRequest): Result<WithDiagnostics>;
  openEphemeralResource?(req: OpenEphemeralResourceRequest): Result<OpenEphemeralResourceResponse>;
  renewEphemeralResource?(req: RenewEphemeralResourceRequest): Result<RenewEphemeralResourceResponse>;
  closeEphemeralResource?(req: CloseEphemeralResourceRequest): Result<WithDiagnostics>;

  getFunctions?(): Result<GetFunctionsResponse>;
  callFunction?(req: CallFunctionRequest): Result<CallFunctionResponse>;
}
