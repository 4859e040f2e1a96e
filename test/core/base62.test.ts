import { describe, expect, it } from 'vitest';
import { BASE62_ALPHABET, encodeBase62Uint32, randomBase62 } from '../../src/core/base62.js';

describe('BASE62_ALPHABET', () => {
  it('is 0-9, A-Z, a-z in that order', () => {
    expect(BASE62_ALPHABET).toBe('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
    expect(new Set(BASE62_ALPHABET).size).toBe(62);
  });
});

describe('encodeBase62Uint32', () => {
  it.each([
    [0, '000000'],
    [1, '000001'],
    [61, '00000z'],
    [62, '000010'],
    [62 ** 2 - 1, '0000zz'],
    [3_843, '0000zz'],
    [0xcbf43926, '3jZRME'],
    [0xffffffff, '4gfFC3'],
  ])('encodes %i as %s', (value, expected) => {
    expect(encodeBase62Uint32(value)).toBe(expected);
  });

  it('keeps numeric order as string order', () => {
    const values = [0, 9, 10, 35, 36, 61, 62, 1_000, 99_999, 2 ** 31, 0xffffffff];
    const encoded = values.map(encodeBase62Uint32);
    expect([...encoded].sort()).toEqual(encoded);
  });

  it.each([-1, 0x1_0000_0000, 1.5, Number.NaN])('refuses %s', (value) => {
    expect(() => encodeBase62Uint32(value)).toThrow(RangeError);
  });
});

describe('randomBase62', () => {
  it('returns the requested length from the alphabet', () => {
    for (const length of [0, 1, 32, 100]) {
      const value = randomBase62(length);
      expect(value).toHaveLength(length);
      expect(value).toMatch(/^[0-9A-Za-z]*$/);
    }
  });

  it('maps accepted bytes with byte % 62 and skips bytes 248-255 (no modulo bias)', () => {
    const bytes = [0, 248, 61, 255, 62, 247, 250, 123];
    let calls = 0;
    const source = (size: number) => {
      calls++;
      return Uint8Array.from(bytes.slice(0, size));
    };
    // 0→'0', 248 skipped, 61→'z', 255 skipped, 62→'0', 247→247%62=61→'z', 250 skipped, 123→123%62=61→'z'
    expect(randomBase62(5, source)).toBe('0z0zz');
    expect(calls).toBe(1);
  });

  it('draws again when a batch is all rejected', () => {
    const batches = [[255, 255, 255, 255, 255, 255, 255, 255, 255], [10, 11, 12, 13, 14, 15, 16, 17, 18]];
    const source = () => Uint8Array.from(batches.shift() ?? []);
    expect(randomBase62(1, source)).toBe('A');
  });

  it('is roughly uniform over many draws', () => {
    const counts = new Map<string, number>();
    const sample = randomBase62(62 * 2_000);
    for (const ch of sample) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // Expected 2,000 each; a modulo bias would put the first eight near 2,400.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(1_700);
      expect(count).toBeLessThan(2_300);
    }
  });
});
