/**
 * The RPC table (framework/create-provider-handlers.ts) with a toy provider: type lookup, schemas and
 * capabilities, configure and the "not configured yet" paths, stop, and the data source and
 * ephemeral resource wiring (the shape the next types will take: one small file each).
 */
import { describe, expect, it } from 'vitest';
import {
  SchemaCodec,
  createProviderHandlers,
  isProviderStopped,
  defineSchema,
  stringAttribute,
  type DataSource,
  type EphemeralResource,
  type ProviderDefinition,
  type Resource,
} from '../../../src/provider/framework/index.js';
import { decodeDynamicValue, encodeDynamicValue } from '../../../src/provider/protocol/index.js';

interface Data {
  prefix: string;
}

const thingSchema = defineSchema({
  description: 'A thing.',
  attributes: {
    id: stringAttribute({ description: 'Id.', computed: true }),
    name: stringAttribute({
      description: 'Name.',
      required: true,
      validators: [(v, path) => (v.includes(' ') ? [{ severity: 'error', summary: 'No spaces', path }] : [])],
    }),
  },
});
const thing: Resource<typeof thingSchema, Data> = {
  typeName: 'toy_thing',
  schema: thingSchema,
  create: async ({ plan, context }) => ({ state: { id: `${context.provider.prefix}-1`, name: plan.name as string } }),
  read: async ({ state }) => ({ state }),
  update: async ({ plan }) => ({ state: plan as { id: string; name: string } }),
  delete: async () => ({}),
};

const lookupSchema = defineSchema({
  description: 'Looks a thing up.',
  attributes: { name: stringAttribute({ description: 'Name.', required: true }), id: stringAttribute({ description: 'Id.', computed: true }) },
});
const lookup: DataSource<typeof lookupSchema, Data> = {
  typeName: 'toy_lookup',
  schema: lookupSchema,
  read: async ({ config, context }) => ({ state: { name: config.name as string, id: `${context.provider.prefix}-${String(config.name)}` } }),
};

const tokenSchema = defineSchema({ description: 'A short-lived token.', attributes: { value: stringAttribute({ description: 'Value.', computed: true }) } });
const closed: unknown[] = [];
const token: EphemeralResource<typeof tokenSchema, Data> = {
  typeName: 'toy_token',
  schema: tokenSchema,
  open: async () => ({ result: { value: 't0k3n' }, private: { tokenId: 7 }, renewAt: new Date(0) }),
  renew: async ({ private: p }) => ({ private: p }),
  close: async ({ private: p }) => {
    closed.push(p);
    return {};
  },
};

let configuredSignal: AbortSignal | undefined;
const providerSchema = defineSchema({ description: 'Toy.', attributes: { prefix: stringAttribute({ description: 'Prefix.', optional: true }) } });
const provider: ProviderDefinition<typeof providerSchema, Data> = {
  typeName: 'toy',
  schema: providerSchema,
  configure: ({ config, stopSignal }) => {
    configuredSignal = stopSignal;
    return config.prefix === null ? { pending: 'prefix is not known until apply' } : { data: { prefix: config.prefix as string } };
  },
  resources: [thing],
  dataSources: [lookup],
  ephemeralResources: [token],
};

const caps = { deferralAllowed: false, writeOnlyAttributesAllowed: false };
const codecOf = (s: typeof thingSchema | typeof lookupSchema | typeof tokenSchema | typeof providerSchema) => new SchemaCodec(s);

describe('createProviderHandlers', () => {
  it('describes the schemas, with planDestroy and get_provider_schema_optional', async () => {
    const h = createProviderHandlers(provider);
    const schema = await h.getProviderSchema();
    expect(Object.keys(schema.resourceSchemas ?? {})).toEqual(['toy_thing']);
    expect(Object.keys(schema.dataSourceSchemas ?? {})).toEqual(['toy_lookup']);
    expect(Object.keys(schema.ephemeralResourceSchemas ?? {})).toEqual(['toy_token']);
    expect(schema.serverCapabilities).toEqual({ planDestroy: true, getProviderSchemaOptional: true });
  });

  it('answers an unknown type with a diagnostic naming it, and runs schema validators', async () => {
    const h = createProviderHandlers(provider);
    const unknown = await h.validateResourceConfig({ typeName: 'toy_nothing', config: undefined, clientCapabilities: caps });
    expect(unknown.diagnostics?.[0]?.detail).toMatch(/no resource type "toy_nothing"/);
    const codec = codecOf(thingSchema);
    const invalid = await h.validateResourceConfig({ typeName: 'toy_thing', config: codec.encode({ name: 'a b' }), clientCapabilities: caps });
    expect(invalid.diagnostics).toEqual([{ severity: 'error', summary: 'No spaces', path: [{ attribute: 'name' }] }]);
  });

  it('keeps the state with a warning when the provider configuration is not known yet, and refuses to apply', async () => {
    const h = createProviderHandlers(provider);
    await h.configureProvider({ terraformVersion: '1.11.4', config: codecOf(providerSchema).encode({ prefix: null }), clientCapabilities: caps });
    const codec = codecOf(thingSchema);
    const state = codec.encode({ id: 'x-1', name: 'n' });
    const read = await h.readResource({ typeName: 'toy_thing', currentState: state, private: new Uint8Array(), providerMeta: undefined, clientCapabilities: caps });
    expect(read.newState).toEqual(state);
    expect(read.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', summary: 'Resource not refreshed' })]);
    const apply = await h.applyResourceChange({
      typeName: 'toy_thing',
      priorState: undefined,
      plannedState: state,
      config: state,
      plannedPrivate: new Uint8Array(),
      providerMeta: undefined,
    });
    expect(apply.diagnostics).toEqual([expect.objectContaining({ summary: 'Provider not configured', detail: expect.stringMatching(/prefix is not known until apply/) })]);
  });

  it('plans, applies and reads through the configured provider; stop aborts the signal', async () => {
    const h = createProviderHandlers(provider);
    await h.configureProvider({ terraformVersion: '1.11.4', config: codecOf(providerSchema).encode({ prefix: 'p' }), clientCapabilities: caps });
    const codec = codecOf(thingSchema);
    const config = codec.encode({ name: 'n' });
    const plan = await h.planResourceChange({
      typeName: 'toy_thing',
      priorState: undefined,
      proposedNewState: config,
      config,
      priorPrivate: new Uint8Array(),
      providerMeta: undefined,
      clientCapabilities: caps,
    });
    const apply = await h.applyResourceChange({ typeName: 'toy_thing', priorState: undefined, plannedState: plan.plannedState, config, plannedPrivate: new Uint8Array(), providerMeta: undefined });
    expect(apply.diagnostics).toEqual([]);
    expect(decodeDynamicValue(codec.type, apply.newState)).toEqual({ id: 'p-1', name: 'n' });

    const destroy = await h.planResourceChange({
      typeName: 'toy_thing',
      priorState: apply.newState,
      proposedNewState: encodeDynamicValue(codec.type, null),
      config: encodeDynamicValue(codec.type, null),
      priorPrivate: new Uint8Array(),
      providerMeta: undefined,
      clientCapabilities: caps,
    });
    expect(decodeDynamicValue(codec.type, destroy.plannedState)).toBeNull();

    const data = await h.readDataSource({ typeName: 'toy_lookup', config: codecOf(lookupSchema).encode({ name: 'q' }), providerMeta: undefined, clientCapabilities: caps });
    expect(decodeDynamicValue(codecOf(lookupSchema).type, data.state)).toEqual({ name: 'q', id: 'p-q' });

    const opened = await h.openEphemeralResource!({ typeName: 'toy_token', config: codecOf(tokenSchema).encode({}), clientCapabilities: caps });
    expect(decodeDynamicValue(codecOf(tokenSchema).type, opened.result)).toEqual({ value: 't0k3n' });
    const renewed = await h.renewEphemeralResource!({ typeName: 'toy_token', private: opened.private });
    await h.closeEphemeralResource!({ typeName: 'toy_token', private: renewed.private });
    expect(closed).toEqual([{ tokenId: 7 }]);

    expect(configuredSignal?.aborted).toBe(false);
    await h.stopProvider!();
    expect(configuredSignal?.aborted).toBe(true);
    expect(isProviderStopped(configuredSignal?.reason)).toBe(true);
  });
});
