/**
 * The provider server: one table that turns the protocol's RPCs into calls of the provider
 * definition's resources, data sources and ephemeral resources. Each entry finds the type,
 * decodes the values with its schema, calls the framework function that holds the rules, and
 * encodes the answer. The rules live next to this file: validate.ts, upgrade-state.ts,
 * plan.ts, apply.ts, read-data-source.ts and ephemeral-lifecycle.ts.
 *
 * What the table itself keeps is the provider's configuration: calls that need the service
 * get the configured provider, or an error saying why there is none (reads keep the prior
 * state instead, plans go on without it, data source reads are deferred when Terraform
 * allows it).
 */
import {
  errorDiagnostic,
  type Diagnostic,
  type DynamicValue,
  type ProviderHandlers,
  type ServerCapabilities,
  type WithDiagnostics as ProtocolWithDiagnostics,
} from '../protocol/index.js';
import { applyResourceChange, importResource, notRefreshedDiagnostic, readResource } from './apply.js';
import { decisionTime, withoutRefreshTime, withRefreshTime } from './decision-time.js';
import { SchemaCodec } from './codec.js';
import { hasErrors } from './diagnostics-collector.js';
import { closeEphemeralResource, openEphemeralResource, renewEphemeralResource } from './ephemeral-lifecycle.js';
import { planResourceChange } from './plan.js';
import type { ProviderDefinition } from './provider-definition.js';
import { readDataSource } from './read-data-source.js';
import type { RequestContext } from './resource.js';
import { toSchemaDescription } from './schema.js';
import { ProviderStoppedError } from './stop.js';
import { upgradeResourceState } from './upgrade-state.js';
import { validateConfig, type ValidatedType } from './validate.js';

/** What every kind of type has: a name, a schema, maybe its own validation. */
interface TypeDefinition extends ValidatedType {
  typeName: string;
}

/** A registered type with the codec of its schema. */
interface Entry<T extends TypeDefinition = TypeDefinition> {
  definition: T;
  readonly codec: SchemaCodec;
}

/**
 * An entry whose codec is made when first used: Terraform starts several provider processes
 * per command and most of them serve one or two types, so building every type's codec before
 * the handshake (a millisecond of each start) bought nothing.
 */
function entry<T extends TypeDefinition>(definition: T): Entry<T> {
  let codec: SchemaCodec | undefined;
  return {
    definition,
    get codec() {
      return (codec ??= new SchemaCodec(definition.schema));
    },
  };
}

/** The request of a handler, for the table's entries. */
type RequestOf<K extends keyof ProviderHandlers> = Parameters<NonNullable<ProviderHandlers[K]>>[0];

function register<T extends TypeDefinition>(kind: string, prefix: string, list: readonly T[] = []): Map<string, Entry<T>> {
  const map = new Map<string, Entry<T>>();
  for (const definition of list) {
    if (!definition.typeName.startsWith(`${prefix}_`)) throw new Error(`${kind} ${definition.typeName} must be named ${prefix}_<name>`);
    if (map.has(definition.typeName)) throw new Error(`${kind} ${definition.typeName} is defined twice`);
    map.set(definition.typeName, entry(definition));
  }
  return map;
}

/**
 * Builds the protocol handlers of a provider. Serve them with the protocol layer:
 * `serveProvider(createProviderHandlers(definition))`.
 */
export function createProviderHandlers<C>(provider: ProviderDefinition<any, C>): ProviderHandlers {
  const resources = register('resource', provider.typeName, provider.resources);
  const dataSources = register('data source', provider.typeName, provider.dataSources);
  const ephemerals = register('ephemeral resource', provider.typeName, provider.ephemeralResources);
  const providerEntry: Entry = entry(provider);
  const stop = new AbortController();
  const capabilities: ServerCapabilities = { planDestroy: true, getProviderSchemaOptional: true };
  let configured: { data: C } | { pending: string } = { pending: 'the provider has not been configured yet' };

  /** The context of a call that needs the configured provider, or why there is none. */
  const context = (): RequestContext<unknown> | { pending: string } =>
    'data' in configured ? { provider: configured.data, stopSignal: stop.signal } : configured;

  /** Runs `run` with the configured provider, or answers why there is none. */
  const withContext = async <R extends ProtocolWithDiagnostics>(run: (ctx: RequestContext<unknown>) => Promise<R>): Promise<R | ProtocolWithDiagnostics> => {
    const ctx = context();
    if (!('pending' in ctx)) return run(ctx);
    const detail = `The ${provider.typeName} provider cannot reach its service: ${ctx.pending}. If the provider configuration refers to values known only after apply, apply the resources it depends on first (terraform apply -target=...).`;
    return { diagnostics: [errorDiagnostic('Provider not configured', detail)] };
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

  const validate = (entry: Entry, req: { config: DynamicValue | undefined }) => ({
    diagnostics: validateConfig(entry.definition, entry.codec.decodePlan(req.config)),
  });

  const handlers: ProviderHandlers = {
    getMetadata: () => ({
      serverCapabilities: capabilities,
      resources: [...resources.keys()],
      dataSources: [...dataSources.keys()],
      ephemeralResources: [...ephemerals.keys()],
    }),

    getProviderSchema: () => {
      const schemas = (map: Map<string, Entry<any>>) => Object.fromEntries([...map].map(([n, e]) => [n, toSchemaDescription(e.definition.schema)]));
      return {
        provider: toSchemaDescription(provider.schema),
        resourceSchemas: schemas(resources),
        dataSourceSchemas: schemas(dataSources),
        ephemeralResourceSchemas: schemas(ephemerals),
        serverCapabilities: capabilities,
      };
    },

    validateProviderConfig: (req) => validate(providerEntry, req),

    configureProvider: async (req) => {
      const config = providerEntry.codec.decodePlan(req.config) ?? providerEntry.codec.empty();
      const result = await provider.configure({ config: config as never, terraformVersion: req.terraformVersion, stopSignal: stop.signal });
      const diagnostics: Diagnostic[] = result.diagnostics ?? [];
      if (result.data !== undefined && !hasErrors(diagnostics)) configured = { data: result.data };
      else configured = { pending: result.pending ?? 'its configuration is not valid' };
      return { diagnostics };
    },

    stopProvider: () => {
      stop.abort(new ProviderStoppedError());
      return {};
    },

    validateResourceConfig: lookup(resources, 'resource', (entry, req: RequestOf<'validateResourceConfig'>) => validate(entry, req)),

    upgradeResourceState: lookup(resources, 'resource', (entry, req: RequestOf<'upgradeResourceState'>) => {
      const out = upgradeResourceState(entry.definition, entry.codec, { version: req.version, json: req.rawState.json });
      return out.state === undefined ? { diagnostics: out.diagnostics } : { upgradedState: entry.codec.encode(out.state), diagnostics: out.diagnostics };
    }),

    readResource: lookup(resources, 'resource', async (entry, req: RequestOf<'readResource'>) => {
      const prior = entry.codec.decodeState(req.currentState);
      if (prior === null) return { newState: req.currentState };
      const ctx = context();
      if ('pending' in ctx) {
        // Planning with a provider configuration that is not known yet: the prior state, as it came.
        return { newState: req.currentState, private: req.private, diagnostics: [notRefreshedDiagnostic(req.typeName, ctx.pending)] };
      }
      const out = await readResource(entry.definition, entry.codec, prior, ctx);
      const refreshed = out.state === null ? req.private : withRefreshTime(req.private, Date.now());
      return { newState: entry.codec.encode(out.state), private: refreshed, diagnostics: out.diagnostics };
    }),

    planResourceChange: lookup(resources, 'resource', async (entry, req: RequestOf<'planResourceChange'>) => {
      const { codec } = entry;
      const input = { prior: codec.decodeState(req.priorState), proposed: codec.decodePlan(req.proposedNewState), config: codec.decodePlan(req.config) };
      const ctx = context();
      const out = await planResourceChange(entry.definition, codec, input, 'pending' in ctx ? null : ctx, decisionTime(req.priorPrivate));
      return { plannedState: codec.encode(out.planned), requiresReplace: out.requiresReplace, plannedPrivate: req.priorPrivate, diagnostics: out.diagnostics };
    }),

    applyResourceChange: lookup(resources, 'resource', (entry, req: RequestOf<'applyResourceChange'>) =>
      withContext(async (ctx) => {
        const { codec } = entry;
        const input = { prior: codec.decodeState(req.priorState), planned: codec.decodePlan(req.plannedState), config: codec.decodePlan(req.config) };
        const out = await applyResourceChange(entry.definition, codec, input, ctx);
        return { newState: codec.encode(out.state), private: withoutRefreshTime(req.plannedPrivate), diagnostics: out.diagnostics };
      }),
    ),

    importResourceState: lookup(resources, 'resource', (entry, req: RequestOf<'importResourceState'>) =>
      withContext(async (ctx) => {
        const out = await importResource(entry.definition, entry.codec, req.id, ctx);
        const imported = out.state === null ? [] : [{ typeName: req.typeName, state: entry.codec.encode(out.state) }];
        return { importedResources: imported, diagnostics: out.diagnostics };
      }),
    ),

    validateDataResourceConfig: lookup(dataSources, 'data source', (entry, req: RequestOf<'validateDataResourceConfig'>) => validate(entry, req)),

    readDataSource: lookup(dataSources, 'data source', async (entry, req: RequestOf<'readDataSource'>) => {
      // Terraform reads it again once the provider's configuration is known.
      if ('pending' in context() && req.clientCapabilities.deferralAllowed) return { deferred: 'provider_config_unknown' as const };
      return withContext(async (ctx) => {
        const out = await readDataSource(entry.definition, entry.codec, entry.codec.decodePlan(req.config), ctx);
        return out.state === null ? { diagnostics: out.diagnostics } : { state: entry.codec.encode(out.state), diagnostics: out.diagnostics };
      });
    }),

    validateEphemeralResourceConfig: lookup(ephemerals, 'ephemeral resource', (entry, req: RequestOf<'validateEphemeralResourceConfig'>) => validate(entry, req)),

    openEphemeralResource: lookup(ephemerals, 'ephemeral resource', (entry, req: RequestOf<'openEphemeralResource'>) =>
      withContext(async (ctx) => {
        const out = await openEphemeralResource(entry.definition, entry.codec, entry.codec.decodePlan(req.config), ctx);
        return { ...out, result: out.result === undefined ? undefined : entry.codec.encode(out.result) };
      }),
    ),

    renewEphemeralResource: lookup(ephemerals, 'ephemeral resource', (entry, req: RequestOf<'renewEphemeralResource'>) =>
      withContext((ctx) => renewEphemeralResource(entry.definition, req.private, ctx)),
    ),

    closeEphemeralResource: lookup(ephemerals, 'ephemeral resource', (entry, req: RequestOf<'closeEphemeralResource'>) =>
      withContext((ctx) => closeEphemeralResource(entry.definition, req.private, ctx)),
    ),
  };
  return handlers;
}
