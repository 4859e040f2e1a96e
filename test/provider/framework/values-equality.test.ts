/**
 * valuesEqual compares values in place; valueKey is the definition of equality it must keep
 * (sets without regard to order, unknown only equal to unknown, null and absent alike).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Unknown, type CtyType, type CtyValue } from '../../../src/provider/protocol/index.js';
import { valueKey, valuesEqual } from '../../../src/provider/framework/values.js';

const ruleType: CtyType = ['object', { cidr: 'string', note: 'string', weight: 'number' }];
const keyType: CtyType = [
  'object',
  {
    name: 'string',
    enabled: 'bool',
    limit: 'number',
    scopes: ['set', 'string'],
    tags: ['map', 'string'],
    rule: ['list', ruleType],
    pair: ['tuple', ['string', 'number']],
  },
];

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(Unknown) });
const str = fc.constantFrom('a', 'b', '10.0.0.0/8', '');
const num = fc.constantFrom<CtyValue>(0, -0, 1, 1.5, Number.NaN, 2n ** 60n, '3');
const rule = fc.record({ cidr: maybe(str), note: maybe(str), weight: maybe(num) }, { requiredKeys: [] });
const key = fc.record(
  {
    name: maybe(str),
    enabled: maybe(fc.boolean()),
    limit: maybe(num),
    scopes: maybe(fc.uniqueArray(str, { maxLength: 3 })),
    tags: maybe(fc.dictionary(fc.constantFrom('env', 'team', 'x'), maybe(str), { maxKeys: 3 })),
    rule: maybe(fc.array(rule, { maxLength: 3 })),
    pair: maybe(fc.tuple(maybe(str), maybe(num))),
  },
  { requiredKeys: [] },
);

describe('valuesEqual', () => {
  it('agrees with valueKey on every pair of values', () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        const x = a as CtyValue;
        const y = b as CtyValue;
        expect(valuesEqual(keyType, x, y)).toBe(valueKey(keyType, x) === valueKey(keyType, y));
        expect(valuesEqual(keyType, x, x)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds equal values equal however sets and maps are ordered', () => {
    fc.assert(
      fc.property(key, (a) => {
        const value = a as Record<string, CtyValue>;
        const reordered: Record<string, CtyValue> = { ...value };
        if (Array.isArray(value.scopes)) reordered.scopes = [...value.scopes].reverse();
        if (value.tags && typeof value.tags === 'object') reordered.tags = Object.fromEntries(Object.entries(value.tags).reverse());
        expect(valuesEqual(keyType, value, reordered)).toBe(true);
      }),
    );
  });

  it('tells apart what valueKey tells apart', () => {
    expect(valuesEqual(['list', 'string'], ['a', 'b'], ['b', 'a'])).toBe(false);
    expect(valuesEqual(['set', 'string'], ['a', 'b'], ['b', 'a'])).toBe(true);
    expect(valuesEqual(['map', 'string'], { a: null }, {})).toBe(false);
    expect(valuesEqual('number', Number.NaN, Number.NaN)).toBe(true);
    expect(valuesEqual('number', 0, -0)).toBe(true);
    expect(valuesEqual('number', 2n, 2)).toBe(true);
    expect(valuesEqual('string', '1', 1 as never)).toBe(false);
    expect(valuesEqual(ruleType, Unknown, Unknown)).toBe(true);
    expect(valuesEqual(ruleType, Unknown, null)).toBe(false);
    expect(valuesEqual(ruleType, undefined, null)).toBe(true);
  });
});
