/**
 * The RPC table: for each method of tfplugin6.Provider, how its request message becomes a
 * handler request (fromProto), which handler serves it, and how the handler's response becomes
 * the response message (toProto). {@link invokeProviderRpc} runs one entry and turns any
 * exception into an error diagnostic, so a bug in a handler never kills the process.
 */
import type { Init } from './proto-wire.js';
import * as pb from './generated/messages.js';
import { attributePathToProto, diagnosticToProto, errorDiagnostic, type Diagnostic } from './diagnostic-messages.js';
import { functionToProto, identitySchemaToProto, schemaToProto } from './schema-convert.js';
import type { SchemaDescription } from './schema-types.js';
import type {
  ClientCapabilities,
  DeferredReason,
  MoveResourceStateResponse,
  OpenEphemeralResourceResponse,
  ProviderHandlers,
  RenewEphemeralResourceResponse,
  Result,
  ServerCapabilities,
  WithDiagnostics,
} from './provider-handlers.js';

type Service = typeof pb.ProviderService;
/** Name of an RPC of tfplugin6.Provider, e.g. `ReadResource`. */
export type ProviderMethod = keyof Service;
/** The decoded request message of an RPC. */
export type ProtoRequest<M extends ProviderMethod> = ReturnType<Service[M]['request']['decode']>;
/** The response message of an RPC, as the encoder accepts it. */
export type ProtoResponse<M extends ProviderMethod> = Init<ReturnType<Service[M]['response']['decode']>>;

/** Thrown by a table entry whose optional handler is missing and that must answer UNIMPLEMENTED. */
export class UnimplementedError extends Error {
  override name = 'UnimplementedError';
}

interface Rpc<M extends ProviderMethod, Req, Res> {
  fromProto(request: ProtoRequest<M>): Req;
  call(handlers: ProviderHandlers, request: Req): Result<Res>;
  toProto(response: Res): ProtoResponse<M>;
  /** The response reporting a failure; the default puts the diagnostics in `diagnostics`. */
  failure?(diagnostics: Diagnostic[]): ProtoResponse<M>;
}

/** Identity function that lets TypeScript infer Req and Res per entry from `method`. */
function rpc<M extends ProviderMethod, Req, Res>(_method: M, spec: Rpc<M, Req, Res>): Rpc<M, Req, Res> {
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Conversions shared by the entries

const diagnostics = (ds: Diagnostic[] | undefined) => (ds ?? []).map(diagnosticToProto);

const clientCapabilities = (c: pb.ClientCapabilities | undefined): ClientCapabilities => ({
  deferralAllowed: c?.deferralAllowed ?? false,
  writeOnlyAttributesAllowed: c?.writeOnlyAttributesAllowed ?? false,
});

const serverCapabilities = (c: ServerCapabilities | undefined): Init<pb.ServerCapabilities> | undefined =>
  c && {
    planDestroy: c.planDestroy ?? false,
    getProviderSchemaOptional: c.getProviderSchemaOptional ?? false,
    moveResourceState: c.moveResourceState ?? false,
  };

const deferredReasons = {
  resource_config_unknown: pb.Deferred_Reason.RESOURCE_CONFIG_UNKNOWN,
  provider_config_unknown: pb.Deferred_Reason.PROVIDER_CONFIG_UNKNOWN,
  absent_prereq: pb.Deferred_Reason.ABSENT_PREREQ,
} as const;

const deferred = (reason: DeferredReason | undefined): Init<pb.Deferred> | undefined =>
  reason && { reason: deferredReasons[reason] };

const schemas = (record: Record<string, SchemaDescription> | undefined) =>
  Object.fromEntries(Object.entries(record ?? {}).map(([name, s]) => [name, schemaToProto(s)]));

const timestamp = (d: Date | undefined): Init<pb.google_protobuf_Timestamp> | undefined => {
  if (!d) return undefined;
  const ms = d.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
};

const names = (list: string[] | undefined, key: 'typeName' | 'name') => (list ?? []).map((n) => ({ [key]: n }));

/** The answer of an optional handler that is missing (every response type has `diagnostics`). */
function unsupported<T extends WithDiagnostics>(what: string): T {
  return { diagnostics: [errorDiagnostic(`${what} is not supported by this provider`)] } as T;
}

// ---------------------------------------------------------------------------------------------
// The table

/** One entry per RPC of tfplugin6.Provider. */
export const providerRpcs = {
  GetMetadata: rpc('GetMetadata', {
    fromProto: () => undefined,
    call: (h) => {
      if (!h.getMetadata) throw new UnimplementedError('GetMetadata is optional; use GetProviderSchema');
      return h.getMetadata();
    },
    toProto: (r) => ({
      serverCapabilities: serverCapabilities(r.serverCapabilities),
      diagnostics: diagnostics(r.diagnostics),
      resources: names(r.resources, 'typeName'),
      dataSources: names(r.dataSources, 'typeName'),
      ephemeralResources: names(r.ephemeralResources, 'typeName'),
      functions: names(r.functions, 'name'),
    }),
  }),
  GetProviderSchema: rpc('GetProviderSchema', {
    fromProto: () => undefined,
    call: (h) => h.getProviderSchema(),
    toProto: (r) => ({
      provider: schemaToProto(r.provider ?? { block: {} }),
      providerMeta: r.providerMeta && schemaToProto(r.providerMeta),
      resourceSchemas: schemas(r.resourceSchemas),
      dataSourceSchemas: schemas(r.dataSourceSchemas),
      ephemeralResourceSchemas: schemas(r.ephemeralResourceSchemas),
      functions: Object.fromEntries(Object.entries(r.functions ?? {}).map(([n, f]) => [n, functionToProto(f)])),
      serverCapabilities: serverCapabilities(r.serverCapabilities),
      diagnostics: diagnostics(r.diagnostics),
    }),
  }),
  GetResourceIdentitySchemas: rpc('GetResourceIdentitySchemas', {
    fromProto: () => undefined,
    call: (h) => (h.getResourceIdentitySchemas ? h.getResourceIdentitySchemas() : {}),
    toProto: (r) => ({
      identitySchemas: Object.fromEntries(
        Object.entries(r.identitySchemas ?? {}).map(([n, s]) => [n, identitySchemaToProto(s)]),
      ),
      diagnostics: diagnostics(r.diagnostics),
    }),
  }),
  ValidateProviderConfig: rpc('ValidateProviderConfig', {
    fromProto: (p) => ({ config: p.config }),
    call: (h, req) => h.validateProviderConfig(req),
    toProto: (r) => ({ diagnostics: diagnostics(r.diagnostics) }),
  }),
  ConfigureProvider: rpc('ConfigureProvider', {
    fromProto: (p) => ({
      terraformVersion: p.terraformVersion,
      config: p.config,
      clientCapabilities: clientCapabilities(p.clientCapabilities),
    }),
    call: (h, req) => h.configureProvider(req),
    toProto: (r) => ({ diagnostics: diagnostics(r.diagnostics) }),
  }),
  StopProvider: rpc('StopProvider', {
    fromProto: () => undefined,
    call: (h) => (h.stopProvider ? h.stopProvider() : {}),
    toProto: (r) => ({ error: r.error ?? '' }),
    failure: (ds) => ({ error: ds.map((d) => d.detail ?? d.summary).join('\n') }),
  }),
  ValidateResourceConfig: rpc('ValidateResourceConfig', {
    fromProto: (p) => ({
      typeName: p.typeName,
      config: p.config,
      clientCapabilities: clientCapabilities(p.clientCapabilities),
    }),
    call: (h, req) => h.validateResourceConfig(req),
    toProto: (r) => ({ diagnostics: diagnostics(r.diagnostics) }),
  }),
  UpgradeResourceState: rpc('UpgradeResourceState', {
    fromProto: (p) => ({
      typeName: p.typeName,
      version: p.version,
      rawState: {
        json: p.rawState && p.rawState.json.length > 0 ? p.rawState.json : undefined,
        flatmap: p.rawState && Object.keys(p.rawState.flatmap).length > 0 ? p.rawState.flatmap : undefined,
      },
    }),
    call: (h, req) => h.upgradeResourceState(req),
    toProto: (r) => ({ upgradedState: r.upgradedState, diagnostics: diagnostics(r.diagnostics) }),
  }),
  ReadResource: rpc('ReadResource', {
    fromProto: (p) => ({
      typeName: p.typeName,
      currentState: p.currentState,
      private: p.private,
      providerMeta: p.providerMeta,
      clientCapabilities: clientCapabilities(p.clientCapabilities),
    }),
    call: (h, req) => h.readResource(req),
    toProto: (r) => ({
      newState: r.newState,
      private: r.private,
      deferred: deferred(r.deferred),
      diagnostics: diagnostics(r.diagnostics),
    }),
  }),
  PlanResourceChange: rpc('PlanResourceChange', {
    fromProto: (p) => ({
      typeName: p.typeName,
      priorState: p.priorState,
      proposedNewState: p.proposedNewState,
      config: p.config,
      priorPrivate: p.priorPrivate,
      providerMeta: p.providerMeta,
      clientCapabilities: clientCapabilities(p.clientCapabilities),
    }),
    call: (h, req) => h.planResourceChange(req),
    toProto: (r) => ({
      plannedState: r.plannedState,
      requiresReplace: (r.requiresReplace ?? []).map(attributePathToProto),
      plannedPrivate: r.plannedPrivate,
      deferred: deferred(r.deferred),
      diagnostics: diagnostics(r.diagnostics),
    }),
  }),
  ApplyResourceChange: rpc('ApplyResourceChange', {
    fromProto: (p) => ({
      typeName: p.typeName,
      priorState: p.priorState,
      plannedState: p.plannedState,
      config: p.config,
      plannedPrivate: p.plannedPrivate,
      providerMeta: p.providerMeta,
    }),
    call: (h, req) => h.applyResourceChange(req),
    toProto: (r) => ({ newState: r.newState, private: r.private, diagnostics: diagnostics(r.diagnostics) }),
  }),
  ImportResourceState: rpc('ImportResourceState', {
    fromProto: (p) => ({ typeName: p.typeName, id: p.id, clientCapabilities: clientCapabilities(p.clientCapabilities) }),
    call: (h, req) => h.importResourceState(req),
    toProto: (r) => ({
      importedResources: (r.importedResources ?? []).map((i) => ({ typeName: i.typeName, state: i.state, private: i.private })),
      deferred: deferred(r.deferred),
      diagnostics: diagnostics(r.diagnostics),
    }),
  }),
  MoveResourceState: rpc('MoveResourceState', {
    fromProto: (p) => ({
      sourceProviderAddress: p.sourceProviderAddress,
      sourceTypeName: p.sourceTypeName,
      sourceSchemaVersion: p.sourceSchemaVersion,
      sourceState: { json: p.sourceState && p.sourceState.json.length > 0 ? p.sourceState.json : undefined },
      targetTypeName: p.targetTypeName,
      sourcePrivate: p.sourcePrivate,
    }),
    call: (h, req) => (h.moveResourceState ? h.moveResourceState(req) : unsupported<MoveResourceStateResponse>('Moving resource state')),
    toProto: (r) => ({
      targetState: r.targetState,
      targetPrivate: r.targetPrivate,
      diagnostics: diagnostics(r.diagnostics),
    }),
  }),
  ValidateDataResourceConfig: rpc('ValidateDataResourceConfig', {
    fromProto: (p) => ({ typeName: p.typeName, config: p.config }),
    call: (h, req) => h.validateDataResourceConfig(req),
    toProto: (r) => ({ diagnostics: diagnostics(r.diagnostics) }),
  }),
  ReadDataSource: rpc('ReadDataSource', {
    fromProto: (p) => ({
      typeName: p.typeName,
      config: p.config,
      providerMeta: p.providerMeta,
      clientCapabilities: clientCapabilities(p.clientCapabilities),
    }),
    call: (h, req) => h.readDataSource(req),
    toProto: (r) => ({ state: r.state, deferred: deferred(r.deferred), diagnostics: diagnostics(r.diagnostics) }),
  }),
  ValidateEphemeralResourceConfig: rpc('ValidateEphemeralResourceConfig', {
    fromProto: (p) => ({ typeName: p.typeName, config: p.config }),
    call: (h, req) =>
      h.validateEphemeralResourceConfig
        ? h.validateEphemeralResourceConfig(req)
        : unsupported(`Ephemeral resource type ${req.typeName}`),
    toProto: (r) => ({ diagnostics: diagnostics(r.diagnostics) }),
  }),
  OpenEphemeralResource: rpc('OpenEphemeralResource', {
    fromProto: (p) => ({ typeName: p.typeName, config: p.config, clientCapabilities: clientCapabilities(p.clientCapabilities) }),
    call: (h, req) =>
      h.openEphemeralResource ? h.openEphemeralResource(req) : unsupported<OpenEphemeralResourceResponse>(`Ephemeral resource type ${req.typeName}`),
    toProto: (r) => ({
      result: r.result,
      private: r.private,
      renewAt: timestamp(r.renewAt),
      deferred: deferred(r.deferred),
      diagnostics: diagnostics(r.diagnostics),
    }),
  }),
  RenewEphemeralResource: rpc('RenewEphemeralResource', {
    fromProto: (p) => ({ typeName: p.typeName, private: p.private }),
    call: (h, req) =>
      h.renewEphemeralResource ? h.renewEphemeralResource(req) : unsupported<RenewEphemeralResourceResponse>(`Ephemeral resource type ${req.typeName}`),
    toProto: (r) => ({ private: r.private, renewAt: timestamp(r.renewAt), diagnostics: diagnostics(r.diagnostics) }),
  }),
  CloseEphemeralResource: rpc('CloseEphemeralResource', {
    fromProto: (p) => ({ typeName: p.typeName, private: p.private }),
    call: (h, req) =>
      h.closeEphemeralResource ? h.closeEphemeralResource(req) : unsupported(`Ephemeral resource type ${req.typeName}`),
    toProto: (r) => ({ diagnostics: diagnostics(r.diagnostics) }),
  }),
  GetFunctions: rpc('GetFunctions', {
    fromProto: () => undefined,
    call: (h) => (h.getFunctions ? h.getFunctions() : {}),
    toProto: (r) => ({
      functions: Object.fromEntries(Object.entries(r.functions ?? {}).map(([n, f]) => [n, functionToProto(f)])),
      diagnostics: diagnostics(r.diagnostics),
    }),
  }),
  CallFunction: rpc('CallFunction', {
    fromProto: (p) => ({ name: p.name, arguments: p.arguments }),
    call: (h, req) => (h.callFunction ? h.callFunction(req) : { error: { text: `This provider has no function ${req.name}` } }),
    toProto: (r) => ({ result: r.result, error: r.error }),
    failure: (ds) => ({ error: { text: ds.map((d) => [d.summary, d.detail].filter(Boolean).join(': ')).join('\n') } }),
  }),
} satisfies { [M in ProviderMethod]: Rpc<M, any, any> };

/** Called with every exception a handler throws (default: a line on stderr, shown under TF_LOG). */
export type ErrorReporter = (method: ProviderMethod, error: unknown) => void;

/** Writes the error with its stack to stderr, which go-plugin forwards to Terraform's log. */
export const reportToStderr: ErrorReporter = (method, error) => {
  process.stderr.write(`[keyplane provider] ${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
};

/**
 * Runs one RPC: fromProto → handler → toProto. Exceptions become an error diagnostic in the
 * response; only {@link UnimplementedError} escapes (the transport answers UNIMPLEMENTED).
 */
export async function invokeProviderRpc<M extends ProviderMethod>(
  handlers: ProviderHandlers,
  method: M,
  request: ProtoRequest<M>,
  report: ErrorReporter = reportToStderr,
): Promise<ProtoResponse<M>> {
  const entry = providerRpcs[method] as unknown as Rpc<M, unknown, unknown>;
  try {
    return entry.toProto(await entry.call(handlers, entry.fromProto(request)));
  } catch (error) {
    if (error instanceof UnimplementedError) throw error;
    report(method, error);
    const message = error instanceof Error ? error.message : String(error);
    const diagnostic = errorDiagnostic(
      'Unexpected error in the provider',
      `${method} failed: ${message}\n\nThis is a bug in the provider; please report it.`,
    );
    return entry.failure ? entry.failure([diagnostic]) : ({ diagnostics: [diagnosticToProto(diagnostic)] } as ProtoResponse<M>);
  }
}
