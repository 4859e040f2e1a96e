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
    [
      'an ANSI sequence in the name',
      { name: 'CRM\u001b[2J' },
      [{ rule: 'name_text', path: ['name'], message: /^name contains a control character \(U\+001B\) at position 4; remove it$/ }],
    ],
    ['a NUL name', { name: '\u0000' }, [{ rule: 'name_text', path: ['name'], message: /^name contains a control character \(U\+0000\) at position 1; remove it$/ }]],
    ['a line feed in the name', { name: 'a\nb' }, [{ rule: 'name_text', path: ['name'], message: /line break \(U\+000A\) at position 2; it must be a single line/ }]],
    [
      'an RLO in the description',
      { description: 'ok\u202Etxt' },
      [{ rule: 'description_text', path: ['description'], message: /^description contains a bidirectional control character \(U\+202E\) at position 3; remove it$/ }],
    ],
    ['a lone surrogate in the description', { description: '\ud800' }, [{ rule: 'description_text', path: ['description'], message: /lone surrogate \(U\+D800\)/ }]],
    [
      'a C1 control in a metadata value',
      { metadata: { team: 'fin\u009bance' } },
      [{ rule: 'metadata_value_text', path: ['metadata', 'team'], message: /^the value of metadata "team" contains a control character \(U\+009B\) at position 4; remove it$/ }],
    ],
    ['a line feed in a metadata value', { metadata: { team: 'a\nb' } }, [{ rule: 'metadata_value_text', path: ['metadata', 'team'], message: /line break/ }]],
  ];
  it.each(cases)('refuses %s', (_name, input, expected) => {
    expect(validateKeyFields(input)).toEqual(expected.map((e) => ({ rule: e.rule, path: e.path, message: expect.stringMatching(e.message) })));
  });

  it('allows line feeds and tabs in a description, which is free text', () => {
    expect(validateKeyFields({ name: 'CRM Sync', description: 'Nightly sync.\n\tOwner: finance' })).toEqual([]);
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
