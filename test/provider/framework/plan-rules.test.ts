/**
 * The planning rules the framework keeps for every resource (framework/plan.ts), table-driven
 * like terraform-plugin-framework's server_planresourcechange_test.go.
 */
import { describe, expect, it } from 'vitest';
import {
  SchemaCodec,
  Unknown,
  defineSchema,
  mapAttribute,
  planResourceChange,
  requiresReplace,
  setNestedBlock,
  stringAttribute,
  useStateForUnknown,
  withSemanticEquals,
  type CtyValue,
  type PlanInput,
  type Resource,
} from '../../../src/provider/framework/index.js';

const sameUpperCase = (a: string | null, b: string | null) => a !== null && b !== null && a.toUpperCase() === b.toUpperCase();

const schema = defineSchema({
  description: 'A test object.',
  attributes: {
    id: stringAttribute({ description: 'Id.', computed: true, planModifiers: [useStateForUnknown()] }),
    name: stringAttribute({ description: 'Name.', required: true, planModifiers: [] }),
    code: stringAttribute({ description: 'Compared ignoring case.', optional: true, semanticEquals: sameUpperCase }),
    region: stringAttribute({ description: 'Changing it replaces.', optional: true, planModifiers: [requiresReplace()] }),
    expires: stringAttribute({ description: 'Optional and computed.', optional: true, computed: true, planModifiers: [useStateForUnknown()] }),
    version: stringAttribute({ description: 'Changes on every update.', computed: true }),
    secret: stringAttribute({ description: 'Kept, even when null.', computed: true, planModifiers: [useStateForUnknown()] }),
    tags: mapAttribute('string', { description: 'Tags.', optional: true }),
  },
  blocks: {
    rule: withSemanticEquals(
      setNestedBlock({ description: 'Rules.', attributes: { value: stringAttribute({ description: 'Value.', required: true }) } }),
      (a, b) => a.length === b.length && a.every((r) => b.some((s) => sameUpperCase(r.value, s.value))),
    ),
  },
});

const codec = new SchemaCodec(schema);
type Obj = Record<string, CtyValue>;
const object = (values: Obj): Obj => codec.complete(values);

const prior = object({
  id: 'obj-1',
  name: 'alpha',
  code: 'abc',
  region: 'eu',
  expires: '2030',
  version: 'v1',
  secret: null,
  tags: null,
  rule: [{ value: 'x' }],
});

/** Proposed new state as Terraform builds it: config, with prior values for unset computed attributes. */
function proposed(config: Obj, before: Obj | null): Obj {
  const out = { ...config };
  for (const [name, attr] of Object.entries(schema.attributes)) {
    if (attr.computed && config[name] === null) out[name] = before?.[name] ?? null;
  }
  return out;
}

const resource = (modifyPlan?: Resource<typeof schema, unknown>['modifyPlan']): Resource<typeof schema, unknown> => ({
  typeName: 'test_object',
  schema,
  modifyPlan,
  create: async () => ({ state: null }),
  read: async ({ state }) => ({ state }),
  update: async () => ({ state: null }),
  delete: async () => ({}),
});

async function plan(config: Obj | null, before: Obj | null, modify?: Resource<typeof schema, unknown>['modifyPlan']) {
  const input: PlanInput = { prior: before, config, proposed: config && proposed(config, before) };
  return planResourceChange(resource(modify), codec as SchemaCodec, input);
}

describe('planResourceChange', () => {
  it('plans null for a destroy', async () => {
    expect(await plan(null, prior)).toEqual({ planned: null, requiresReplace: [], diagnostics: [] });
  });

  it('plans configured values as configured and unset computed ones unknown on create', async () => {
    const { planned, diagnostics } = await plan(object({ name: 'alpha', expires: '2031' }), null);
    expect(diagnostics).toEqual([]);
    expect(planned).toMatchObject({ name: 'alpha', expires: '2031', id: Unknown, version: Unknown, secret: Unknown, code: null, rule: [] });
  });

  const cases: { name: string; config: Obj; expect: Obj; replace?: string[] }[] = [
    {
      name: 'no change keeps every prior value, computed ones included',
      config: object({ name: 'alpha', code: 'abc', region: 'eu', rule: [{ value: 'x' }] }),
      expect: prior,
    },
    {
      name: 'a change makes computed values unknown, except those kept by useStateForUnknown (null too)',
      config: object({ name: 'beta', code: 'abc', region: 'eu', rule: [{ value: 'x' }] }),
      expect: { ...prior, name: 'beta', version: Unknown, id: 'obj-1', expires: '2030', secret: null },
    },
    {
      name: 'a value meaning the same as the prior one plans the prior value: no change at all',
      config: object({ name: 'alpha', code: 'ABC', region: 'eu', rule: [{ value: 'X' }] }),
      expect: prior,
    },
    {
      name: 'semantic equality does not hide a real change',
      config: object({ name: 'alpha', code: 'abd', region: 'eu', rule: [{ value: 'x' }] }),
      expect: { ...prior, code: 'abd', version: Unknown },
    },
    {
      name: 'an unset optional value plans null even when the prior one was equivalent to nothing',
      config: object({ name: 'alpha', region: 'eu', rule: [{ value: 'x' }] }),
      expect: { ...prior, code: null, version: Unknown },
    },
    {
      name: 'an optional+computed value left unset keeps its prior value through a change',
      config: object({ name: 'alpha', code: 'abc', region: 'eu', rule: [{ value: 'x' }], tags: { a: 'b' } }),
      expect: { ...prior, tags: { a: 'b' }, version: Unknown, expires: '2030' },
    },
    {
      name: 'requiresReplace reports the attribute',
      config: object({ name: 'alpha', code: 'abc', region: 'us', rule: [{ value: 'x' }] }),
      expect: { ...prior, region: 'us', version: Unknown },
      replace: ['region'],
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const result = await plan(c.config, prior);
      expect(result.diagnostics).toEqual([]);
      expect(result.planned).toEqual(c.expect);
      expect(result.requiresReplace).toEqual((c.replace ?? []).map((a) => [{ attribute: a }]));
    });
  }

  it("lets modifyPlan change computed values and add replacements", async () => {
    const result = await plan(object({ name: 'alpha', code: 'abc', region: 'eu', rule: [{ value: 'x' }] }), prior, ({ planned }) => {
      planned.secret = Unknown;
      return { requiresReplace: [[{ attribute: 'secret' }]] };
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.planned).toMatchObject({ secret: Unknown, version: 'v1' });
    expect(result.requiresReplace).toEqual([[{ attribute: 'secret' }]]);
  });

  it('reports a plan that changes a configured value as a provider bug, at the attribute', async () => {
    const result = await plan(object({ name: 'alpha', region: 'eu', rule: [] }), prior, ({ planned }) => {
      planned.name = 'something else';
    });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', summary: 'Provider produced an invalid plan', path: [{ attribute: 'name' }] }),
    ]);
    expect(result.diagnostics[0]!.detail).toMatch(/bug in the provider/);
  });

  it('tolerates unknown configured values', async () => {
    const result = await plan(object({ name: Unknown, code: Unknown, region: 'eu', rule: Unknown }), prior);
    expect(result.diagnostics).toEqual([]);
    expect(result.planned).toMatchObject({ name: Unknown, code: Unknown, rule: Unknown, version: Unknown, id: 'obj-1' });
  });
});
