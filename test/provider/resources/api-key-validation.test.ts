/**
 * Plan-time validation of keyplane_api_key without terraform: each problem at its attribute
 * path, with src/core's wording; unknown values skipped. (The e2e test checks the lines
 * terraform then shows.)
 */
import { describe, expect, it } from 'vitest';
import { SchemaCodec, Unknown, type CtyValue } from '../../../src/provider/framework/index.js';
import { apiKeySchema, type ApiKeyPlan } from '../../../src/provider/resources/api-key-schema.js';
import { validateApiKeyConfig } from '../../../src/provider/resources/api-key-validation.js';

const codec = new SchemaCodec(apiKeySchema);
const now = Date.parse('2026-06-01T00:00:00Z');
const config = (values: Record<string, CtyValue>) => codec.complete({ name: 'k', ...values }) as ApiKeyPlan;
const problems = (values: Record<string, CtyValue>) =>
  validateApiKeyConfig(config(values), now).map((d) => ({ summary: d.summary, path: d.path, detail: d.detail }));

describe('validateApiKeyConfig', () => {
  it('accepts a full, valid configuration', () => {
    expect(
      problems({
        scopes: ['keys:read'],
        expires_at: '2027-01-01T00:00:00+01:00',
        not_before: '2026-07-01T00:00:00Z',
        metadata: { 'team/name': 'x' },
        rate_limit_per_minute: 100,
        rotation_period: '90d',
        rotation_grace_period: '7d',
        ip_rule: [{ action: 'allow', cidr: '10.0.0.1/8', note: null }],
      }),
    ).toEqual([]);
  });

  const cases: { name: string; values: Record<string, CtyValue>; summary: string; path: unknown; detail: RegExp }[] = [
    { name: 'empty name', values: { name: '' }, summary: 'Invalid name', path: [{ attribute: 'name' }], detail: /must not be empty/ },
    { name: 'long name', values: { name: 'x'.repeat(101) }, summary: 'Invalid name', path: [{ attribute: 'name' }], detail: /at most 100/ },
    {
      name: 'an ANSI sequence in the name',
      values: { name: 'k\u001b[2J' },
      summary: 'Invalid name',
      path: [{ attribute: 'name' }],
      detail: /^Name contains a control character \(U\+001B\) at position 2; remove it\.$/,
    },
    {
      name: 'an RLO in the description',
      values: { description: 'a\u202Eb' },
      summary: 'Invalid description',
      path: [{ attribute: 'description' }],
      detail: /^Description contains a bidirectional control character \(U\+202E\) at position 2; remove it\.$/,
    },
    {
      name: 'a NUL in a metadata value',
      values: { metadata: { team: '\u0000' } },
      summary: 'Invalid metadata value',
      path: [{ attribute: 'metadata' }, { key: 'team' }],
      detail: /^The value of metadata "team" contains a control character \(U\+0000\) at position 1; remove it\.$/,
    },
    {
      name: 'an ESC in the note of the only rule',
      values: { ip_rule: [{ action: 'allow', cidr: '10.0.0.0/8', note: '\u001b' }] },
      summary: 'Invalid IP rule',
      path: [{ attribute: 'ip_rule' }, { index: 0 }, { attribute: 'note' }],
      detail: /^Note contains a control character \(U\+001B\) at position 1; remove it\.$/,
    },
    {
      name: 'bad CIDR in the only rule',
      values: { ip_rule: [{ action: 'allow', cidr: '300.0.0.0/8', note: null }] },
      summary: 'Invalid IP rule',
      path: [{ attribute: 'ip_rule' }, { index: 0 }, { attribute: 'cidr' }],
      detail: /"300\.0\.0\.0\/8" is not a valid IPv4 or IPv6 address/,
    },
    {
      name: 'unknown action among several rules',
      values: { ip_rule: [{ action: 'allow', cidr: '10.0.0.0/8', note: null }, { action: 'block', cidr: '10.1.0.0/16', note: null }] },
      summary: 'Invalid IP rule',
      path: [{ attribute: 'ip_rule' }],
      detail: /Action must be "allow" or "deny", got "block" \(in the ip_rule block \{ action = "block", cidr = "10\.1\.0\.0\/16" \}\)/,
    },
    {
      name: 'duplicate rules once canonical',
      values: { ip_rule: [{ action: 'allow', cidr: '10.0.0.1/8', note: null }, { action: 'allow', cidr: '10.0.0.0/8', note: 'x' }] },
      summary: 'Invalid IP rule',
      path: [{ attribute: 'ip_rule' }],
      detail: /^The rule allow 10\.0\.0\.0\/8 appears twice \(written "10\.0\.0\.1\/8" and "10\.0\.0\.0\/8"\); keep one of them/,
    },
    { name: 'expiry in the past', values: { expires_at: '2026-01-01T00:00:00Z' }, summary: 'Invalid expires_at', path: [{ attribute: 'expires_at' }], detail: /is in the past/ },
    {
      name: 'not_before after expires_at',
      values: { expires_at: '2027-01-01T00:00:00Z', not_before: '2028-01-01T00:00:00Z' },
      summary: 'Invalid not_before',
      path: [{ attribute: 'not_before' }],
      detail: /must be earlier than expires_at/,
    },
    { name: 'unreadable time', values: { not_before: '2027-01-01' }, summary: 'Invalid not_before', path: [{ attribute: 'not_before' }], detail: /RFC 3339/ },
    { name: 'bad scope name', values: { scopes: ['-x'] }, summary: 'Invalid scope', path: [{ attribute: 'scopes' }], detail: /not a scope name/ },
    {
      name: 'bad metadata key',
      values: { metadata: { 'a b': 'x' } },
      summary: 'Invalid metadata key',
      path: [{ attribute: 'metadata' }, { key: 'a b' }],
      detail: /not a metadata key/,
    },
    { name: 'zero rate limit', values: { rate_limit_per_minute: 0 }, summary: 'Invalid rate_limit_per_minute', path: [{ attribute: 'rate_limit_per_minute' }], detail: /whole number from 1/ },
    { name: 'bad period', values: { rotation_period: '3 months' }, summary: 'Invalid rotation_period', path: [{ attribute: 'rotation_period' }], detail: /is not a duration/ },
    { name: 'zero period', values: { rotation_period: '0s' }, summary: 'Invalid rotation_period', path: [{ attribute: 'rotation_period' }], detail: /longer than zero/ },
    {
      name: 'grace over 7 days',
      values: { rotation_grace_period: '169h' },
      summary: 'Invalid rotation_grace_period',
      path: [{ attribute: 'rotation_grace_period' }],
      detail: /604800 \(7 days\)/,
    },
  ];
  for (const c of cases) {
    it(`reports ${c.name} at its attribute`, () => {
      expect(problems(c.values)).toEqual([{ summary: c.summary, path: c.path, detail: expect.stringMatching(c.detail) }]);
    });
  }

  it('skips unknown values', () => {
    expect(
      problems({
        name: Unknown,
        expires_at: Unknown,
        not_before: '2026-07-01T00:00:00Z',
        scopes: [Unknown],
        metadata: Unknown,
        ip_rule: [{ action: 'allow', cidr: Unknown, note: null }, Unknown],
        rotation_period: Unknown,
      }),
    ).toEqual([]);
    expect(problems({ ip_rule: Unknown })).toEqual([]);
  });
});
