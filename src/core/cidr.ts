/**
 * Parsing of IP addresses and CIDR blocks into a canonical, numeric form. Shared by IP rule
 * validation (user input, so every failure is explained) and by the request path (client
 * addresses, so parsing is cheap and failure is just `null`).
 *
 * Decisions, so that the API, `terraform validate` and `cdktf synth` agree:
 * - A bare address means a single host: `/32` for IPv4, `/128` for IPv6.
 * - Host bits are cleared: `10.0.0.1/24` is accepted and stored as `10.0.0.0/24`.
 * - IPv4 is four decimal numbers without leading zeros, also inside IPv6; `010.0.0.1`
 *   (octal in some parsers), `10.1` and hex forms are refused as ambiguous.
 * - IPv6 is written lower-case and compressed (RFC 5952).
 * - An IPv4-mapped IPv6 block (`::ffff:10.0.0.0/104`) is the IPv4 block it maps
 *   (`10.0.0.0/8`); a mapped client address is matched as IPv4.
 * - Zone ids (`fe80::1%eth0`) name an interface of one machine: refused in rules, ignored
 *   in client addresses.
 * - The canonical text always carries the prefix length, e.g. `203.0.113.7/32`.
 */

import ipaddr from 'ipaddr.js';
import { quoteInput } from './display-text.js';

/**
 * Longest CIDR text parsed at all; the longest valid one is 49 characters (IPv6 with
 * zero-padded groups, an embedded IPv4 address and /128), openapi.yaml's `maxLength`.
 */
export const MAX_CIDR_LENGTH = 100;

/** A parsed network block. IPv4 uses one 32-bit word, IPv6 four, most significant first. */
export interface Cidr {
  family: 4 | 6;
  /** Network address with the host bits cleared, as unsigned 32-bit words. */
  words: number[];
  /** Prefix length: 0-32 for IPv4, 0-128 for IPv6. */
  prefix: number;
  /** Canonical text, e.g. `10.0.0.0/24` or `2001:db8::/32`. */
  text: string;
}

/** Result of {@link parseCidr}. */
export type CidrParseResult = { ok: true; cidr: Cidr } | { ok: false; message: string };

/** A client address ready for matching. IPv4-mapped IPv6 addresses arrive here as IPv4. */
export type ClientAddress = { family: 4; words: [number] } | { family: 6; words: [number, number, number, number] };

const IPV4_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const IPV4_PATTERN = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);
const PREFIX_PATTERN = /^(?:0|[1-9][0-9]{0,2})$/;

const EXAMPLES = 'such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32';

/** Mask of the top `bits` bits of a 32-bit word (0 ≤ bits ≤ 32). */
function wordMask(bits: number): number {
  if (bits <= 0) return 0;
  if (bits >= 32) return 0xffffffff;
  return (0xffffffff << (32 - bits)) >>> 0;
}

/** Masks for each word of a network of `family` with prefix length `prefix`. */
export function prefixMasks(family: 4 | 6, prefix: number): number[] {
  const count = family === 4 ? 1 : 4;
  const masks: number[] = [];
  for (let i = 0; i < count; i++) masks.push(wordMask(prefix - 32 * i));
  return masks;
}

function ipv4Word(text: string): number {
  const parts = text.split('.');
  return ((Number(parts[0]) << 24) | (Number(parts[1]) << 16) | (Number(parts[2]) << 8) | Number(parts[3])) >>> 0;
}

function ipv4Text(word: number): string {
  return `${word >>> 24}.${(word >>> 16) & 0xff}.${(word >>> 8) & 0xff}.${word & 0xff}`;
}

function ipv6Words(parts: number[]): [number, number, number, number] {
  const w = (i: number) => (((parts[2 * i] ?? 0) << 16) | (parts[2 * i + 1] ?? 0)) >>> 0;
  return [w(0), w(1), w(2), w(3)];
}

/**
 * True unless `text` (IPv6) ends in a dotted IPv4 part written other than plain IPv4 must be.
 * ipaddr reads `::ffff:010.0.0.1` and `::ffff:0x0a.0.0.1` (leading zeros, hex), the forms
 * refused for IPv4 as ambiguous; accepting them here would also let a rule's text grow
 * without bound (`::ffff:000…0010.0.0.1`), past the longest real CIDR the contract allows.
 */
function embeddedIpv4IsPlain(text: string): boolean {
  return !text.includes('.') || IPV4_PATTERN.test(text.slice(text.lastIndexOf(':') + 1));
}

/** IPv6 text to words, or null. One parse: ipaddr's `isValid` would parse a second time. */
function parseIpv6(text: string): [number, number, number, number] | null {
  if (!embeddedIpv4IsPlain(text)) return null;
  try {
    return ipv6Words(ipaddr.IPv6.parse(text).parts);
  } catch {
    return null;
  }
}

function ipv6Text(words: number[]): string {
  const parts: number[] = [];
  for (const word of words) parts.push(word >>> 16, word & 0xffff);
  return new ipaddr.IPv6(parts).toRFC5952String();
}

/** True when the IPv6 words are in `::ffff:0:0/96`, the IPv4-mapped range. */
function isMappedWords(words: readonly number[]): boolean {
  return words[0] === 0 && words[1] === 0 && words[2] === 0x0000ffff;
}

/**
 * Parses an address or CIDR block written by a person. On failure the message says what is
 * wrong and what to write instead, and starts with the quoted input, e.g.
 * `"10.0.0.0/33" is not a valid IPv4 or IPv6 address or CIDR block: prefix length must be 0 to 32 for IPv4`.
 */
export function parseCidr(input: string): CidrParseResult {
  const fail = (reason: string): CidrParseResult => ({
    ok: false,
    message: `${quoteInput(input)} is not a valid IPv4 or IPv6 address or CIDR block: ${reason}`,
  });
  if (typeof input !== 'string') {
    return { ok: false, message: `cidr must be a string, an address or CIDR block ${EXAMPLES}` };
  }
  if (input.length === 0) return { ok: false, message: `cidr is empty: give an address or CIDR block ${EXAMPLES}` };
  if (input.length > MAX_CIDR_LENGTH) return fail(`it is longer than ${MAX_CIDR_LENGTH} characters`);
  if (input.trim() !== input) return fail('remove the spaces around it');

  const slash = input.indexOf('/');
  const addressText = slash === -1 ? input : input.slice(0, slash);
  const prefixText = slash === -1 ? null : input.slice(slash + 1);

  if (addressText.includes('%')) {
    return fail('zone ids (the "%..." part) name a network interface of one machine and cannot be used in a rule; remove it');
  }

  let family: 4 | 6;
  let words: number[];
  if (addressText.startsWith('[')) {
    return fail('remove the square brackets: they belong around an IPv6 address in a URL, not in a rule');
  }
  if (addressText.includes(':')) {
    if (!embeddedIpv4IsPlain(addressText)) {
      return fail('write the IPv4 part of an IPv6 address as four numbers from 0 to 255 without leading zeros, e.g. ::ffff:203.0.113.7');
    }
    const parsed = parseIpv6(addressText);
    if (parsed === null) {
      return fail('the IPv6 address is malformed; write it as up to eight groups of hex digits separated by colons, e.g. 2001:db8::1');
    }
    family = 6;
    words = parsed;
  } else if (/^[0-9.]+$/.test(addressText)) {
    if (!IPV4_PATTERN.test(addressText)) {
      return fail('write an IPv4 address as four numbers from 0 to 255 without leading zeros, separated by dots, e.g. 203.0.113.7');
    }
    family = 4;
    words = [ipv4Word(addressText)];
  } else {
    return fail(`expected an address or CIDR block ${EXAMPLES}`);
  }

  const maxPrefix = family === 4 ? 32 : 128;
  let prefix = maxPrefix;
  if (prefixText !== null) {
    if (!PREFIX_PATTERN.test(prefixText)) {
      return fail(`the prefix length after "/" must be a whole number from 0 to ${maxPrefix} for IPv${family}, without leading zeros`);
    }
    prefix = Number(prefixText);
    if (prefix > maxPrefix) return fail(`prefix length must be 0 to ${maxPrefix} for IPv${family}`);
  }

  const masks = prefixMasks(family, prefix);
  words = words.map((word, i) => (word & masks[i]!) >>> 0);

  // A mapped block at /96 or longer lies wholly inside the IPv4 space: store it as IPv4 so
  // that it matches IPv4 clients and compares equal to the same rule written as IPv4.
  if (family === 6 && prefix >= 96 && isMappedWords(words)) {
    family = 4;
    prefix -= 96;
    words = [words[3]!];
  }

  const text = `${family === 4 ? ipv4Text(words[0]!) : ipv6Text(words)}/${prefix}`;
  return { ok: true, cidr: { family, words, prefix, text } };
}

/** The canonical text of an address or CIDR block, or null when it does not parse. */
export function canonicalCidr(input: string): string | null {
  const result = parseCidr(input);
  return result.ok ? result.cidr.text : null;
}

const MAPPED_PREFIX = '::ffff:';

/**
 * Reads a dotted-quad IPv4 address from `text[start..]` to its end, with the same rules as
 * rule input (no leading zeros, 0-255), without a regex or allocation: it runs per request.
 */
function scanIpv4(text: string, start: number): number | null {
  let word = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return null; // leading zero
      octet = octet * 10 + (c - 48);
      if (octet > 255) return null;
      digits++;
    } else if (c === 46 && digits > 0 && dots < 3) {
      word = word * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return null;
    }
  }
  if (dots !== 3 || digits === 0) return null;
  return word * 256 + octet;
}

/**
 * Parses a client address (the socket peer or a trusted `X-Forwarded-For` entry) for
 * matching. Returns null for anything that is not a plain IPv4 or IPv6 address. A zone id
 * is dropped (it names the local interface the packet came in on, not the peer); an
 * IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, as dual-stack sockets report IPv4 peers)
 * becomes IPv4.
 */
export function parseClientAddress(address: string): ClientAddress | null {
  if (typeof address !== 'string' || address.length === 0 || address.length > MAX_CIDR_LENGTH) return null;
  if (!address.includes(':')) {
    const word = scanIpv4(address, 0);
    return word === null ? null : { family: 4, words: [word] };
  }
  // Dual-stack sockets report every IPv4 peer as ::ffff:a.b.c.d: skip the generic parser.
  if (address.length > MAPPED_PREFIX.length && address.slice(0, MAPPED_PREFIX.length).toLowerCase() === MAPPED_PREFIX) {
    const word = scanIpv4(address, MAPPED_PREFIX.length);
    if (word !== null) return { family: 4, words: [word] };
  }
  const zone = address.indexOf('%');
  const bare = zone === -1 ? address : address.slice(0, zone);
  const words = parseIpv6(bare);
  if (words === null) return null;
  if (isMappedWords(words)) return { family: 4, words: [words[3]!] };
  return { family: 6, words };
}
