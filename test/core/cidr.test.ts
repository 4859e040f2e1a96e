import { describe, expect, it } from 'vitest';
import { canonicalCidr, parseCidr, parseClientAddress } from '../../src/core/cidr.js';

describe('parseCidr: accepted input and canonical form', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1/32'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.1/24', '10.0.0.0/24'],
    ['192.168.255.255/16', '192.168.0.0/16'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['203.0.113.7/0', '0.0.0.0/0'],
    ['255.255.255.255/32', '255.255.255.255/32'],
    ['255.255.255.255/31', '255.255.255.254/31'],
    ['2001:DB8::1', '2001:db8::1/128'],
    ['2001:db8:0:0:0:0:0:1/128', '2001:db8::1/128'],
    ['2001:0db8:0000:0000:0000:0000:0000:0000/32', '2001:db8::/32'],
    ['2001:db8:abcd:12::1/48', '2001:db8:abcd::/48'],
    ['::/0', '::/0'],
    ['::1', '::1/128'],
    ['fe80::1/10', 'fe80::/10'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1/128'],
    // IPv4-mapped IPv6 becomes the IPv4 block it denotes.
    ['::ffff:10.0.0.1', '10.0.0.1/32'],
    ['::FFFF:10.0.0.1/120', '10.0.0.0/24'],
    ['::ffff:a00:1/104', '10.0.0.0/8'],
    ['::ffff:0:0/96', '0.0.0.0/0'],
    // Shorter than /96 reaches outside the mapped range: stays IPv6.
    ['::ffff:0:0/95', '::fffe:0:0/95'],
  ])('%s → %s', (input, expected) => {
    const result = parseCidr(input);
    expect(result.ok && result.cidr.text).toBe(expected);
    expect(canonicalCidr(input)).toBe(expected);
  });

  it('reports family, prefix and masked words', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({
      ok: true,
      cidr: { family: 4, words: [0x0a000000], prefix: 8, text: '10.0.0.0/8' },
    });
    expect(parseCidr('2001:db8::ffff/112')).toEqual({
      ok: true,
      cidr: { family: 6, words: [0x20010db8, 0, 0, 0], prefix: 112, text: '2001:db8::/112' },
    });
  });

  it('is idempotent on its own output', () => {
    for (const input of ['10.0.0.1/24', '2001:DB8::1/64', '::ffff:10.0.0.1']) {
      const once = canonicalCidr(input)!;
      expect(canonicalCidr(once)).toBe(once);
    }
  });
});

describe('parseCidr: refused input, with an actionable message', () => {
  const prefix = (input: string) => `${JSON.stringify(input)} is not a valid IPv4 or IPv6 address or CIDR block: `;

  it.each([
    ['10.0.0.0/33', 'prefix length must be 0 to 32 for IPv4'],
    ['2001:db8::/129', 'prefix length must be 0 to 128 for IPv6'],
    ['10.0.0.0/', 'the prefix length after "/" must be a whole number from 0 to 32 for IPv4, without leading zeros'],
    ['10.0.0.0/-1', 'the prefix length after "/" must be a whole number from 0 to 32 for IPv4, without leading zeros'],
    ['10.0.0.0/08', 'the prefix length after "/" must be a whole number from 0 to 32 for IPv4, without leading zeros'],
    ['10.0.0.0/8/8', 'the prefix length after "/" must be a whole number from 0 to 32 for IPv4, without leading zeros'],
    ['10.0.0.0/ 8', 'the prefix length after "/" must be a whole number from 0 to 32 for IPv4, without leading zeros'],
    ['10.0.0.256', 'write an IPv4 address as four numbers from 0 to 255 without leading zeros, separated by dots, e.g. 203.0.113.7'],
    ['010.0.0.1', 'write an IPv4 address as four numbers from 0 to 255 without leading zeros, separated by dots, e.g. 203.0.113.7'],
    ['10.1', 'write an IPv4 address as four numbers from 0 to 255 without leading zeros, separated by dots, e.g. 203.0.113.7'],
    ['10.0.0.0.0', 'write an IPv4 address as four numbers from 0 to 255 without leading zeros, separated by dots, e.g. 203.0.113.7'],
    ['0x0a.0.0.1', 'expected an address or CIDR block such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32'],
    ['::ffff:010.0.0.1', 'write the IPv4 part of an IPv6 address as four numbers from 0 to 255 without leading zeros, e.g. ::ffff:203.0.113.7'],
    ['::ffff:0x0a.0.0.1/128', 'write the IPv4 part of an IPv6 address as four numbers from 0 to 255 without leading zeros, e.g. ::ffff:203.0.113.7'],
    ['example.com', 'expected an address or CIDR block such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32'],
    ['2001:db8:::1', 'the IPv6 address is malformed; write it as up to eight groups of hex digits separated by colons, e.g. 2001:db8::1'],
    ['2001:db8::g', 'the IPv6 address is malformed; write it as up to eight groups of hex digits separated by colons, e.g. 2001:db8::1'],
    ['[2001:db8::1]', 'remove the square brackets: they belong around an IPv6 address in a URL, not in a rule'],
    ['1:2:3:4:5:6:7:8:9', 'the IPv6 address is malformed; write it as up to eight groups of hex digits separated by colons, e.g. 2001:db8::1'],
    ['fe80::1%eth0', 'zone ids (the "%..." part) name a network interface of one machine and cannot be used in a rule; remove it'],
    ['fe80::%eth0/64', 'zone ids (the "%..." part) name a network interface of one machine and cannot be used in a rule; remove it'],
    [' 10.0.0.1', 'remove the spaces around it'],
    ['10.0.0.1\n', 'remove the spaces around it'],
  ])('%j: %s', (input, reason) => {
    expect(parseCidr(input)).toEqual({ ok: false, message: prefix(input) + reason });
    expect(canonicalCidr(input)).toBeNull();
  });

  it('explains an empty value', () => {
    expect(parseCidr('')).toEqual({
      ok: false,
      message: 'cidr is empty: give an address or CIDR block such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32',
    });
  });

  it('does not echo very long input in full', () => {
    const input = '1'.repeat(150);
    const result = parseCidr(input);
    expect(result).toEqual({
      ok: false,
      message: `"${'1'.repeat(64)}…" is not a valid IPv4 or IPv6 address or CIDR block: it is longer than 100 characters`,
    });
  });
});

describe('parseClientAddress', () => {
  it.each([
    ['10.0.0.1', { family: 4, words: [0x0a000001] }],
    ['::ffff:10.0.0.1', { family: 4, words: [0x0a000001] }],
    ['::ffff:a00:1', { family: 4, words: [0x0a000001] }],
    ['::1', { family: 6, words: [0, 0, 0, 1] }],
    ['2001:db8::1', { family: 6, words: [0x20010db8, 0, 0, 1] }],
    ['fe80::1%eth0', { family: 6, words: [0xfe800000, 0, 0, 1] }],
    ['fe80::1%25', { family: 6, words: [0xfe800000, 0, 0, 1] }],
  ])('%s', (input, expected) => {
    expect(parseClientAddress(input)).toEqual(expected);
  });

  it.each([[''], ['unknown'], ['10.0.0'], ['010.0.0.1'], ['::ffff:010.0.0.1'], ['10.0.0.1/32'], ['2001:db8::/32'], [' 10.0.0.1'], ['x'.repeat(500)]])(
    '%j is not an address',
    (input) => {
      expect(parseClientAddress(input)).toBeNull();
    },
  );
});

describe('parseClientAddress IPv4 scanning', () => {
  it.each([
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
    ['1.2.3.4', 0x01020304],
    ['::FFFF:192.168.0.1', 0xc0a80001],
  ])('%s → %i', (input, word) => {
    expect(parseClientAddress(input)).toEqual({ family: 4, words: [word] });
  });

  it.each([['256.0.0.1'], ['1.2.3.04'], ['1.2.3.'], ['.1.2.3'], ['1..2.3'], ['1.2.3.4.5'], ['1.2.3.4 '], ['1.2.3.1000'], ['::ffff:1.2.3'], ['::ffff:']])(
    '%j is refused',
    (input) => {
      expect(parseClientAddress(input)).toBeNull();
    },
  );

  it('agrees with the rule parser on every /32 it accepts', () => {
    for (const input of ['10.0.0.1', '192.168.100.200', '8.8.4.4', '100.64.0.1']) {
      const rule = parseCidr(input);
      expect(rule.ok && rule.cidr.words).toEqual(parseClientAddress(input)!.words);
    }
  });
});
