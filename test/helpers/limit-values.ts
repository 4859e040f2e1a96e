/**
 * Values of an exact size that the service accepts, for proving a limit at its boundary:
 * addresses and CIDR blocks of any length from the shortest to the longest one that parses,
 * and unique tokens.
 */
import { parseCidr, parseClientAddress } from '../../src/core/cidr.js';

/** `total` split into `parts` whole numbers that differ by at most one. */
function spread(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/** `::` followed by hex groups: every length from 2 (`::`) to 36 (`::` and seven 4-digit groups). */
function compressedIpv6(length: number): string | null {
  if (length === 2) return '::';
  for (let groups = 1; groups <= 7; groups++) {
    const digits = length - 2 - (groups - 1);
    if (digits >= groups && digits <= 4 * groups) return `::${spread(digits, groups).map((d) => 'f'.repeat(d)).join(':')}`;
  }
  return null;
}

/** A dotted quad of 7 (`1.1.1.1`) to 15 (`111.111.111.111`) characters, no leading zeros. */
function ipv4(length: number): string {
  return spread(length - 3, 4)
    .map((d) => '1'.repeat(d))
    .join('.');
}

/**
 * A CIDR block (or bare address) of exactly `length` characters that src/core accepts, or
 * null when none exists: 2 (`::`) to 49 (zero-padded IPv6 groups, an embedded IPv4 address
 * and `/128`).
 */
export function cidrOfLength(length: number): string | null {
  const padded = '0000:0000:0000:0000:0000:ffff:';
  let text: string | null = compressedIpv6(length);
  if (text === null && length >= padded.length + 7 && length <= padded.length + 15) text = padded + ipv4(length - padded.length);
  if (text === null && length > padded.length + 15 && length <= padded.length + 19) text = `${padded}${ipv4(length - padded.length - 4)}/128`;
  if (text !== null && !parseCidr(text).ok) throw new Error(`cidrOfLength made ${text}, which src/core refuses`);
  return text;
}

/**
 * A client address of exactly `length` characters, as a gateway may report it, or null: an
 * IPv6 address, or with a zone id (`fe80::1%…`, which the service ignores) when longer.
 */
export function addressOfLength(length: number): string | null {
  const zoned = 'fe80::1%';
  const text = compressedIpv6(length) ?? (length > zoned.length ? zoned + 'z'.repeat(length - zoned.length) : null);
  if (text !== null && parseClientAddress(text) === null) throw new Error(`addressOfLength made ${text}, which src/core refuses`);
  return text;
}

const TOKEN_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Makes tokens of a given length, each different from every other it made. */
export class UniqueTokens {
  private count = 0;

  /** `length` printable characters ending in a counter, e.g. `xxxx1A`; `''` for length 0. */
  next(length: number): string {
    if (length === 0) return '';
    let n = this.count++;
    let digits = '';
    do {
      digits = TOKEN_ALPHABET[n % TOKEN_ALPHABET.length] + digits;
      n = Math.floor(n / TOKEN_ALPHABET.length);
    } while (n > 0);
    if (length < digits.length) throw new Error(`no unique token of ${length} characters is left`);
    return 'x'.repeat(length - digits.length) + digits;
  }
}
