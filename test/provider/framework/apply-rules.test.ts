/**
 * Apply, read and import around a resource (framework/apply.ts): which of create, update or
 * delete runs, semantic equality of results, and the invariants reported in the user's terms.
 */
import { describe, expect, it } from 'vitest';
import {
  SchemaCodec,
  Unknown,
  applyResourceChange,
  defineSchema,
  errorDiagnostic,
  importResource,
  readResource,
  stringAttribute,
  useStateForUnknown,
  type CtyValue,
  type Resource,
  type StateResponse,
} from '../../../src/provider/framework/index.js';

const sameUpperCase = (a: string | null, b: string | null) => a !== null && b !== null && a.toUpperCase() === b.toUpperCase();
const schema = defineSchema({
  description: 'A test object.',
  attributes: {
    id: stringAttribute({ description: 'Id.', computed: true, planModifiers: [useStateForUnknown()] }),
    name: stringAttribute({ description: 'Name.', required: true }),
    code: stringAttribute({ description: 'Compared ignoring case.', optional: true, semanticEquals: sameUpperCase }),
  },
});
const codec = new SchemaCodec(schema) as SchemaCodec;
type Obj = Record<string, CtyValue>;
type State = { id: string | null; name: string; code: string | null };
const context = { provider: undefined, stopSignal: new AbortController().signal };

function resource(overrides: Partial<Resource<typeof schema, unknown>>): Resource<typeof schema, unknown> {
  const unexpected = async (): Promise<StateResponse<typeof schema>> => {
    throw new Error('not expected to be called');
  };
  return { typeName: 'test_object', schema, create: unexpected, read: unexpected, update: unexpected, delete: unexpected, ...overrides };
}

const prior: Obj = { id: 'obj-1', name: 'alpha', code: 'abc' };

describe('applyResourceChange', () => {
  it('creates when there is no prior state, keeping the planned notation of equivalent values', async () => {
    const r = resource({ create: async ({ plan }) => ({ state: { ...(plan as State), id: 'obj-2', code: 'ABC' } }) });
    const out = await applyResourceChange(r, codec, { prior: null, planned: { id: Unknown, name: 'alpha', code: 'abc' }, config: null }, context);
    expect(out).toEqual({ state: { id: 'obj-2', name: 'alpha', code: 'abc' }, diagnostics: [] });
  });

  it('reports a create that returns no state and no error as a provider bug', async () => {
    const out = await applyResourceChange(resource({ create: async () => ({ state: null }) }), codec, { prior: null, planned: { id: Unknown, name: 'a', code: null }, config: null }, context);
    expect(out.state).toBeNull();
    expect(out.diagnostics).toEqual([expect.objectContaining({ severity: 'error', summary: 'Provider returned no state after create' })]);
    expect(out.diagnostics[0]!.detail).toMatch(/may exist in the service/);
  });

  it('passes a failed create on without state, and a partly failed one with its state', async () => {
    const failed = await applyResourceChange(
      resource({ create: async () => ({ state: null, diagnostics: [errorDiagnostic('Could not create')] }) }),
      codec,
      { prior: null, planned: { id: Unknown, name: 'a', code: null }, config: null },
      context,
    );
    expect(failed).toEqual({ state: null, diagnostics: [errorDiagnostic('Could not create')] });
    const partly = await applyResourceChange(
      resource({ create: async () => ({ state: { id: 'obj-3', name: 'a', code: null }, diagnostics: [errorDiagnostic('Half done')] }) }),
      codec,
      { prior: null, planned: { id: Unknown, name: 'a', code: null }, config: null },
      context,
    );
    expect(partly.state).toEqual({ id: 'obj-3', name: 'a', code: null });
  });

  it('updates when both states exist; a failed update without state keeps the prior state', async () => {
    const updated = await applyResourceChange(
      resource({ update: async ({ plan }) => ({ state: plan as State }) }),
      codec,
      { prior, planned: { ...prior, name: 'beta' }, config: null },
      context,
    );
    expect(updated.state).toEqual({ ...prior, name: 'beta' });
    const failed = await applyResourceChange(
      resource({ update: async () => ({ state: null, diagnostics: [errorDiagnostic('Conflict')] }) }),
      codec,
      { prior, planned: { ...prior, name: 'beta' }, config: null },
      context,
    );
    expect(failed.state).toEqual(prior);
  });

  it('deletes when there is no planned state; a failed delete keeps the object in state', async () => {
    const deleted = await applyResourceChange(resource({ delete: async () => ({}) }), codec, { prior, planned: null, config: null }, context);
    expect(deleted).toEqual({ state: null, diagnostics: [] });
    const failed = await applyResourceChange(
      resource({ delete: async () => ({ diagnostics: [errorDiagnostic('Nope')] }) }),
      codec,
      { prior, planned: null, config: null },
      context,
    );
    expect(failed.state).toEqual(prior);
  });

  it('reports a result that differs from a known planned value, at the attribute', async () => {
    const out = await applyResourceChange(
      resource({ update: async () => ({ state: { ...prior, name: 'gamma' } as State }) }),
      codec,
      { prior, planned: { ...prior, name: 'beta' }, config: null },
      context,
    );
    expect(out.diagnostics).toEqual([
      expect.objectContaining({ summary: 'Provider produced an inconsistent result after apply', path: [{ attribute: 'name' }] }),
    ]);
  });

  it('reports and clears a value left unknown', async () => {
    const out = await applyResourceChange(
      resource({ create: async ({ plan }) => ({ state: plan as State }) }),
      codec,
      { prior: null, planned: { id: Unknown, name: 'a', code: null }, config: null },
      context,
    );
    expect(out.state).toEqual({ id: null, name: 'a', code: null });
    expect(out.diagnostics).toEqual([expect.objectContaining({ summary: 'Provider returned an unknown value', path: [{ attribute: 'id' }] })]);
  });
});

describe('readResource and importResource', () => {
  it('keeps the prior notation of a value that means the same, and takes real changes', async () => {
    const out = await readResource(resource({ read: async () => ({ state: { id: 'obj-1', name: 'renamed', code: 'ABC' } }) }), codec, prior, context);
    expect(out.state).toEqual({ id: 'obj-1', name: 'renamed', code: 'abc' });
  });

  it('passes "gone" on as a null state with the resource\'s warning', async () => {
    const out = await readResource(resource({ read: async () => ({ state: null, diagnostics: [errorDiagnostic('x')] }) }), codec, prior, context);
    expect(out.state).toBeNull();
  });

  it('completes an imported partial state with nulls, and refuses import when the resource has none', async () => {
    const out = await importResource(resource({ importState: ({ id }) => ({ state: { id } }) }), codec, 'obj-9', context);
    expect(out.state).toEqual({ id: 'obj-9', name: null, code: null });
    const refused = await importResource(resource({}), codec, 'obj-9', context);
    expect(refused.diagnostics).toEqual([expect.objectContaining({ summary: 'Import not supported' })]);
  });
});
