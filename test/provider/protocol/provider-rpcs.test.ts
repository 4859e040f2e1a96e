import { describe, expect, it, vi } from 'vitest';
import * as pb from '../../../src/provider/protocol/generated/messages.js';
import { attributePath, errorDiagnostic, warningDiagnostic } from '../../../src/provider/protocol/diagnostic-messages.js';
import type { ProviderHandlers } from '../../../src/provider/protocol/provider-handlers.js';
import {
  invokeProviderRpc,
  providerRpcs,
  UnimplementedError,
  type ProtoRequest,
  type ProviderMethod,
} from '../../../src/provider/protocol/provider-rpcs.js';

/** A provider whose required handlers all succeed with nothing to say. */
const quiet = (): ProviderHandlers => ({
  getProviderSchema: () => ({}),
  validateProviderConfig: () => ({}),
  configureProvider: () => ({}),
  validateResourceConfig: () => ({}),
  upgradeResourceState: () => ({}),
  readResource: () => ({}),
  planResourceChange: () => ({}),
  applyResourceChange: () => ({}),
  importResourceState: () => ({}),
  validateDataResourceConfig: () => ({}),
  readDataSource: () => ({}),
});

/** Runs an RPC like the transport does: the request goes through its wire encoding first. */
async function call<M extends ProviderMethod>(
  handlers: ProviderHandlers,
  method: M,
  request: object = {},
  report = vi.fn(),
): Promise<ReturnType<(typeof pb.ProviderService)[M]['response']['decode']>> {
  const { request: reqType, response: resType } = pb.ProviderService[method];
  const decodedRequest = reqType.decode(reqType.encode(request as never)) as ProtoRequest<M>;
  const response = await invokeProviderRpc(handlers, method, decodedRequest, report);
  return resType.decode(resType.encode(response as never)) as ReturnType<(typeof pb.ProviderService)[M]['response']['decode']>;
}

describe('the RPC table', () => {
  it('has one entry per RPC of tfplugin6.Provider', () => {
    expect(Object.keys(providerRpcs).sort()).toEqual(Object.keys(pb.ProviderService).sort());
  });
});

describe('exceptions never escape a handler', () => {
  it('turns a thrown error into an error diagnostic and reports it', async () => {
    const report = vi.fn();
    const handlers = { ...quiet(), readResource: () => { throw new Error('boom'); } };
    const res = await call(handlers, 'ReadResource', { typeName: 'x' }, report);
    expect(res.diagnostics).toHaveLength(1);
    expect(res.diagnostics[0]).toMatchObject({ severity: pb.Diagnostic_Severity.ERROR, summary: 'Unexpected error in the provider' });
    expect(res.diagnostics[0]!.detail).toMatch(/^ReadResource failed: boom/);
    expect(report).toHaveBeenCalledWith('ReadResource', expect.any(Error));
  });

  it('turns a rejected promise into an error diagnostic', async () => {
    const handlers = { ...quiet(), planResourceChange: async () => Promise.reject(new TypeError('bad plan')) };
    const res = await call(handlers, 'PlanResourceChange');
    expect(res.diagnostics[0]!.detail).toMatch(/bad plan/);
  });

  it('catches errors of the conversion to protobuf too (e.g. a bad schema)', async () => {
    const handlers = { ...quiet(), getProviderSchema: () => ({ resourceSchemas: { a: { block: { attributes: { x: {} } } } } }) };
    const res = await call(handlers, 'GetProviderSchema');
    expect(res.diagnostics[0]!.detail).toMatch(/exactly one of type and nestedType/);
  });

  it('reports a failed function call in FunctionError and a failed stop in Error', async () => {
    const fn = await call({ ...quiet(), callFunction: () => { throw new Error('nope'); } }, 'CallFunction', { name: 'f' });
    expect(fn.error?.text).toMatch(/nope/);
    const stop = await call({ ...quiet(), stopProvider: () => { throw new Error('stuck'); } }, 'StopProvider');
    expect(stop.error).toMatch(/stuck/);
  });
});

describe('optional handlers', () => {
  it('GetMetadata is UNIMPLEMENTED without a handler', async () => {
    await expect(call(quiet(), 'GetMetadata')).rejects.toBeInstanceOf(UnimplementedError);
  });

  it('functions and identity schemas default to none; stop succeeds', async () => {
    expect((await call(quiet(), 'GetFunctions')).functions).toEqual({});
    expect((await call(quiet(), 'GetResourceIdentitySchemas')).identitySchemas).toEqual({});
    expect((await call(quiet(), 'StopProvider')).error).toBe('');
  });

  it('ephemeral resources, moves and functions answer with an error', async () => {
    const open = await call(quiet(), 'OpenEphemeralResource', { typeName: 'kp_token' });
    expect(open.diagnostics[0]!.summary).toBe('Ephemeral resource type kp_token is not supported by this provider');
    expect((await call(quiet(), 'MoveResourceState')).diagnostics).toHaveLength(1);
    expect((await call(quiet(), 'CallFunction', { name: 'f' })).error?.text).toMatch(/no function f/);
  });
});

describe('conversions', () => {
  it('gives handlers plain requests with capabilities filled in', async () => {
    const seen: unknown[] = [];
    const handlers = {
      ...quiet(),
      configureProvider: (req: unknown) => (seen.push(req), {}),
      upgradeResourceState: (req: unknown) => (seen.push(req), {}),
    };
    await call(handlers, 'ConfigureProvider', {
      terraformVersion: '1.11.4',
      config: { msgpack: Uint8Array.of(0xc0) },
      clientCapabilities: { writeOnlyAttributesAllowed: true },
    });
    await call(handlers, 'UpgradeResourceState', { typeName: 't', version: 1, rawState: { json: new TextEncoder().encode('{}') } });
    expect(seen[0]).toEqual({
      terraformVersion: '1.11.4',
      config: { msgpack: Uint8Array.of(0xc0), json: new Uint8Array(0) },
      clientCapabilities: { deferralAllowed: false, writeOnlyAttributesAllowed: true },
    });
    expect(seen[1]).toEqual({ typeName: 't', version: 1, rawState: { json: new TextEncoder().encode('{}'), flatmap: undefined } });
  });

  it('sends diagnostics with attribute paths, requires_replace and deferrals', async () => {
    const handlers = {
      ...quiet(),
      planResourceChange: () => ({
        plannedState: { msgpack: Uint8Array.of(0xc0) },
        requiresReplace: [attributePath('name')],
        deferred: 'provider_config_unknown' as const,
        diagnostics: [
          errorDiagnostic('Invalid CIDR', '"10.0.0.0/33" is not a CIDR block', attributePath('ip_rule', 1, 'cidr')),
          warningDiagnostic('Tag', undefined, attributePath('tags', { key: 'env' })),
        ],
      }),
    };
    const res = await call(handlers, 'PlanResourceChange');
    expect(res.plannedState?.msgpack).toEqual(Uint8Array.of(0xc0));
    expect(res.requiresReplace).toEqual([{ steps: [{ attributeName: 'name' }] }]);
    expect(res.deferred).toEqual({ reason: pb.Deferred_Reason.PROVIDER_CONFIG_UNKNOWN });
    expect(res.diagnostics[0]!.attribute!.steps).toEqual([{ attributeName: 'ip_rule' }, { elementKeyInt: 1 }, { attributeName: 'cidr' }]);
    expect(res.diagnostics[1]).toMatchObject({ severity: pb.Diagnostic_Severity.WARNING, detail: '' });
    expect(res.diagnostics[1]!.attribute!.steps).toEqual([{ attributeName: 'tags' }, { elementKeyString: 'env' }]);
  });

  it('sends renew times as protobuf timestamps', async () => {
    const handlers = { ...quiet(), openEphemeralResource: () => ({ renewAt: new Date(1_700_000_000_250), private: Uint8Array.of(1) }) };
    const res = await call(handlers, 'OpenEphemeralResource');
    expect(res.renewAt).toEqual({ seconds: 1_700_000_000, nanos: 250_000_000 });
    expect(res.private).toEqual(Uint8Array.of(1));
  });

  it('sends schemas and server capabilities', async () => {
    const handlers = {
      ...quiet(),
      getProviderSchema: () => ({
        resourceSchemas: { kp_key: { block: { attributes: { id: { type: 'string' as const, computed: true } } } } },
        serverCapabilities: { planDestroy: true, getProviderSchemaOptional: true },
      }),
    };
    const res = await call(handlers, 'GetProviderSchema');
    expect(res.provider?.block?.attributes).toEqual([]);
    expect(res.resourceSchemas.kp_key?.block?.attributes[0]?.name).toBe('id');
    expect(res.serverCapabilities).toEqual({ planDestroy: true, getProviderSchemaOptional: true, moveResourceState: false });
  });
});
