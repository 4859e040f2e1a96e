/** How fields are named in synth-time messages. */
import { describe, expect, it } from 'vitest';
import { formatField, ValidationIssues } from '../../constructs/validation.js';

describe('formatField', () => {
  it.each([
    [['name'], 'name'],
    [['ipRules', 1, 'cidr'], 'ipRules[1].cidr'],
    [['metadata', 'team'], 'metadata.team'],
    [['metadata', 'cost-center'], 'metadata["cost-center"]'],
    [['rotation', 'overlap'], 'rotation.overlap'],
    [[], ''],
  ])('%j → %s', (path, expected) => {
    expect(formatField(path)).toBe(expected);
  });
});

describe('ValidationIssues', () => {
  it('writes field: message, or the message alone for the construct as a whole', () => {
    const issues = new ValidationIssues()
      .add(['scopes', 0], 'bad')
      .add('', 'whole')
      .addCore(['ipRules'], [{ path: [2, 'cidr'], message: 'core says' }])
      .addCore([], [{ path: ['rate_limit_per_minute'], message: 'renamed' }], () => ['rateLimitPerMinute']);
    expect(issues.messages).toEqual(['scopes[0]: bad', 'whole', 'ipRules[2].cidr: core says', 'rateLimitPerMinute: renamed']);
  });
});
