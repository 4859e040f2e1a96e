/** `IpRule`: the factories, the contract form, and the list check with src/core's rules. */
import { Token } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { ApiKey, IpRule, generated } from '../../constructs/index.js';
import { validateIpRuleList } from '../../constructs/ip-rule.js';
import { synth, testStack, validationErrors } from './helpers.js';

describe('IpRule', () => {
  it('allow and deny, with an optional note, in the contract form', () => {
    expect(IpRule.allow('203.0.113.0/24', 'Office').toSpec()).toEqual({ action: 'allow', cidr: '203.0.113.0/24', note: 'Office' });
    expect(IpRule.deny('2001:db8::/32').toSpec()).toEqual({ action: 'deny', cidr: '2001:db8::/32' });
    expect(IpRule.fromSpec({ action: 'deny', cidr: '10.0.0.0/8', note: null }).toSpec()).toEqual({ action: 'deny', cidr: '10.0.0.0/8' });
    expect(String(IpRule.allow('203.0.113.0/24', 'Office'))).toBe('allow 203.0.113.0/24 (Office)');
  });

  it('synthesizes one ip_rule block per rule, IPv4 and IPv6, as written', () => {
    const { stack } = testStack();
    new ApiKey(stack, 'CrmSync', { name: 'CRM Sync', ipRules: [IpRule.allow('203.0.113.0/24', 'Office'), IpRule.allow('2001:DB8:1::/48', 'Office IPv6')] });
    expect(synth(stack)).toHaveResourceWithProperties(generated.apiKey.ApiKey, {
      ip_rule: [
        { action: 'allow', cidr: '203.0.113.0/24', note: 'Office' },
        { action: 'allow', cidr: '2001:DB8:1::/48', note: 'Office IPv6' },
      ],
    });
  });

  it('an address without a prefix is a rule for that address', () => {
    const { stack } = testStack();
    new ApiKey(stack, 'Single', { name: 'single', ipRules: [IpRule.allow('198.51.100.7'), IpRule.allow('2001:db8::1')] });
    expect(validationErrors(stack)).toEqual([]);
  });

  it('the list check skips rules holding tokens and keeps the positions of the others', () => {
    const token = Token.asString({ Ref: 'x' });
    expect(validateIpRuleList([IpRule.allow(token), IpRule.allow('10.0.0.1/33')])).toEqual([
      { path: [1, 'cidr'], message: expect.stringMatching(/^"10.0.0.1\/33" is not a valid/) as unknown as string },
    ]);
    expect(validateIpRuleList([IpRule.allow('10.0.0.0/8'), IpRule.deny('10.1.0.0/16')])).toEqual([]);
  });

  it('an IPv6 block that is not valid names the rule and the field', () => {
    const { stack } = testStack();
    new ApiKey(stack, 'Key', { name: 'k', ipRules: [IpRule.allow('203.0.113.0/24'), IpRule.deny('2001:db8::/129')] });
    const errors = validationErrors(stack);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[test\/Key\] ipRules\[1\]\.cidr: "2001:db8::\/129" is not a valid IPv4 or IPv6 address or CIDR block/);
  });
});
