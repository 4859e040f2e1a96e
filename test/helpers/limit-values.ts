/**
 * Values of an exact size that the service accepts, for proving a limit at its boundary:
 * addresses and CIDR blocks of any length from the shortest to the longest one that parses,
 * `X-Forwarded-For` lists, e-mail addresses, and unique tokens.
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

/**
 * An `X-Forwarded-For` list of exactly `length` characters (at least 7): dotted quads joined
 * by `, `, each of which src/core accepts as a client address.
 */
export function forwardedForOfLength(length: number): string | null {
  if (length < 7) return null;
  const entries: string[] = [];
  let left = length;
  // `1.1.1.1, ` is 9 characters; the last entry takes what is left, 7 to 15.
  while (left > 15) {
    entries.push('1.1.1.1');
    left -= 9;
  }
  entries.push(ipv4(left));
  for (const entry of entries) {
    if (parseClientAddress(entry) === null) throw new Error(`forwardedForOfLength made ${entry}, which src/core refuses`);
  }
  return entries.join(', ');
}

/** The longest address a mail path holds (RFC 5321, 4.5.3.1.3), and the longest local part. */
const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_DOMAIN_LABEL_LENGTH = 63;

/**
 * An e-mail address of exactly `length` characters, `tag` (lower case, unique where the
 * address must be) padded with `x` in its local part, then a domain of labels of at most 63
 * characters; or null when none exists: the shortest is 5 (`a@b.c`: the contract's
 * `format: email`, as ajv-formats checks it, wants a dot in the domain), the longest 254.
 */
export function emailOfLength(length: number, tag = ''): string | null {
  if (length < 5 || length > MAX_EMAIL_LENGTH) return null;
  const localLength = Math.min(MAX_LOCAL_PART_LENGTH, length - 4);
  if (tag.length > localLength) throw new Error(`no e-mail of ${length} characters holds the tag ${tag}`);
  const local = tag.padEnd(localLength, 'x');
  const domainLength = length - localLength - 1;
  const labels = Math.max(2, Math.ceil((domainLength + 1) / (MAX_DOMAIN_LABEL_LENGTH + 1)));
  const domain = spread(domainLength - (labels - 1), labels)
    .map((letters) => 'd'.repeat(letters))
    .join('.');
  return `${local}@${domain}`;
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
