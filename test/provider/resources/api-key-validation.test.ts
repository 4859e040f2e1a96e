/**
 * Plan-time validation of keyplane_api_key without terraform: each problem at its attribute
 * path, with src/core's wording; unknown values skipped. (The e2e test checks the lines
 * terraform then shows.)
 */
import { describe, expect, it } from 'vitest';
import { SchemaCodec, Unknown, type CtyValue } from '../../../src/provider/framework/index.js';
import { apiKeySchema, type ApiKeyPlan } from '../../../src/provider/resources/api-key-schema.js';
import { validateApiKeyConfig } from '../../../src/provider/resources/api-key-validation.js';
import { checkLifetimeAgainstPolicy, type LifetimeConfig } from '../../../src/provider/resources/api-key-lifetime.js';
import type { KeyPolicy } from '../../../src/core/types.js';

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
    { name: 'bad expires_after', values: { expires_after: '3 months' }, summary: 'Invalid expires_after', path: [{ attribute: 'expires_after' }], detail: /is not a duration/ },
    { name: 'zero expires_after', values: { expires_after: '0d' }, summary: 'Invalid expires_after', path: [{ attribute: 'expires_after' }], detail: /longer than zero/ },
    {
      name: 'expires_after with expires_at',
      values: { expires_at: '2027-01-01T00:00:00Z', expires_after: '90d' },
      summary: 'Conflicting expiry',
      path: [{ attribute: 'expires_after' }],
      detail: /^expires_after and expires_at both set the key's expiry; keep one/,
    },
    {
      name: 'never_expires with expires_after',
      values: { expires_after: '90d', never_expires: true },
      summary: 'Conflicting expiry',
      path: [{ attribute: 'never_expires' }],
      detail: /^never_expires and expires_after both set/,
    },
    {
      name: 'an empty rotation block',
      values: { rotation: { every: null, before_expiry: null, overlap: '1h' } },
      summary: 'Incomplete rotation block',
      path: [{ attribute: 'rotation' }],
      detail: /needs every .*, before_expiry .*, or both/,
    },
    {
      name: 'a bad rotation.every',
      values: { rotation: { every: 'quarterly', before_expiry: null, overlap: null } },
      summary: 'Invalid rotation.every',
      path: [{ attribute: 'rotation' }, { attribute: 'every' }],
      detail: /"quarterly" is not a duration/,
    },
    {
      name: 'a zero rotation.before_expiry',
      values: { rotation: { every: null, before_expiry: '0s', overlap: null } },
      summary: 'Invalid rotation.before_expiry',
      path: [{ attribute: 'rotation' }, { attribute: 'before_expiry' }],
      detail: /rotation\.before_expiry must be longer than zero/,
    },
    {
      name: 'an overlap over 7 days',
      values: { rotation: { every: '90d', before_expiry: null, overlap: '8d' } },
      summary: 'Invalid rotation.overlap',
      path: [{ attribute: 'rotation' }, { attribute: 'overlap' }],
      detail: /^"8d" is 691200 seconds, too long: rotation\.overlap must be a whole number from 0 to 604800 \(7 days\)/,
    },
    {
      name: 'the deprecated rotation_period with the block',
      values: { rotation_period: '90d', rotation: { every: '90d', before_expiry: null, overlap: null } },
      summary: 'Conflicting rotation_period',
      path: [{ attribute: 'rotation_period' }],
      detail: /deprecated and conflicts with the rotation block; move it into the block \(rotation \{ every = \.\.\. \}\)/,
    },
    {
      name: 'the deprecated rotation_grace_period with the block',
      values: { rotation_grace_period: '1h', rotation: { every: '90d', before_expiry: null, overlap: null } },
      summary: 'Conflicting rotation_grace_period',
      path: [{ attribute: 'rotation_grace_period' }],
      detail: /rotation \{ overlap = \.\.\. \}/,
    },
    {
      name: 'before_expiry as long as expires_after',
      values: { expires_after: '30d', rotation: { every: null, before_expiry: '720h', overlap: null } },
      summary: 'Invalid rotation.before_expiry',
      path: [{ attribute: 'rotation' }, { attribute: 'before_expiry' }],
      detail: /must be shorter than expires_after \(30d\).*every plan would rotate/,
    },
  ];
  const accepted: { name: string; values: Record<string, CtyValue> }[] = [
    { name: 'the story: 90-day expiry renewed at each rotation every 90 days, 24 h overlap', values: { expires_after: '90d', rotation: { every: '90d', before_expiry: null, overlap: '24h' } } },
    { name: 'before_expiry alone', values: { expires_after: '90d', rotation: { every: null, before_expiry: '7d', overlap: null } } },
    { name: 'never_expires = false with expires_at', values: { expires_at: '2027-01-01T00:00:00Z', never_expires: false } },
    { name: 'never_expires alone', values: { never_expires: true } },
    { name: 'a zero overlap', values: { rotation: { every: '1d', before_expiry: null, overlap: '0s' } } },
    { name: 'only an overlap, for rotations by rotation_triggers', values: { rotation_triggers: { generation: '1' }, rotation: { every: null, before_expiry: null, overlap: '1h' } } },
  ];
  for (const c of accepted) {
    it(`accepts ${c.name}`, () => {
      expect(problems(c.values)).toEqual([]);
    });
  }

  it('warns when expires_after is shorter than every and nothing rotates ahead of the expiry', () => {
    const found = validateApiKeyConfig(config({ expires_after: '30d', rotation: { every: '90d', before_expiry: null, overlap: null } }), now);
    expect(found).toEqual([
      expect.objectContaining({ severity: 'warning', summary: 'Key expires before its rotation', path: [{ attribute: 'rotation' }, { attribute: 'every' }] }),
    ]);
    expect(found[0]!.detail).toMatch(/expires_after \(30d\) is shorter than rotation\.every \(90d\)/);
  });

  it('reports each conflicting expiry attribute after the first', () => {
    const found = problems({ expires_at: '2027-01-01T00:00:00Z', expires_after: '90d', never_expires: true });
    expect(found.map((d) => d.path)).toEqual([[{ attribute: 'expires_after' }], [{ attribute: 'never_expires' }]]);
  });

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
    expect(problems({ expires_at: Unknown, expires_after: '90d', never_expires: Unknown, rotation: { every: Unknown, before_expiry: Unknown, overlap: Unknown } })).toEqual([]);
    expect(problems({ rotation: Unknown, rotation_period: '90d' })).toEqual([]);
  });
});

describe('checkLifetimeAgainstPolicy (plan time, with the organization read from the service)', () => {
  const policy = (maxTtlSeconds: number | null): KeyPolicy => ({ defaultTtlSeconds: null, maxTtlSeconds, issuerPrefix: 'nm', tagStyle: 'organization', environmentTag: null });
  const lifetime = (values: Partial<LifetimeConfig>): LifetimeConfig => ({ expires_at: null, expires_after: null, never_expires: null, ...values });

  it('allows never_expires and any expires_after without a maximum lifetime', () => {
    expect(checkLifetimeAgainstPolicy(lifetime({ never_expires: true }), policy(null), 'acme')).toEqual([]);
    expect(checkLifetimeAgainstPolicy(lifetime({ expires_after: '3650d' }), policy(null), 'acme')).toEqual([]);
  });

  it('refuses never_expires under a maximum lifetime, naming the policy and what to do', () => {
    expect(checkLifetimeAgainstPolicy(lifetime({ never_expires: true }), policy(30 * 86_400), 'acme')).toEqual([
      expect.objectContaining({
        severity: 'error',
        summary: 'Key policy does not allow never_expires',
        path: [{ attribute: 'never_expires' }],
        detail:
          'never_expires is not allowed: the organization\'s key policy limits keys to 30 days (max_ttl_seconds 2592000); the provider\'s key belongs to the organization "acme". ' +
          'Set expires_after (at most "30d") instead, or ask an administrator to remove the policy\'s max_ttl_seconds.',
      }),
    ]);
  });

  it('refuses an expires_after beyond the maximum, and allows exactly the maximum', () => {
    expect(checkLifetimeAgainstPolicy(lifetime({ expires_after: '720h' }), policy(30 * 86_400), 'acme')).toEqual([]);
    expect(checkLifetimeAgainstPolicy(lifetime({ expires_after: '720h1s' }), policy(30 * 86_400), 'acme')).toEqual([
      expect.objectContaining({
        summary: 'expires_after exceeds the key policy',
        path: [{ attribute: 'expires_after' }],
        detail: expect.stringMatching(/^expires_after of 2592001 seconds is longer than the organization's key policy allows: at most 30 days .*"acme"\. Set expires_after to at most "30d"\.$/),
      }),
    ]);
  });

  it('leaves unknown and unreadable values alone', () => {
    expect(checkLifetimeAgainstPolicy(lifetime({ expires_after: Unknown, never_expires: Unknown }), policy(60), 'acme')).toEqual([]);
    expect(checkLifetimeAgainstPolicy(lifetime({ expires_after: 'soon' }), policy(60), 'acme')).toEqual([]);
  });
});
