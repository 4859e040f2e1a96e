import { describe, expect, it } from 'vitest';
import { DomainError, isProblemCode, PROBLEM_CODES, PROBLEMS, problemTypeUri } from '../../src/core/problems.js';
import type { ProblemCode } from '../../src/core/problems.js';

describe('PROBLEMS', () => {
  const statuses: Array<[ProblemCode, number]> = [
    ['VALIDATION_FAILED', 400],
    ['MALFORMED_JSON', 400],
    ['MISSING_KEY', 401],
    ['MALFORMED_KEY', 401],
    ['UNKNOWN_KEY', 401],
    ['EXPIRED_KEY', 401],
    ['REVOKED_KEY', 401],
    ['KEY_NOT_YET_VALID', 401],
    ['INVALID_CREDENTIALS', 401],
    ['INVALID_SESSION', 401],
    ['SESSION_REQUIRED', 401],
    ['INVITATION_INVALID', 401],
    ['INSUFFICIENT_SCOPE', 403],
    ['IP_NOT_ALLOWED', 403],
    ['SCOPE_ESCALATION', 403],
    ['OPERATOR_ONLY', 403],
    ['CSRF_TOKEN_INVALID', 403],
    ['NOT_FOUND', 404],
    ['KEY_NOT_FOUND', 404],
    ['SCOPE_NOT_FOUND', 404],
    ['ORGANIZATION_NOT_FOUND', 404],
    ['MEMBER_NOT_FOUND', 404],
    ['SESSION_NOT_FOUND', 404],
    ['METHOD_NOT_ALLOWED', 405],
    ['IDEMPOTENCY_KEY_REUSED', 409],
    ['IDEMPOTENCY_REQUEST_IN_PROGRESS', 409],
    ['IDEMPOTENCY_REPLAY_STALE', 409],
    ['KEY_REVOKED', 409],
    ['SCOPE_EXISTS', 409],
    ['SCOPE_IN_USE', 409],
    ['SCOPE_BUILT_IN', 409],
    ['ORGANIZATION_SLUG_TAKEN', 409],
    ['MEMBER_EMAIL_TAKEN', 409],
    ['MEMBER_NOT_ACTIVE', 409],
    ['MEMBER_SELF_CHANGE', 409],
    ['PAYLOAD_TOO_LARGE', 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415],
    ['UNKNOWN_SCOPE', 422],
    ['INVALID_IP_RULE', 422],
    ['INVALID_EXPIRY', 422],
    ['TTL_EXCEEDS_POLICY', 422],
    ['SCOPE_CYCLE', 422],
    ['INVALID_SCOPE_INCLUDES', 422],
    ['INVALID_POLICY', 422],
    ['INVALID_RATE_LIMIT', 422],
    ['INVALID_TEXT', 422],
    ['WEAK_PASSWORD', 422],
    ['RATE_LIMITED', 429],
    ['INTERNAL_ERROR', 500],
    ['SERVICE_UNAVAILABLE', 503],
    ['GATEWAY_NOT_TRUSTED', 503],
    ['GATEWAY_KEY_REFUSED', 503],
  ];
  it.each(statuses)('%s is %i', (code, status) => {
    expect(PROBLEMS[code].status).toBe(status);
    expect(PROBLEMS[code].title.length).toBeGreaterThan(5);
  });

  it('has exactly the codes listed above', () => {
    expect([...PROBLEM_CODES].sort()).toEqual(statuses.map(([code]) => code).sort());
  });

  it('codes are SCREAMING_SNAKE_CASE', () => {
    for (const code of PROBLEM_CODES) expect(code).toMatch(/^[A-Z][A-Z_]*[A-Z]$/);
  });

  it('only INTERNAL_ERROR is a 500', () => {
    expect(PROBLEM_CODES.filter((code) => PROBLEMS[code].status === 500)).toEqual(['INTERNAL_ERROR']);
  });
});

describe('problemTypeUri', () => {
  it.each<[ProblemCode, string]>([
    ['UNKNOWN_KEY', 'https://keyplane.dev/problems/unknown-key'],
    ['IDEMPOTENCY_REQUEST_IN_PROGRESS', 'https://keyplane.dev/problems/idempotency-request-in-progress'],
    ['NOT_FOUND', 'https://keyplane.dev/problems/not-found'],
  ])('%s → %s', (code, uri) => {
    expect(problemTypeUri(code)).toBe(uri);
  });
});

describe('isProblemCode', () => {
  it.each([
    ['UNKNOWN_KEY', true],
    ['unknown_key', false],
    ['toString', false],
    ['', false],
  ])('%j → %s', (value, expected) => {
    expect(isProblemCode(value)).toBe(expected);
  });
});

describe('DomainError', () => {
  it('carries code, detail, status and issues', () => {
    const error = new DomainError('INVALID_IP_RULE', 'bad rule', [{ path: [0, 'cidr'], message: 'nope' }]);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.message).toBe('bad rule');
    expect(error.code).toBe('INVALID_IP_RULE');
    expect(error.detail).toBe('bad rule');
    expect(error.status).toBe(422);
    expect(error.errors).toEqual([{ path: [0, 'cidr'], message: 'nope' }]);
    expect(new DomainError('KEY_NOT_FOUND', 'x').errors).toBeUndefined();
  });
});
