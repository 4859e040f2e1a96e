/**
 * UpgradeResourceState (framework/upgrade-state.ts): state of the current schema version is
 * decoded as stored, older state goes to the resource's upgradeState, and what cannot be read
 * is refused with a message naming the type and the versions.
 */
import { describe, expect, it } from 'vitest';
import { SchemaCodec, defineSchema, stringAttribute, upgradeResourceState, type Resource } from '../../../src/provider/framework/index.js';

const schema = defineSchema({
  version: 2,
  description: 'A versioned object.',
  attributes: { id: stringAttribute({ description: 'Id.', computed: true }), name: stringAttribute({ description: 'Name.', required: true }) },
});
const codec = new SchemaCodec(schema) as SchemaCodec;
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function resource(upgradeState?: Resource<typeof schema, unknown>['upgradeState']): Resource<typeof schema, unknown> {
  const unexpected = async () => {
    throw new Error('not expected to be called');
  };
  return { typeName: 'test_object', schema, create: unexpected, read: unexpected, update: unexpected, delete: unexpected, ...(upgradeState ? { upgradeState } : {}) };
}

describe('upgradeResourceState', () => {
  it('decodes state of the current version, ignoring attributes the schema no longer has', () => {
    const out = upgradeResourceState(resource(), codec, { version: 2, json: json({ id: 'obj-1', name: 'alpha', gone: 'x' }) });
    expect(out).toEqual({ state: { id: 'obj-1', name: 'alpha' }, diagnostics: [] });
  });

  it("hands older state to the resource's upgradeState, with its diagnostics", () => {
    const seen: number[] = [];
    const upgraded = resource(({ version, json: stored }) => {
      seen.push(version);
      const old = JSON.parse(new TextDecoder().decode(stored)) as { key: string; title: string };
      return { state: { id: old.key, name: old.title }, diagnostics: [{ severity: 'warning', summary: 'Upgraded' }] };
    });
    const out = upgradeResourceState(upgraded, codec, { version: 1, json: json({ key: 'obj-1', title: 'alpha' }) });
    expect(seen).toEqual([1]);
    expect(out).toEqual({ state: { id: 'obj-1', name: 'alpha' }, diagnostics: [{ severity: 'warning', summary: 'Upgraded' }] });
  });

  it.each([
    ['a newer version', { version: 3, json: json({}) }, resource(() => ({ state: null })), 'Unsupported state version', /schema version 3; this provider knows version 2/],
    ['an older version without upgradeState', { version: 1, json: json({}) }, resource(), 'Unsupported state version', /schema version 1; this provider knows version 2/],
    ['the legacy flatmap format', { version: 2, json: undefined }, resource(), 'Unsupported state format', /test_object is in the legacy flatmap format/],
  ])('refuses %s, without a state', (_case, stored, definition, summary, detail) => {
    const out = upgradeResourceState(definition, codec, stored);
    expect(out.state).toBeUndefined();
    expect(out.diagnostics).toEqual([expect.objectContaining({ severity: 'error', summary, detail: expect.stringMatching(detail) })]);
  });
});
