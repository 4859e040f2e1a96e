/**
 * The few DER (ASN.1 Distinguished Encoding Rules) encoders the start-up certificate needs.
 *
 * This is the one place the provider writes DER by hand: an X.509 library costs 150-300 ms of
 * start-up, paid by each of the 3-5 provider processes Terraform starts per command. Every
 * DER element is tag, length, contents; lengths below 128 take one byte, longer ones are
 * 0x80|n followed by n big-endian length bytes.
 */

/** Encodes one element: tag byte, definite length, contents. */
export function tlv(tag: number, contents: Uint8Array): Uint8Array {
  const n = contents.length;
  let header: number[];
  if (n < 0x80) header = [tag, n];
  else {
    const lenBytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) lenBytes.unshift(v & 0xff);
    header = [tag, 0x80 | lenBytes.length, ...lenBytes];
  }
  const out = new Uint8Array(header.length + n);
  out.set(header);
  out.set(contents, header.length);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** SEQUENCE (constructed, tag 0x30). */
export const sequence = (...items: Uint8Array[]): Uint8Array => tlv(0x30, concat(items));

/** SET (constructed, tag 0x31). */
export const set = (...items: Uint8Array[]): Uint8Array => tlv(0x31, concat(items));

/** Context-specific constructed tag [n] EXPLICIT wrapping one element. */
export const explicit = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 | n, inner);

/** INTEGER from unsigned big-endian bytes (a 0x00 is prepended when the top bit is set). */
export function integer(unsignedBigEndian: Uint8Array): Uint8Array {
  let bytes = unsignedBigEndian;
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0 && (bytes[i + 1]! & 0x80) === 0) i++; // minimal form
  bytes = bytes.subarray(i);
  if ((bytes[0]! & 0x80) !== 0) bytes = concat([Uint8Array.of(0), bytes]);
  return tlv(0x02, bytes);
}

/** A small non-negative INTEGER. */
export const smallInteger = (n: number): Uint8Array => integer(Uint8Array.of(n));

/** BOOLEAN TRUE (DER allows only 0xff for true). */
export const booleanTrue = (): Uint8Array => tlv(0x01, Uint8Array.of(0xff));

/** OBJECT IDENTIFIER from dotted text, e.g. `2.5.29.17`. */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [arcs[0]! * 40 + arcs[1]!]; // first two arcs share a byte
  for (const arc of arcs.slice(2)) {
    const base128: number[] = [];
    for (let v = arc; ; v = Math.floor(v / 128)) {
      base128.unshift((v & 0x7f) | (base128.length ? 0x80 : 0)); // continuation bit on all but the last
      if (v < 128) break;
    }
    out.push(...base128);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** OCTET STRING. */
export const octetString = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes);

/** BIT STRING with no unused bits (the leading 0 counts unused bits in the last byte). */
export const bitString = (bytes: Uint8Array): Uint8Array => tlv(0x03, concat([Uint8Array.of(0), bytes]));

/** UTF8String. */
export const utf8String = (text: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(text));

/**
 * A certificate time: UTCTime (YYMMDDHHMMSSZ) before 2050, GeneralizedTime (YYYYMMDDHHMMSSZ)
 * from 2050 on, as RFC 5280 section 4.1.2.5 requires.
 */
export function time(date: Date): Uint8Array {
  // From the UTC fields rather than toISOString, whose first call in a process costs about
  // 1 ms (V8 sets up its date cache), on the way to the plugin handshake.
  const two = (n: number) => String(n).padStart(2, '0');
  const year = date.getUTCFullYear();
  const rest = `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  return year < 2050
    ? tlv(0x17, Buffer.from(`${two(year % 100)}${rest}`, 'latin1'))
    : tlv(0x18, Buffer.from(`${String(year).padStart(4, '0')}${rest}`, 'latin1'));
}
