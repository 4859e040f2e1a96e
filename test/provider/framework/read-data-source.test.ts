/**
 * ReadDataSource (framework/read-data-source.ts): the configuration in, completed values out,
 * and the two invariants reported as provider bugs: no value without an error, no unknown.
 */
import { describe, expect, it } from 'vitest';
import { SchemaCodec, Unknown, defineSchema, errorDiagnostic, readDataSource, stringAttribute, type DataSource } from '../../../src/provider/framework/index.js';

const schema = defineSchema({
  description: 'Looks a thing up.',
  attributes: {
    name: stringAttribute({ description: 'Name.', optional: true }),
    id: stringAttribute({ description: 'Id.', computed: true }),
    note: stringAttribute({ description: 'Note.', computed: true }),
  },
});
const codec = new SchemaCodec(schema) as SchemaCodec;
const context = { provider: undefined, stopSignal: new AbortController().signal };
const lookup = (read: DataSource<typeof schema, unknown>['read']): DataSource<typeof schema, unknown> => ({ typeName: 'test_lookup', schema, read });

describe('readDataSource', () => {
  it('reads with the configuration (every attribute null when none came) and completes the value', async () => {
    const configs: unknown[] = [];
    const source = lookup(async ({ config }) => {
      configs.push(config);
      return { state: { name: config.name as string | null, id: 'thing-1' } as never };
    });
    expect(await readDataSource(source, codec, { name: 'q', id: null, note: null }, context)).toEqual({ state: { name: 'q', id: 'thing-1', note: null }, diagnostics: [] });
    await readDataSource(source, codec, null, context);
    expect(configs).toEqual([{ name: 'q', id: null, note: null }, { name: null, id: null, note: null }]);
  });

  it("passes the data source's errors on, and calls a missing value without one a provider bug", async () => {
    const failed = await readDataSource(lookup(async () => ({ state: null, diagnostics: [errorDiagnostic('Not found')] })), codec, null, context);
    expect(failed).toEqual({ state: null, diagnostics: [expect.objectContaining({ summary: 'Not found' })] });
    const silent = await readDataSource(lookup(async () => ({ state: null })), codec, null, context);
    expect(silent.diagnostics).toEqual([expect.objectContaining({ summary: 'Provider returned no data', detail: expect.stringMatching(/^Reading test_lookup produced no value\.\n\nThis is a bug in the provider/) })]);
  });

  it('reports an unknown left in the value, at its attribute', async () => {
    const out = await readDataSource(lookup(async () => ({ state: { name: null, id: Unknown, note: null } as never })), codec, null, context);
    expect(out.diagnostics).toEqual([expect.objectContaining({ summary: 'Provider returned an unknown value', path: [{ attribute: 'id' }] })]);
  });
});
