import { describe, expect, it } from 'vitest';
import { KEY_LIMITS, textLength, validateKeyFields, type KeyFieldsInput } from '../../src/core/key-fields.js';
import { parseTimestamp } from '../../src/core/timestamp.js';

describe('validateKeyFields', () => {
  it('accepts fields within the limits, and nothing given', () => {
    expect(
      validateKeyFields({
        name: 'x'.repeat(KEY_LIMITS.name),
        description: 'd'.repeat(KEY_LIMITS.description),
        scopes: ['keys:read', 'DEVICES_READ'],
        metadata: Object.fromEntries(Array.from({ length: KEY_LIMITS.metadataPairs }, (_, i) => [`k${i}`, 'v'.repeat(KEY_LIMITS.metadataValue)])),
      }),
    ).toEqual([]);
    expect(validateKeyFields({})).toEqual([]);
    expect(validateKeyFields({ description: null })).toEqual([]);
  });

  it('counts characters as the contract does (code points), not UTF-16 units', () => {
    expect(textLength('😀'.repeat(3))).toBe(3);
    expect(validateKeyFields({ name: '😀'.repeat(KEY_LIMITS.name) })).toEqual([]);
  });

  const cases: [string, KeyFieldsInput, { rule: string; path: unknown[]; message: RegExp }[]][] = [
    ['an empty name', { name: '' }, [{ rule: 'name_empty', path: ['name'], message: /must not be empty/ }]],
    ['a name of spaces', { name: '   ' }, [{ rule: 'name_empty', path: ['name'], message: /must not be empty/ }]],
    ['a long name', { name: 'x'.repeat(101) }, [{ rule: 'name_too_long', path: ['name'], message: /101 characters long; shorten it to at most 100/ }]],
    ['a long description', { description: 'x'.repeat(1001) }, [{ rule: 'description_too_long', path: ['description'], message: /longer than 1000/ }]],
    [
      'too many scopes',
      { scopes: Array.from({ length: 101 }, (_, i) => `s${i}`) },
      [{ rule: 'too_many_scopes', path: ['scopes'], message: /at most 100 scopes, got 101/ }],
    ],
    ['a malformed scope', { scopes: ['ok', '1bad'] }, [{ rule: 'scope_name', path: ['scopes', 1], message: /"1bad" is not a scope name/ }]],
    [
      'too much metadata',
      { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
      [{ rule: 'too_much_metadata', path: ['metadata'], message: /at most 50 metadata pairs, got 51/ }],
    ],
    ['a bad metadata key', { metadata: { 'has space': 'v' } }, [{ rule: 'metadata_key', path: ['metadata', 'has space'], message: /"has space" is not a metadata key/ }]],
    ['a long metadata key', { metadata: { ['k'.repeat(65)]: 'v' } }, [{ rule: 'metadata_key', path: ['metadata', 'k'.repeat(65)], message: /not a metadata key/ }]],
    ['a long metadata value', { metadata: { team: 'v'.repeat(501) } }, [{ rule: 'metadata_value', path: ['metadata', 'team'], message: /the value of "team" is longer than 500/ }]],
  ];
  it.each(cases)('refuses %s', (_name, input, expected) => {
    expect(validateKeyFields(input)).toEqual(expected.map((e) => ({ rule: e.rule, path: e.path, message: expect.stringMatching(e.message) })));
  });

  it('words messages without a final period, for callers to finish', () => {
    for (const issue of validateKeyFields({ name: '', scopes: ['-'], metadata: { 'a b': 'x' } })) expect(issue.message).not.toMatch(/\.$/);
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2027-02-20T00:00:00Z', Date.UTC(2027, 1, 20)],
    ['2027-02-20T01:00:00.000+01:00', Date.UTC(2027, 1, 20)],
    ['2027-02-20t00:00:00z', Date.UTC(2027, 1, 20)],
  ])('reads %s', (text, ms) => expect(parseTimestamp(text)).toBe(ms));

  it.each(['2027-02-20', 'next tuesday', '2027-02-20T00:00:00', '2027-13-01T00:00:00Z', ''])('refuses %j', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });
});
