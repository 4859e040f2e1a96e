import { describe, expect, it } from 'vitest';
import { compileIpRules } from '../../src/core/ip-rules.js';
import { PROBLEMS } from '../../src/core/problems.js';
import { ScopeResolver } from '../../src/core/scopes.js';
import type { EvaluatedKey, KeyEvaluationInput } from '../../src/core/verification.js';
import { evaluateKey, VERIFICATION_CODES, VERIFICATION_PROBLEMS } from '../../src/core/verification.js';

const NOW = Date.UTC(2025, 5, 1);
const resolver = new ScopeResolver([
  { name: 'read', includes: [] },
  { name: 'write', includes: ['read'] },
]);

const key = (over: Partial<EvaluatedKey> = {}): EvaluatedKey => ({
  revokedAt: null,
  expiresAt: null,
  notBefore: null,
  scopes: ['write'],
  ipRules: [],
  previousSecretHash: null,
  previousSecretExpiresAt: null,
  ...over,
});

const input = (over: Partial<KeyEvaluationInput> = {}): KeyEvaluationInput => ({
  key: key(),
  presentedHashWasPrevious: false,
  now: NOW,
  clientIp: '10.0.0.1',
  resolver,
  ...over,
});

const denyClient = [{ action: 'deny' as const, cidr: '10.0.0.1' }];

describe('evaluateKey precedence', () => {
  it.each<[string, Partial<KeyEvaluationInput>, string]>([
    ['a plain valid key', {}, 'VALID'],
    ['held scopes through includes', { requiredScopes: ['read', 'write'] }, 'VALID'],
    ['no required scopes', { requiredScopes: [] }, 'VALID'],
    ['revoked', { key: key({ revokedAt: NOW - 1 }) }, 'REVOKED'],
    [
      'revoked beats everything else',
      {
        key: key({ revokedAt: NOW - 1, expiresAt: NOW - 1, notBefore: NOW + 1, ipRules: denyClient }),
        requiredScopes: ['admin'],
      },
      'REVOKED',
    ],
    ['expired exactly now', { key: key({ expiresAt: NOW }) }, 'EXPIRED'],
    ['valid one ms before expiry', { key: key({ expiresAt: NOW + 1 }) }, 'VALID'],
    [
      'expired beats not yet valid, IP and scope',
      { key: key({ expiresAt: NOW - 1, notBefore: NOW + 1, ipRules: denyClient }), requiredScopes: ['admin'] },
      'EXPIRED',
    ],
    [
      'previous secret inside its grace period',
      { key: key({ previousSecretHash: 'h', previousSecretExpiresAt: NOW + 1 }), presentedHashWasPrevious: true },
      'VALID',
    ],
    [
      'previous secret at the end of its grace period',
      { key: key({ previousSecretHash: 'h', previousSecretExpiresAt: NOW }), presentedHashWasPrevious: true },
      'EXPIRED',
    ],
    [
      'previous secret without grace',
      { key: key({ previousSecretHash: 'h', previousSecretExpiresAt: null }), presentedHashWasPrevious: true },
      'EXPIRED',
    ],
    [
      'current secret unaffected by an ended grace period',
      { key: key({ previousSecretHash: 'h', previousSecretExpiresAt: NOW - 1 }) },
      'VALID',
    ],
    ['not yet valid', { key: key({ notBefore: NOW + 1 }) }, 'NOT_YET_VALID'],
    [
      'not yet valid beats IP and scope',
      { key: key({ notBefore: NOW + 1, ipRules: denyClient }), requiredScopes: ['admin'] },
      'NOT_YET_VALID',
    ],
    ['IP denied', { key: key({ ipRules: denyClient }) }, 'IP_NOT_ALLOWED'],
    ['IP beats scope', { key: key({ ipRules: denyClient }), requiredScopes: ['admin'] }, 'IP_NOT_ALLOWED'],
    ['IP rules and no client address', { key: key({ ipRules: denyClient }), clientIp: null }, 'IP_NOT_ALLOWED'],
    ['no IP rules and no client address', { clientIp: undefined }, 'VALID'],
    ['mapped client address against an IPv4 deny', { key: key({ ipRules: denyClient }), clientIp: '::ffff:10.0.0.1' }, 'IP_NOT_ALLOWED'],
    ['missing scope', { requiredScopes: ['read', 'admin'] }, 'INSUFFICIENT_SCOPE'],
  ])('%s → %s', (_name, over, code) => {
    expect(evaluateKey(input(over)).code).toBe(code);
  });

  it('uses precompiled IP rules when given', () => {
    const compiled = compileIpRules([{ action: 'allow', cidr: '192.168.0.0/16' }]);
    // The key's own rules say nothing; the compiled ones decide.
    expect(evaluateKey(input({ compiledIpRules: compiled })).code).toBe('IP_NOT_ALLOWED');
    expect(evaluateKey(input({ compiledIpRules: compiled, clientIp: '192.168.1.1' })).code).toBe('VALID');
  });

  it('lists missing scopes in the order required', () => {
    expect(evaluateKey(input({ requiredScopes: ['zeta', 'read', 'alpha', 'zeta'] }))).toEqual({
      valid: false,
      code: 'INSUFFICIENT_SCOPE',
      detail: 'This key lacks the scopes "zeta", "alpha".',
      missingScopes: ['zeta', 'alpha'],
    });
  });

  it('gives details a holder can act on', () => {
    expect(evaluateKey(input({ key: key({ expiresAt: NOW - 1000 }) }))).toEqual({
      valid: false,
      code: 'EXPIRED',
      detail: `This key expired at ${new Date(NOW - 1000).toISOString()}. Extend its expiry or create a new key.`,
    });
    expect(evaluateKey(input({ key: key({ ipRules: denyClient }) }))).toEqual({
      valid: false,
      code: 'IP_NOT_ALLOWED',
      detail: 'Requests from "10.0.0.1" are not allowed by this key\'s IP rules.',
    });
    expect(evaluateKey(input())).toEqual({ valid: true, code: 'VALID' });
  });
});

describe('VERIFICATION_PROBLEMS', () => {
  it('maps every refusal to a problem: 401 for key state, 403 for IP and scope, 429 for rate', () => {
    const statuses = Object.fromEntries(
      Object.entries(VERIFICATION_PROBLEMS).map(([code, problem]) => [code, PROBLEMS[problem].status]),
    );
    expect(statuses).toEqual({
      MALFORMED: 401,
      NOT_FOUND: 401,
      EXPIRED: 401,
      REVOKED: 401,
      NOT_YET_VALID: 401,
      IP_NOT_ALLOWED: 403,
      INSUFFICIENT_SCOPE: 403,
      RATE_LIMITED: 429,
    });
    expect(VERIFICATION_CODES.filter((c) => c !== 'VALID').sort()).toEqual(Object.keys(VERIFICATION_PROBLEMS).sort());
  });
});
