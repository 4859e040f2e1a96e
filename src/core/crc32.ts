/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial) of a string's UTF-8 bytes: the checksum inside
 * every secret. Node has `zlib.crc32` since 20.15 / 22.2; the package supports Node >= 20.9,
 * so a table implementation stands in on older releases. Both give identical results (a test
 * compares them).
 *
 * zlib is looked up on the first checksum, not imported: loading it costs about 5 ms, and
 * the Terraform provider, which Terraform starts 3-5 times per command, reaches this module
 * at start-up without always needing a checksum.
 */

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

type Crc32 = (text: string) => number;

/** `zlib.crc32` when this Node.js has it (`process.getBuiltinModule` is 20.16+), else undefined. */
function nativeCrc32(): Crc32 | undefined {
  const getBuiltinModule = (globalThis.process as { getBuiltinModule?: (id: string) => unknown } | undefined)?.getBuiltinModule;
  const zlib = getBuiltinModule?.('node:zlib') as { crc32?: (data: string) => number } | undefined;
  return zlib && typeof zlib.crc32 === 'function' ? (data: string) => zlib.crc32!(data) : undefined;
}

let implementation: Crc32 | undefined;

/** CRC-32 (IEEE) of the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export function crc32(text: string): number {
  return (implementation ??= nativeCrc32() ?? crc32Table)(text);
}
