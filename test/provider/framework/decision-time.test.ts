/**
 * Plans decide by the time of the last refresh (framework/decision-time.ts), so that the plan
 * Terraform makes again during apply decides as the first one did.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decisionTime, withoutRefreshTime, withRefreshTime } from '../../../src/provider/framework/decision-time.js';
import { SchemaCodec, createProviderHandlers, defineSchema, stringAttribute, type ProviderDefinition, type Resource } from '../../../src/provider/framework/index.js';

const utf8 = new TextEncoder();

describe('decision time in the private state', () => {
  it('is the refresh time once a refresh recorded it, and the clock otherwise', () => {
    expect(decisionTime(undefined, 42)).toBe(42);
    expect(decisionTime(new Uint8Array(), 42)).toBe(42);
    expect(decisionTime(withRefreshTime(undefined, 1_000), 42)).toBe(1_000);
    expect(decisionTime(withoutRefreshTime(withRefreshTime(undefined, 1_000)), 42)).toBe(42);
  });

  it('keeps the other private fields, and reads bytes that are not its JSON as empty', () => {
    const other = utf8.encode('{"kept":true}');
    const refreshed = withRefreshTime(other, 7);
    expect(JSON.parse(new TextDecoder().decode(refreshed))).toEqual({ kept: true, refreshed_at: 7 });
    expect(JSON.parse(new TextDecoder().decode(withoutRefreshTime(refreshed)))).toEqual({ kept: true });
    expect(withoutRefreshTime(other)).toBe(other);
    expect(decisionTime(utf8.encode('not json'), 42)).toBe(42);
    expect(decisionTime(utf8.encode('[1]'), 42)).toBe(42);
    expect(decisionTime(utf8.encode('{"refreshed_at":"soon"}'), 42)).toBe(42);
  });
});

const schema = defineSchema({
  description: 'A thing.',
  attributes: {
    id: stringAttribute({ description: 'Id.', computed: true }),
    name: stringAttribute({ description: 'Name.', required: true }),
  },
});
const decidedAt: number[] = [];
const thing: Resource<typeof schema, null> = {
  typeName: 'clock_thing',
  schema,
  modifyPlan: async ({ now }) => {
    decidedAt.push(now);
    return {};
  },
  create: async ({ plan }) => ({ state: { id: 't-1', name: plan.name as string } }),
  read: async ({ state }) => ({ state }),
  update: async ({ plan }) => ({ state: plan as { id: string; name: string } }),
  delete: async () => ({}),
};
const providerSchema = defineSchema({ description: 'Clock.', attributes: {} });
const provider: ProviderDefinition<typeof providerSchema, null> = { typeName: 'clock', schema: providerSchema, configure: () => ({ data: null }), resources: [thing] };
const caps = { deferralAllowed: false, writeOnlyAttributesAllowed: false };

afterEach(() => {
  vi.restoreAllMocks();
  decidedAt.length = 0;
});

describe('the RPCs', () => {
  it('plan, and plan again during apply, as of the refresh; apply forgets the time, so a plan without a refresh uses the clock', async () => {
    const h = createProviderHandlers(provider);
    await h.configureProvider({ terraformVersion: '1.11.4', config: new SchemaCodec(providerSchema).encode({}), clientCapabilities: caps });
    const codec = new SchemaCodec(schema);
    const state = codec.encode({ id: 't-1', name: 'before' });
    const config = codec.encode({ name: 'after' });
    const proposed = codec.encode({ id: 't-1', name: 'after' });
    const clock = vi.spyOn(Date, 'now');

    clock.mockReturnValue(1_000_000);
    const read = await h.readResource({ typeName: 'clock_thing', currentState: state, private: new Uint8Array(), providerMeta: undefined, clientCapabilities: caps });
    const plan = () =>
      h.planResourceChange({ typeName: 'clock_thing', priorState: read.newState, proposedNewState: proposed, config, priorPrivate: read.private ?? new Uint8Array(), providerMeta: undefined, clientCapabilities: caps });

    clock.mockReturnValue(1_005_000);
    const planned = await plan(); // terraform plan, 5 s after its refresh
    clock.mockReturnValue(1_600_000);
    await plan(); // the same plan made again during apply, 10 minutes later
    expect(decidedAt).toEqual([1_000_000, 1_000_000]);
    expect(planned.plannedPrivate).toEqual(read.private);

    const applied = await h.applyResourceChange({ typeName: 'clock_thing', priorState: read.newState, plannedState: planned.plannedState, config, plannedPrivate: planned.plannedPrivate ?? new Uint8Array(), providerMeta: undefined });
    expect(decisionTime(applied.private, -1)).toBe(-1);

    clock.mockReturnValue(2_000_000);
    await h.planResourceChange({ typeName: 'clock_thing', priorState: applied.newState, proposedNewState: proposed, config, priorPrivate: applied.private ?? new Uint8Array(), providerMeta: undefined, clientCapabilities: caps });
    expect(decidedAt.at(-1)).toBe(2_000_000);
  });
});
