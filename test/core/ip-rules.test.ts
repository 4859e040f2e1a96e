import { describe, expect, it } from 'vitest';
import {
  ALLOW_ALL_IP_RULES,
  canonicalIpRules,
  compileIpRules,
  isIpAllowed,
  MAX_IP_RULES,
  normalizeIpRules,
  parseIpRule,
  sameIpRules,
  validateIpRules,
} from '../../src/core/ip-rules.js';
import type { IpRuleInput } from '../../src/core/ip-rules.js';
import { DomainError } from '../../src/core/problems.js';

const allow = (cidr: string): IpRuleInput => ({ action: 'allow', cidr });
const deny = (cidr: string): IpRuleInput => ({ action: 'deny', cidr });

describe('parseIpRule', () => {
  it('returns the canonical rule', () => {
    expect(parseIpRule({ action: 'allow', cidr: '10.0.0.1/24', note: 'office' })).toEqual({
      ok: true,
      rule: { action: 'allow', cidr: '10.0.0.0/24', note: 'office' },
    });
    expect(parseIpRule(deny('2001:DB8::1'))).toEqual({
      ok: true,
      rule: { action: 'deny', cidr: '2001:db8::1/128', note: null },
    });
  });

  it('reports every problem of a rule with its field', () => {
    expect(parseIpRule({ action: 'permit', cidr: '10.0.0.0/33', note: 'x'.repeat(201) })).toEqual({
      ok: false,
      issues: [
        { path: ['action'], message: 'action must be "allow" or "deny", got "permit"' },
        {
          path: ['cidr'],
          message: '"10.0.0.0/33" is not a valid IPv4 or IPv6 address or CIDR block: prefix length must be 0 to 32 for IPv4',
        },
        { path: ['note'], message: 'note is 201 characters long; shorten it to at most 200' },
      ],
    });
  });

  it.each([['Allow'], ['DENY'], [''], ['block']])('refuses action %j', (action) => {
    const result = parseIpRule({ action, cidr: '10.0.0.0/8' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]!.path).toEqual(['action']);
  });
});

describe('validateIpRules', () => {
  it('accepts an empty list and a valid list', () => {
    expect(validateIpRules([])).toEqual([]);
    expect(validateIpRules([allow('10.0.0.0/8'), deny('10.1.0.0/16'), allow('2001:db8::/32')])).toEqual([]);
  });

  it('paths issues by index and field', () => {
    expect(validateIpRules([allow('10.0.0.0/8'), allow('10.0.0.0/33'), { action: 'nope', cidr: '::1' }])).toEqual([
      {
        path: [1, 'cidr'],
        message: '"10.0.0.0/33" is not a valid IPv4 or IPv6 address or CIDR block: prefix length must be 0 to 32 for IPv4',
      },
      { path: [2, 'action'], message: 'action must be "allow" or "deny", got "nope"' },
    ]);
  });

  it('names a rule written twice, without numbering it (rules are a set)', () => {
    expect(validateIpRules([allow('10.0.0.0/8'), deny('10.0.0.0/8'), allow('10.0.0.0/8')])).toEqual([
      { path: [2, 'cidr'], message: 'the rule allow 10.0.0.0/8 appears twice; keep one of them' },
    ]);
  });

  it('finds duplicates once canonical', () => {
    expect(validateIpRules([allow('10.0.0.0/24'), deny('10.0.0.0/24'), allow('10.0.0.7/24'), allow('::ffff:10.0.0.0/120')])).toEqual([
      { path: [2, 'cidr'], message: 'the rule allow 10.0.0.0/24 appears 3 times (written "10.0.0.0/24", "10.0.0.7/24" and "::ffff:10.0.0.0/120"); keep one of them' },
      { path: [3, 'cidr'], message: 'the rule allow 10.0.0.0/24 appears 3 times (written "10.0.0.0/24", "10.0.0.7/24" and "::ffff:10.0.0.0/120"); keep one of them' },
    ]);
  });

  it('limits the number of rules', () => {
    const rules = Array.from({ length: MAX_IP_RULES + 1 }, (_, i) => allow(`10.0.${i}.0/24`));
    expect(validateIpRules(rules)).toEqual([
      {
        path: [],
        message: `a key may have at most ${MAX_IP_RULES} IP rules, got ${MAX_IP_RULES + 1}; merge neighbouring blocks into larger CIDR blocks`,
      },
    ]);
    expect(validateIpRules(rules.slice(0, MAX_IP_RULES))).toEqual([]);
  });
});

describe('canonicalIpRules', () => {
  const messy: IpRuleInput[] = [
    deny('2001:db8::1'),
    allow('10.0.0.1/24'),
    { action: 'allow', cidr: '9.0.0.0/8', note: 'partner' },
    deny('10.0.0.5'),
    allow('2001:DB8::/32'),
    allow('10.0.0.0/8'),
  ];

  it('canonicalises and sorts: allow before deny, IPv4 before IPv6, numeric address, prefix', () => {
    expect(canonicalIpRules(messy)).toEqual([
      { action: 'allow', cidr: '9.0.0.0/8', note: 'partner' },
      { action: 'allow', cidr: '10.0.0.0/8', note: null },
      { action: 'allow', cidr: '10.0.0.0/24', note: null },
      { action: 'allow', cidr: '2001:db8::/32', note: null },
      { action: 'deny', cidr: '10.0.0.5/32', note: null },
      { action: 'deny', cidr: '2001:db8::1/128', note: null },
    ]);
  });

  it('gives the same result for every order', () => {
    const expected = canonicalIpRules(messy);
    expect(canonicalIpRules([...messy].reverse())).toEqual(expected);
    expect(canonicalIpRules([messy[3]!, messy[0]!, messy[5]!, messy[1]!, messy[4]!, messy[2]!])).toEqual(expected);
    expect(sameIpRules(messy, [...messy].reverse())).toBe(true);
    expect(sameIpRules(messy, messy.slice(1))).toBe(false);
  });

  it('throws a DomainError with issues on invalid rules', () => {
    try {
      canonicalIpRules([allow('10.0.0.0/8'), allow('nope')]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('INVALID_IP_RULE');
      expect((error as DomainError).errors![0]!.path).toEqual([1, 'cidr']);
    }
  });
});

describe('normalizeIpRules', () => {
  it('refuses a note that cannot be shown safely, and still compiles one stored before that rule', () => {
    expect(normalizeIpRules([{ action: 'allow', cidr: '10.0.0.0/8', note: 'office\u001b[8m' }])).toEqual({
      ok: false,
      issues: [{ path: [0, 'note'], message: 'note contains a control character (U+001B) at position 7; remove it' }],
    });
    expect(validateIpRules([{ action: 'allow', cidr: 'nope', note: '\u202E' }]).map((i) => i.path)).toEqual([[0, 'cidr'], [0, 'note']]);
    // Verification compiles stored rules: an old note must not lock its key out.
    expect(isIpAllowed(compileIpRules([{ action: 'allow', cidr: '10.0.0.0/8', note: '\u001b' }]), '10.1.2.3')).toBe(true);
  });

  it('returns canonical rules or the issues', () => {
    expect(normalizeIpRules([allow('10.0.0.1/8')])).toEqual({ ok: true, rules: [{ action: 'allow', cidr: '10.0.0.0/8', note: null }] });
    expect(normalizeIpRules([allow('10.0.0.1/8'), allow('10.0.0.0/8')])).toEqual({
      ok: false,
      issues: [{ path: [1, 'cidr'], message: 'the rule allow 10.0.0.0/8 appears twice (written "10.0.0.1/8" and "10.0.0.0/8"); keep one of them' }],
    });
  });
});

describe('isIpAllowed', () => {
  const cases: Array<[string, IpRuleInput[], string | null | undefined, boolean]> = [
    ['no rules allow everyone', [], '203.0.113.7', true],
    ['no rules allow an unparsable address', [], 'garbage', true],
    ['no rules allow a missing address', [], undefined, true],
    ['allow /32 matches the host', [allow('203.0.113.7')], '203.0.113.7', true],
    ['allow /32 refuses the neighbour', [allow('203.0.113.7')], '203.0.113.8', false],
    ['allow /24 matches inside', [allow('203.0.113.0/24')], '203.0.113.255', true],
    ['allow /24 refuses outside', [allow('203.0.113.0/24')], '203.0.114.0', false],
    ['allow 0.0.0.0/0 matches any IPv4', [allow('0.0.0.0/0')], '255.255.255.255', true],
    ['allow 0.0.0.0/0 matches 0.0.0.0', [allow('0.0.0.0/0')], '0.0.0.0', true],
    ['allow 0.0.0.0/0 does not cover IPv6', [allow('0.0.0.0/0')], '2001:db8::1', false],
    ['allow ::/0 matches any IPv6', [allow('::/0')], 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true],
    ['allow ::/0 does not cover IPv4', [allow('::/0')], '10.0.0.1', false],
    ['allow ::/0 does not cover mapped IPv4', [allow('::/0')], '::ffff:10.0.0.1', false],
    ['allow /128 matches the host', [allow('2001:db8::1')], '2001:db8::1', true],
    ['allow /128 matches the host written long-hand', [allow('2001:db8::1')], '2001:0DB8:0:0:0:0:0:1', true],
    ['allow /128 refuses the neighbour', [allow('2001:db8::1')], '2001:db8::2', false],
    ['allow /64 matches inside', [allow('2001:db8:1:2::/64')], '2001:db8:1:2:ffff:ffff:ffff:ffff', true],
    ['allow /64 refuses outside', [allow('2001:db8:1:2::/64')], '2001:db8:1:3::', false],
    ['allow /33 v6 boundary inside', [allow('2001:db8:8000::/33')], '2001:db8:ffff::1', true],
    ['allow /33 v6 boundary outside', [allow('2001:db8:8000::/33')], '2001:db8:7fff::1', false],
    ['IPv4 rule matches a mapped client', [allow('10.0.0.0/8')], '::ffff:10.1.2.3', true],
    ['mapped rule matches a plain IPv4 client', [allow('::ffff:10.0.0.0/104')], '10.1.2.3', true],
    ['mapped deny refuses a mapped client', [deny('::ffff:10.0.0.1')], '::ffff:10.0.0.1', false],
    ['zone id of the client is ignored', [allow('fe80::/10')], 'fe80::1%eth0', true],
    ['deny wins over a matching allow', [allow('10.0.0.0/8'), deny('10.0.0.5')], '10.0.0.5', false],
    ['deny wins whatever the order', [deny('10.0.0.5'), allow('10.0.0.0/8')], '10.0.0.5', false],
    ['deny wins over allow of the same block', [allow('10.0.0.0/8'), deny('10.0.0.0/8')], '10.9.9.9', false],
    ['allow beside a deny still allows others', [allow('10.0.0.0/8'), deny('10.0.0.5')], '10.0.0.6', true],
    ['only denies: others allowed', [deny('10.0.0.0/8')], '11.0.0.1', true],
    ['only denies: denied refused', [deny('10.0.0.0/8')], '10.0.0.1', false],
    ['deny 0.0.0.0/0 refuses every IPv4', [deny('0.0.0.0/0')], '1.2.3.4', false],
    ['deny 0.0.0.0/0 leaves IPv6 alone', [deny('0.0.0.0/0')], '2001:db8::1', true],
    ['an IPv6 allow means IPv4 clients must match an allow too', [allow('2001:db8::/32')], '10.0.0.1', false],
    ['one of several allows is enough', [allow('10.0.0.0/8'), allow('192.168.0.0/16'), allow('::1')], '192.168.3.4', true],
    ['unparsable address refused when there are rules', [deny('10.0.0.0/8')], 'garbage', false],
    ['missing address refused when there are rules', [deny('10.0.0.0/8')], null, false],
    ['empty address refused when there are rules', [allow('0.0.0.0/0')], '', false],
  ];

  it.each(cases)('%s', (_name, rules, address, expected) => {
    expect(isIpAllowed(compileIpRules(rules), address)).toBe(expected);
  });

  it('accepts an already parsed address', () => {
    const compiled = compileIpRules([allow('10.0.0.0/8')]);
    expect(isIpAllowed(compiled, { family: 4, words: [0x0a000001] })).toBe(true);
    expect(isIpAllowed(compiled, { family: 4, words: [0x0b000001] })).toBe(false);
  });

  it('ALLOW_ALL_IP_RULES allows everything', () => {
    expect(ALLOW_ALL_IP_RULES.ruleCount).toBe(0);
    expect(isIpAllowed(ALLOW_ALL_IP_RULES, '10.0.0.1')).toBe(true);
  });

  it('matches high IPv4 addresses (unsigned arithmetic)', () => {
    const compiled = compileIpRules([allow('128.0.0.0/1')]);
    expect(isIpAllowed(compiled, '255.1.2.3')).toBe(true);
    expect(isIpAllowed(compiled, '127.255.255.255')).toBe(false);
  });

  it('refuses to compile invalid rules', () => {
    expect(() => compileIpRules([allow('10.0.0.0/40')])).toThrow(DomainError);
  });
});
