import { describe, expect, it } from 'vitest';
import {
  displayTextProblem,
  escapeUnsafeText,
  FILTER_TEXT_PATTERN,
  findUnsafeCharacters,
  quoteInput,
  unsafeCharacterKind,
  validateDisplayText,
  type TextShape,
  type UnsafeCharacterKind,
} from '../../src/core/display-text.js';

/** Every character the rule names, with its kind in a name (single line). */
const REFUSED: Array<[string, number, UnsafeCharacterKind]> = [
  ['NUL', 0x00, 'control'],
  ['tab', 0x09, 'control'],
  ['line feed', 0x0a, 'line_break'],
  ['carriage return', 0x0d, 'line_break'],
  ['ESC', 0x1b, 'control'],
  ['unit separator', 0x1f, 'control'],
  ['DEL', 0x7f, 'control'],
  ['NEL', 0x85, 'control'],
  ['CSI (C1)', 0x9b, 'control'],
  ['APC (last C1)', 0x9f, 'control'],
  ['Arabic letter mark', 0x061c, 'bidi_control'],
  ['zero width space', 0x200b, 'invisible'],
  ['left-to-right mark', 0x200e, 'bidi_control'],
  ['right-to-left mark', 0x200f, 'bidi_control'],
  ['line separator', 0x2028, 'line_break'],
  ['paragraph separator', 0x2029, 'line_break'],
  ['left-to-right embedding', 0x202a, 'bidi_control'],
  ['right-to-left override', 0x202e, 'bidi_control'],
  ['word joiner', 0x2060, 'invisible'],
  ['invisible plus', 0x2064, 'invisible'],
  ['left-to-right isolate', 0x2066, 'bidi_control'],
  ['pop directional isolate', 0x2069, 'bidi_control'],
  ['nominal digit shapes', 0x206f, 'invisible'],
  ['byte order mark', 0xfeff, 'invisible'],
  ['interlinear annotation anchor', 0xfff9, 'invisible'],
  ['tag latin small a', 0xe0061, 'invisible'],
  ['cancel tag', 0xe007f, 'invisible'],
];

/** Characters that look unusual but are text: they stay. */
const ALLOWED: Array<[string, string]> = [
  ['plain ASCII', 'CRM Sync (EU) #2'],
  ['accents and other scripts', 'Ünïcødé 日本語 العربية עברית'],
  ['an emoji', '🔑'],
  ['an emoji ZWJ sequence', '👩\u200D💻'],
  ['a zero width non-joiner (Persian)', 'می\u200Cخواهم'],
  ['a variation selector', '❤\uFE0F'],
  ['a soft hyphen', 'key\u00ADplane'],
  ['the last BMP character before C1', '~'],
  ['the first character after C1', '\u00A0'],
  ['U+2065 (unassigned, between the bidi blocks)', '\u2065'],
  ['the highest code point', '\u{10FFFF}'],
];

describe('unsafeCharacterKind', () => {
  it.each(REFUSED)('refuses %s in a name', (_name, codePoint, kind) => {
    expect(unsafeCharacterKind(codePoint, 'single_line')).toBe(kind);
  });

  it.each(REFUSED.filter(([, cp]) => cp !== 0x09 && cp !== 0x0a))('refuses %s in free text too', (_name, codePoint, kind) => {
    expect(unsafeCharacterKind(codePoint, 'free_text')).toBe(kind);
  });

  it('allows line feed and tab in free text only', () => {
    expect(unsafeCharacterKind(0x0a, 'free_text')).toBeNull();
    expect(unsafeCharacterKind(0x09, 'free_text')).toBeNull();
  });
});

describe('findUnsafeCharacters', () => {
  it.each(ALLOWED)('finds nothing in %s', (_name, text) => {
    for (const shape of ['single_line', 'free_text'] as const) expect(findUnsafeCharacters(text, shape)).toEqual([]);
  });

  it('counts positions in code points from 1, and finds a surrogate only when it is alone', () => {
    expect(findUnsafeCharacters('🔑a\u001b', 'single_line')).toEqual([{ codePoint: 0x1b, position: 3, kind: 'control' }]);
    expect(findUnsafeCharacters('\ud800', 'single_line')).toEqual([{ codePoint: 0xd800, position: 1, kind: 'lone_surrogate' }]);
    expect(findUnsafeCharacters('a\udfffb\ud83d', 'free_text').map((c) => [c.codePoint, c.position])).toEqual([[0xdfff, 2], [0xd83d, 4]]);
    // A surrogate pair is one character, not two halves.
    expect(findUnsafeCharacters('\ud83d\udd11', 'single_line')).toEqual([]);
  });
});

describe('displayTextProblem', () => {
  const cases: Array<[string, string, TextShape, string | null]> = [
    ['ESC of an ANSI sequence', 'abc\u001b[31mred', 'single_line', 'name contains a control character (U+001B) at position 4; remove it'],
    ['NUL', '\u0000', 'single_line', 'name contains a control character (U+0000) at position 1; remove it'],
    ['RLO', 'invoice\u202Etxt.exe', 'single_line', 'name contains a bidirectional control character (U+202E) at position 8; remove it'],
    ['a lone surrogate', 'x\ud800', 'single_line', 'name contains a lone surrogate (U+D800) at position 2; remove it'],
    ['a zero width space', 'Ad\u200Bmin', 'single_line', 'name contains an invisible format character (U+200B) at position 3; remove it'],
    ['a line feed in a name', 'a\nb', 'single_line', 'name contains a line break (U+000A) at position 2; it must be a single line; remove it'],
    ['a CR in free text', 'a\r\nb', 'free_text', 'name contains a line break other than a line feed (U+000D) at position 2; break lines with a line feed (U+000A) only'],
    ['several characters', '\u001b[2J\u202E\u0007', 'single_line', 'name contains a control character (U+001B) at position 1 and 2 more characters that cannot be shown safely; remove them'],
    ['two characters', '\u0000\u0000', 'single_line', 'name contains a control character (U+0000) at position 1 and 1 more character that cannot be shown safely; remove them'],
    ['lines and tabs in free text', 'line one\n\tline two', 'free_text', null],
    ['plain text', 'CRM Sync', 'single_line', null],
  ];
  it.each(cases)('words %s', (_name, text, shape, expected) => {
    expect(displayTextProblem('name', text, shape)).toBe(expected);
  });

  it('never repeats the offending character', () => {
    for (const [, codePoint] of REFUSED) {
      const character = String.fromCodePoint(codePoint);
      const message = displayTextProblem('description', `a${character}b`, 'single_line')!;
      expect(message).not.toContain(character);
      expect(findUnsafeCharacters(message, 'single_line')).toEqual([]);
    }
  });

  it('is an issue at the given path', () => {
    expect(validateDisplayText(['metadata', 'team'], 'the value', '\u0085', 'single_line')).toEqual([
      { path: ['metadata', 'team'], message: 'the value contains a control character (U+0085) at position 1; remove it' },
    ]);
    expect(validateDisplayText(['name'], 'name', 'fine', 'single_line')).toEqual([]);
  });
});

describe('escapeUnsafeText', () => {
  it.each<[string, string, TextShape, string]>([
    ['an ANSI colour', '\u001b[31mred\u001b[0m', 'single_line', '\\u{1b}[31mred\\u{1b}[0m'],
    ['NUL and DEL', 'a\u0000b\u007f', 'single_line', 'a\\u{0}b\\u{7f}'],
    ['an RLO', 'abc\u202Efdp.exe', 'single_line', 'abc\\u{202e}fdp.exe'],
    ['a lone surrogate', 'x\ud800y', 'single_line', 'x\\u{d800}y'],
    ['a tag character', 'a\u{E0041}', 'single_line', 'a\\u{e0041}'],
    ['lines in a single line', 'a\r\nb\tc', 'single_line', 'a\\u{d}\\u{a}b\\u{9}c'],
    ['lines in free text', 'a\r\nb\tc', 'free_text', 'a\\u{d}\nb\tc'],
    ['safe text', 'Ünïcødé 🔑 👩\u200D💻', 'single_line', 'Ünïcødé 🔑 👩\u200D💻'],
  ])('writes %s as visible escapes', (_name, text, shape, expected) => {
    expect(escapeUnsafeText(text, shape)).toBe(expected);
  });

  it('leaves nothing a terminal or a spreadsheet would act on', () => {
    const hostile = REFUSED.map(([, cp]) => String.fromCodePoint(cp)).join('') + '\ud800';
    expect(findUnsafeCharacters(escapeUnsafeText(hostile, 'single_line'), 'single_line')).toEqual([]);
    expect(findUnsafeCharacters(escapeUnsafeText(hostile, 'free_text'), 'free_text')).toEqual([]);
  });
});

describe('FILTER_TEXT_PATTERN', () => {
  it.each([['NUL', '\u0000'], ['ESC', 'a\u001b'], ['DEL', '\u007f'], ['a C1 control', '\u009b'], ['a line feed', 'a\nb']])('refuses %s', (_name, text) => {
    expect(FILTER_TEXT_PATTERN.test(text)).toBe(false);
  });

  it.each([['text', 'CRM'], ['an RLO (to find names stored before the rule)', '\u202E'], ['an emoji', '🔑'], ['NBSP', '\u00A0']])('allows %s', (_name, text) => {
    expect(FILTER_TEXT_PATTERN.test(text)).toBe(true);
    // Ajv compiles contract patterns with the u flag: same answer.
    expect(new RegExp(FILTER_TEXT_PATTERN.source, 'u').test(text)).toBe(true);
  });
});

describe('quoteInput', () => {
  it('escapes what JSON quoting leaves as it is', () => {
    expect(quoteInput('a\u202Eb\u0085c\u001b')).toBe('"a\\u{202e}b\\u{85}c\\u001b"');
    expect(quoteInput('\ud800')).toBe('"\\ud800"');
  });
});
