import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Table } from '../../src/core/crc32.js';

describe('crc32', () => {
  it.each([
    ['', 0],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
    ['hello', 907_060_870],
  ])('CRC-32 of %j is %i', (text, expected) => {
    expect(crc32(text)).toBe(expected);
    expect(crc32Table(text)).toBe(expected);
  });

  it('table fallback agrees with the native implementation', () => {
    for (let i = 0; i < 200; i++) {
      const text = randomBytes(1 + (i % 60)).toString('base64');
      expect(crc32Table(text)).toBe(crc32(text));
    }
  });
});
