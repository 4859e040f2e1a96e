/**
 * Open, renew and close around an ephemeral resource (framework/ephemeral-lifecycle.ts): the
 * private data travels as JSON from open to renew to close, and a type without renew or close
 * needs nothing done.
 */
import { describe, expect, it } from 'vitest';
import {
  closeEphemeralResource,
  defineSchema,
  openEphemeralResource,
  renewEphemeralResource,
  SchemaCodec,
  stringAttribute,
  type EphemeralResource,
} from '../../../src/provider/framework/index.js';

const schema = defineSchema({ description: 'A short-lived token.', attributes: { scope: stringAttribute({ description: 'Scope.', optional: true }), value: stringAttribute({ description: 'Value.', computed: true }) } });
const codec = new SchemaCodec(schema) as SchemaCodec;
const context = { provider: undefined, stopSignal: new AbortController().signal };

describe('the ephemeral lifecycle', () => {
  it('carries the private data of open through renew to close, as JSON', async () => {
    const calls: unknown[] = [];
    const token: EphemeralResource<typeof schema, unknown> = {
      typeName: 'test_token',
      schema,
      open: async ({ config }) => ({ result: { scope: config.scope as string | null, value: 't0k3n' }, private: { id: 7, scope: config.scope }, renewAt: new Date(60_000) }),
      renew: async ({ private: data }) => {
        calls.push(['renew', data]);
        return { private: { ...(data as object), renewed: true }, renewAt: new Date(120_000) };
      },
      close: async ({ private: data }) => {
        calls.push(['close', data]);
        return { diagnostics: [{ severity: 'warning', summary: 'Closed' }] };
      },
    };
    const opened = await openEphemeralResource(token, codec, { scope: 'read', value: null }, context);
    expect(opened.result).toEqual({ scope: 'read', value: 't0k3n' });
    expect(opened.renewAt).toEqual(new Date(60_000));
    expect(JSON.parse(new TextDecoder().decode(opened.private))).toEqual({ id: 7, scope: 'read' });

    const renewed = await renewEphemeralResource(token, opened.private, context);
    expect(renewed.renewAt).toEqual(new Date(120_000));
    const closed = await closeEphemeralResource(token, renewed.private, context);
    expect(calls).toEqual([
      ['renew', { id: 7, scope: 'read' }],
      ['close', { id: 7, scope: 'read', renewed: true }],
    ]);
    expect(closed.diagnostics).toEqual([{ severity: 'warning', summary: 'Closed' }]);
  });

  it('opens with every attribute null when no configuration came; without renew or close there is nothing to do', async () => {
    const bare: EphemeralResource<typeof schema, unknown> = { typeName: 'test_token', schema, open: async ({ config }) => ({ diagnostics: config.scope === null ? [] : [{ severity: 'error', summary: 'x' }] }) };
    expect(await openEphemeralResource(bare, codec, null, context)).toEqual({ result: undefined, private: undefined, renewAt: undefined, diagnostics: [] });
    expect(await renewEphemeralResource(bare, undefined, context)).toEqual({});
    expect(await closeEphemeralResource(bare, undefined, context)).toEqual({});
  });
});
