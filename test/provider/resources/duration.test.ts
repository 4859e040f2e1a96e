import { describe, expect, it } from 'vitest';
import { parseDuration, sameDuration } from '../../../src/provider/resources/duration.js';

describe('parseDuration', () => {
  const valid: [string, number][] = [
    ['90d', 90 * 86_400],
    ['2160h', 2160 * 3_600],
    ['1h30m', 5_400],
    ['45s', 45],
    ['0s', 0],
    ['1d12h', 129_600],
  ];
  for (const [text, seconds] of valid) it(`reads ${text}`, () => expect(parseDuration(text)).toEqual({ ok: true, seconds }));

  for (const text of ['', '90', 'd', '90 days', '1m1h', '1h1h', '1.5h', '-1h', '1w', ' 1h', '1h ']) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      const result = parseDuration(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain('is not a duration');
    });
  }

  it('refuses what is longer than any key lives', () => expect(parseDuration('99999d')).toMatchObject({ ok: false }));
  it('compares durations by length', () => {
    expect(sameDuration('90d', '2160h')).toBe(true);
    expect(sameDuration('90d', '89d')).toBe(false);
    expect(sameDuration(null, null)).toBe(true);
    expect(sameDuration('bad', 'bad')).toBe(false);
  });
});
