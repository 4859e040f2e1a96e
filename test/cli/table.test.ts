/**
 * The CLI's text output: aligned tables and records that a terminal shows as they are, even
 * when the service holds text with control, bidirectional or invisible characters.
 */
import { describe, expect, it } from 'vitest';
import { findUnsafeCharacters } from '../../src/core/display-text.js';
import { displayText, renderRecord, renderTable } from '../../src/cli/table.js';

describe('renderTable', () => {
  it('aligns columns under upper-case headers, with - for missing values', () => {
    expect(renderTable(['id', 'name'], [['k1', 'CRM Sync'], ['key_2', null]])).toBe('ID     NAME\nk1     CRM Sync\nkey_2  -');
  });

  it('writes control, bidirectional, invisible characters and line breaks as visible escapes, and aligns by them', () => {
    const table = renderTable(['name', 'status'], [['evil\u001b[31m\u202Egnp.exe', 'active'], ['two\nlines\tand\r', 'revoked'], ['Ad\u200Bmin\ud800', 'active']]);
    const widest = 'evil\\u{1b}[31m\\u{202e}gnp.exe'.length;
    const line = (name: string, status: string) => `${name.padEnd(widest)}  ${status}`;
    expect(table).toBe(
      [
        line('NAME', 'STATUS'),
        line('evil\\u{1b}[31m\\u{202e}gnp.exe', 'active'),
        line('two\\u{a}lines\\u{9}and\\u{d}', 'revoked'),
        line('Ad\\u{200b}min\\u{d800}', 'active'),
      ].join('\n'),
    );
    expect(findUnsafeCharacters(table.replaceAll('\n', ''), 'single_line')).toEqual([]);
  });

  it('leaves text that is safe to show as it is', () => {
    expect(renderTable(['name'], [['Ünïcødé 日本語 👩\u200D💻']])).toBe('NAME\nÜnïcødé 日本語 👩\u200D💻');
  });
});

describe('renderRecord', () => {
  it('escapes values, arrays and objects alike', () => {
    const text = renderRecord({ name: 'a\u001b]8;;http://x\u0007b', scopes: ['keys:read', '\u2066x'], metadata: { team: '\u009b' } });
    expect(text).toBe(['name      a\\u{1b}]8;;http://x\\u{7}b', 'scopes    keys:read, \\u{2066}x', 'metadata  {"team":"\\u{9b}"}'].join('\n'));
  });
});

describe('displayText', () => {
  it('is one line', () => {
    expect(displayText('a\nb')).toBe('a\\u{a}b');
  });
});
