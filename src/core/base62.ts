/**
 * Base62 (`0-9A-Za-z`): the alphabet of secrets. It has no punctuation, so a secret survives
 * a double-click selection, a URL and a shell without quoting.
 */

import { randomBytes } from 'node:crypto';

/** The 62 characters, in the order that gives each its value: `0-9`, then `A-Z`, then `a-z`. */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Width of an encoded uint32: 62^6 ≈ 5.7e10 > 2^32, so six characters always suffice. */
export const BASE62_UINT32_WIDTH = 6;

const MAX_UINT32 = 0xffff_ffff;

/**
 * Encodes an unsigned 32-bit integer as exactly six base62 characters, most significant
 * first, left-padded with `0` (so the encoding has a fixed width and sorts like the number).
 * Throws a RangeError for anything that is not an integer in 0..2^32-1: that is a bug.
 */
export function encodeBase62Uint32(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > MAX_UINT32) {
    throw new RangeError(`encodeBase62Uint32 needs an integer in 0..${MAX_UINT32}, got ${value}`);
  }
  let out = '';
  let rest = value;
  for (let i = 0; i < BASE62_UINT32_WIDTH; i++) {
    out = BASE62_ALPHABET.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

/** Source of random bytes; node:crypto's `randomBytes` unless a test supplies a fixed one. */
export type RandomBytesSource = (size: number) => Uint8Array;

/**
 * Bytes below this are used, the rest are drawn again: 248 = 4 × 62, so `byte % 62` is
 * uniform over the accepted bytes. A plain `byte % 62` on all 256 values would make the
 * first eight characters 25% more likely than the others (modulo bias).
 */
const ACCEPT_BELOW = 248;

/**
 * Returns `length` characters drawn uniformly from the base62 alphabet using a CSPRNG,
 * by rejection sampling (about 3% of bytes are discarded and redrawn).
 * `source` exists for tests; production code passes nothing.
 */
export function randomBase62(length: number, source: RandomBytesSource = randomBytes): string {
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`randomBase62 needs a non-negative integer length, got ${length}`);
  }
  let out = '';
  while (out.length < length) {
    // Ask for a few spare bytes so that one call nearly always suffices despite rejections.
    const missing = length - out.length;
    const bytes = source(missing + 8);
    for (let i = 0; i < bytes.length && out.length < length; i++) {
      const byte = bytes[i]!;
      if (byte < ACCEPT_BELOW) out += BASE62_ALPHABET.charAt(byte % 62);
    }
  }
  return out;
}
