/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial) of a string's UTF-8 bytes: the checksum inside
 * every secret. Node has `zlib.crc32` since 20.15 / 22.2; the package supports Node >= 20.9,
 * so a table implementation stands in on older releases. Both give identical results (a test
 * compares them).
 */

import zlib from 'node:zlib';

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Table-driven CRC-32 of the UTF-8 bytes of `text`. Exported for the parity test. */
export function crc32Table(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  let crc = 0xffffffff;
  for (const byte of bytes) crc = TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// A default import is used on purpose: a named import of a missing export fails at link
// time on Node < 20.15, whereas a property read just yields undefined.
const native: ((data: string) => number) | undefined =
  typeof zlib.crc32 === 'function' ? (data: string) => zlib.crc32(data) : undefined;

/** CRC-32 (IEEE) of the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export const crc32: (text: string) => number = native ?? crc32Table;
