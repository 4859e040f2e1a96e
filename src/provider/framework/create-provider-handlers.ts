/**
 * The provider server: one table that turns the protocol's RPCs into calls of the provider
 * definition's resources, data sources and ephemeral resources. Each entry finds the type,
 * decodes the values with its schema, calls the framework function or the type's method, and
 * encodes the answer; the rules live in plan.ts, apply.ts and validate.ts.
 */
import {
  errorDiagnostic,
  warningDiagnostic,
  type CtyValue,
  type Diagnostic,
  type DynamicValue,
  type ProviderHandlers,
  type ReadDataSourceResponse,
  type ServerCapabilities,
  type WithDiagnostics as ProtocolWithDiagnostics,
} from '../protocol/index.js';
import { applyResourceChange, importResource, readResource } from './apply.js';
import { SchemaCodec } from './codec.js';
import { hasErrors, providerBugDiagnostic } from './diagnostics.js';
import type { DataSource } from './data-source.js';
import type { EphemeralResource } from './ephemeral-resource.js';
import { planResourceChange } from './plan.js';
import type { ProviderDefinition } from './provider.js';
import type { RequestContext, Resource } from './resource.js';
import { toSchemaDescription, type Schema } from './schema.js';
import { ProviderStoppedError } from './stop.js';
import { runValidators } from './validate.js';
import { findUnknown } from './values.js';

type Obj = Record<string, CtyValue>;

/** What every kind of type has: a name, a schema, maybe its own validation. */
interface TypeDefinition {
  typeName: string;
  schema: Schema;
  validateConfig?(request: { config: never }): Diagnostic[];
}

/** A registered type with the codec of its schema. */
interface Entry<T extends TypeDefinition = TypeDefinition> {
  definition: T;
  codec: SchemaCodec;
}

function register<T extends TypeDefinition>(kind: string, prefix: string, list: readonly T[] = []): Map<string, Entry<T>> {
  const map = new Map<string, Entry<T>>();
  for (const definition of list) {
    if (!definition.typeName.startsWith(`${prefix}_`)) throw new Error(`${kind} ${definition.typeName} must be named ${prefix}_<name>`);
    if (map.has(definition.typeName)) throw new Error(`${kind} ${definition.typeName} is defined twice`);
    map.set(definition.typeName, { definition, codec: new SchemaCodec(definition.schema) });
  }
  return map;
}

const utf8 = new TextEncoder();
const encodePrivate = (value: unknown): Uint8Array | undefined => (value === undefined ? undefined : utf8.encode(JSON.stringify(value)));
const decodePrivate = (bytes: Uint8Array | undefined): unknown =>
  bytes && bytes.length > 0 ? JSON.parse(new TextDecoder().decode(bytes)) : undefined;

/** Decodes a config and runs the schema's validators and the type's validateConfig. */
function validate(entry: Entry, config: DynamicValue | undefined): ProtocolWithDiagnostics {
  const value = entry.codec.decodePlan(config);
  if (value === null) return {};
  const { schema } = entry.codec;
  const diagnostics = runValidators(schema.attributes, schema.blocks, value);
  diagnostics.push(...(entry.definition.validateConfig?.({ config: value as never }) ?? []));
  return { diagnostics };
}

/**
 * Builds the protocol handlers of a provider. Serve them with the protocol layer:
 * `serveProvider(createProviderHandlers(definition))`.
 */
export function createProviderHandlers<C>(provider: ProviderDefinition<any, C>): ProviderHandlers {
  const resources = register('resource', provider.typeName, provider.resources);
  const dataSources = register('data source', provider.typeName, provider.dataSources);
  const ephemerals = register('ephemeral resource', provider.typeName, provider.ephemeralResources);
  const providerEntry: Entry = { definition: provider, codec: new SchemaCodec(provider.schema) };
  const stop = new AbortController();
  const capabilities: ServerCapabilities = { planDestroy: true, getProviderSchemaOptional: true };
  let configured: { data: C } | { pending: string } = { pending: 'the provider has not been configured yet' };

  /** The context of a call that needs the configured provider, or why there is none. */
  const context = (): RequestContext<C> | Diagnostic => {
    if ('data' in configured) return { provider: configured.data, stopSignal: stop.signal };
    return errorDiagnostic(
      'Provider not configured',
      `The ${provider.typeName} provider cannot reach its service: ${configured.pending}. If the provider configuration refers to values known only after apply, apply the resources it depends on first (terraform apply -target=...).`,
    );
  };

  /** Finds the type named in the request, or answers with a diagnostic naming it. */
  function lookup<T extends { typeName: string }, R>(map: Map<string, Entry<any>>, kind: string, handler: (entry: Entry<any>, request: T) => R | Promise<R>) {
    return async (request: T): Promise<R | ProtocolWithDiagnostics> => {
      const entry = map.get(request.typeName);
      if (!entry) {
        return { diagnostics: [errorDiagnostic(`Unknown ${kind} type`, `The ${provider.typeName} provider has no ${kind} type "${request.typeName}".`)] };
      }
      return handler(entry, request);
    };
  }

  const withContext = async <R extends ProtocolWithDiagnostics>(run: (ctx: RequestContext<C>) => Promise<R>): Promise<R | ProtocolWithDiagnostics> => {
    const ctx = context();
    return 'severity' in ctx ? { diagnostics: [ctx] } : run(ctx);
  };

  const handlers: ProviderHandlers = {
    getMetadata: () => ({
      serverCapabilities: capabilities,
      resources: [...resources.keys()],
      dataSources: [...dataSources.keys()],
      ephemeralResources: [...ephemerals.keys()],
    }),

    getProviderSchema: () => {
      const schemas = (map: Map<string, Entry<any>>) => Object.fromEntries([...map].map(([n, e]) => [n, toSchemaDescription(e.codec.schema)]));
      return {
        provider: toSchemaDescription(provider.schema),
        resourceSchemas: schemas(resources),
        dataSourceSchemas: schemas(dataSources),
        ephemeralResourceSchemas: schemas(ephemerals),
        serverCapabilities: capabilities,
      };
    },

    validateProviderConfig: (req) => validate(providerEntry, req.config),

    configureProvider: async (req) => {
      const config = providerEntry.codec.decodePlan(req.config) ?? providerEntry.codec.empty();
      const result = await provider.configure({ config: config as never, terraformVersion: req.terraformVersion, stopSignal: stop.signal });
      const diagnostics = result.diagnostics ?? [];
      if (result.data !== undefined && !hasErrors(diagnostics)) configured = { data: result.data };
      else configured = { pending: result.pending ?? 'its configuration is not valid' };
      return { diagnostics };
    },

    stopProvider: () => {
      stop.abort(new ProviderStoppedError());
      return {};
    },

    validateResourceConfig: lookup(resources, 'resource', (entry, req: { typeName: string; config: DynamicValue | undefined }) => validate(entry, req.config)),

    upgradeResourceState: lookup(resources, 'resource', (entry, req: Parameters<ProviderHandlers['upgradeResourceState']>[0]) => {
      const resource: Resource<any, C> = entry.definition;
      const version = entry.codec.schema.version ?? 0;
      if (!req.rawState.json) {
        return { diagnostics: [errorDiagnostic('Unsupported state format', `The state of this ${req.typeName} is in the legacy flatmap format; it cannot be read.`)] };
      }
      if (req.version === version) return { upgradedState: entry.codec.encode(entry.codec.decodeJsonState(req.rawState.json)) };
      if (req.version > version || !resource.upgradeState) {
        return {
          diagnostics: [
            errorDiagnostic(
              'Unsupported state version',
              `The state of this ${req.typeName} was written by schema version ${req.version}; this provider knows version ${version}. Use the provider version that wrote it.`,
            ),
          ],
        };
      }
      const result = resource.upgradeState({ version: req.version, json: req.rawState.json });
      return { upgradedState: entry.codec.encode(result.state as Obj | null), diagnostics: result.diagnostics ?? [] };
    }),

    readResource: lookup(resources, 'resource', async (entry, req: Parameters<ProviderHandlers['readResource']>[0]) => {
      const prior = entry.codec.decodeState(req.currentState);
      if (prior === null) return { newState: req.currentState };
      if (!('data' in configured)) {
        // Planning with a provider configuration that is not known yet: keep the prior state.
        const reason = configured.pending;
        return {
          newState: req.currentState,
          private: req.private,
          diagnostics: [warningDiagnostic('Resource not refreshed', `${req.typeName} was not read from the service: ${reason}. The plan uses the last known state.`)],
        };
      }
      const out = await readResource(entry.definition, entry.codec, prior, { provider: configured.data, stopSignal: stop.signal });
      return { newState: entry.codec.encode(out.state), private: req.private, diagnostics: out.diagnostics };
    }),

    planResourceChange: lookup(resources, 'resource', async (entry, req: Parameters<ProviderHandlers['planResourceChange']>[0]) => {
      const out = await planResourceChange(entry.definition, entry.codec, {
        prior: entry.codec.decodeState(req.priorState),
        proposed: entry.codec.decodePlan(req.proposedNewState),
        config: entry.codec.decodePlan(req.config),
      });
      return {
        plannedState: entry.codec.encode(out.planned),
        requiresReplace: out.requiresReplace,
        plannedPrivate: req.priorPrivate,
        diagnostics: out.diagnostics,
      };
    }),

    applyResourceChange: lookup(resources, 'resource', (entry, req: Parameters<ProviderHandlers['applyResourceChange']>[0]) =>
      withContext(async (ctx) => {
        const out = await applyResourceChange(
          entry.definition,
          entry.codec,
          {
            prior: entry.codec.decodeState(req.priorState),
            planned: entry.codec.decodePlan(req.plannedState),
            config: entry.codec.decodePlan(req.config),
          },
          ctx as RequestContext<unknown>,
        );
        return { newState: entry.codec.encode(out.state), private: req.plannedPrivate, diagnostics: out.diagnostics };
      }),
    ),

    importResourceState: lookup(resources, 'resource', (entry, req: Parameters<ProviderHandlers['importResourceState']>[0]) =>
      withContext(async (ctx) => {
        const out = await importResource(entry.definition, entry.codec, req.id, ctx as RequestContext<unknown>);
        const imported = out.state === null ? [] : [{ typeName: req.typeName, state: entry.codec.encode(out.state) }];
        return { importedResources: imported, diagnostics: out.diagnostics };
      }),
    ),

    validateDataResourceConfig: lookup(dataSources, 'data source', (entry, req: { typeName: string; config: DynamicValue | undefined }) =>
      validate(entry, req.config),
    ),

    readDataSource: lookup(dataSources, 'data source', (entry, req: Parameters<ProviderHandlers['readDataSource']>[0]) => {
      if (!('data' in configured) && req.clientCapabilities.deferralAllowed) {
        return Promise.resolve<ReadDataSourceResponse>({ deferred: 'provider_config_unknown' });
      }
      return withContext<ReadDataSourceResponse>(async (ctx) => {
        const dataSource: DataSource<any, C> = entry.definition;
        const config = entry.codec.decodePlan(req.config) ?? entry.codec.empty();
        const result = await dataSource.read({ config: config as never, context: ctx });
        const diagnostics = [...(result.diagnostics ?? [])];
        if (result.state === null) {
          if (!hasErrors(diagnostics)) diagnostics.push(providerBugDiagnostic('Provider returned no data', `Reading ${req.typeName} produced no value.`));
          return { diagnostics };
        }
        const state = entry.codec.complete(result.state as CtyValue);
        const unknown = findUnknown(state);
        if (unknown) diagnostics.push(providerBugDiagnostic('Provider returned an unknown value', `Reading ${req.typeName} left a value unknown.`, unknown));
        return { state: entry.codec.encode(state), diagnostics };
      });
    }),

    validateEphemeralResourceConfig: lookup(ephemerals, 'ephemeral resource', (entry, req: { typeName: string; config: DynamicValue | undefined }) =>
      validate(entry, req.config),
    ),

    openEphemeralResource: lookup(ephemerals, 'ephemeral resource', (entry, req: Parameters<NonNullable<ProviderHandlers['openEphemeralResource']>>[0]) =>
      withContext(async (ctx) => {
        const ephemeral: EphemeralResource<any, C> = entry.definition;
        const config = entry.codec.decodePlan(req.config) ?? entry.codec.empty();
        const result = await ephemeral.open({ config: config as never, context: ctx });
        return {
          result: result.result === undefined ? undefined : entry.codec.encode(result.result as Obj),
          private: encodePrivate(result.private),
          renewAt: result.renewAt,
          diagnostics: result.diagnostics ?? [],
        };
      }),
    ),

    renewEphemeralResource: lookup(ephemerals, 'ephemeral resource', (entry, req: Parameters<NonNullable<ProviderHandlers['renewEphemeralResource']>>[0]) =>
      withContext(async (ctx) => {
        const ephemeral: EphemeralResource<any, C> = entry.definition;
        if (!ephemeral.renew) return {};
        const result = await ephemeral.renew({ private: decodePrivate(req.private), context: ctx });
        return { private: encodePrivate(result.private), renewAt: result.renewAt, diagnostics: result.diagnostics ?? [] };
      }),
    ),

    closeEphemeralResource: lookup(ephemerals, 'ephemeral resource', (entry, req: Parameters<NonNullable<ProviderHandlers['closeEphemeralResource']>>[0]) =>
      withContext(async (ctx) => {
        const ephemeral: EphemeralResource<any, C> = entry.definition;
        if (!ephemeral.close) return {};
        const result = await ephemeral.close({ private: decodePrivate(req.private), context: ctx });
        return { diagnostics: result.diagnostics ?? [] };
      }),
    ),
  };
  return handlers;
}
