import { describe, expect, it } from 'vitest';
import { durationSeconds, MAX_DURATION_SECONDS, parseDuration } from '../../src/core/duration.js';

describe('parseDuration', () => {
  it.each<[string, number]>([
    ['90d', 90 * 86_400],
    ['2160h', 2160 * 3_600],
    ['30m', 1_800],
    ['45s', 45],
    ['1h30m', 5_400],
    ['1d12h', 129_600],
    ['1d2h3m4s', 86_400 + 7_200 + 180 + 4],
    ['0s', 0],
    ['007m', 420],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toEqual({ ok: true, seconds });
  });

  it.each(['', '90', 'd', '90 days', '1m1h', '1h1h', '1.5h', '-1h', '1w', ' 1h', '1h ', '1H', '1h30', 'h1'])('refuses %j', (text) => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toBe(`${JSON.stringify(text)} is not a duration; write a whole number and a unit, e.g. "90d", "2160h", "1h30m" or "45s"`);
  });

  it('refuses what is longer than any key lives, and accepts the longest allowed', () => {
    expect(parseDuration('99999d')).toEqual({ ok: false, message: '"99999d" is longer than 100 years' });
    expect(parseDuration(`${MAX_DURATION_SECONDS}s`)).toEqual({ ok: true, seconds: MAX_DURATION_SECONDS });
  });

  it('is not confused by earlier calls (no shared regexp state)', () => {
    expect(parseDuration('1h1')).toMatchObject({ ok: false });
    expect(parseDuration('1h')).toEqual({ ok: true, seconds: 3600 });
  });

  it('quotes hostile input shortened', () => {
    const result = parseDuration('x'.repeat(500));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeLessThan(200);
  });
});

describe('durationSeconds', () => {
  it('is the seconds of a valid duration, null otherwise', () => {
    expect(durationSeconds('2h')).toBe(7200);
    expect(durationSeconds('2 hours')).toBeNull();
    expect(durationSeconds(null)).toBeNull();
  });
});
