/**
 * The verdict on a presented key, shared by the auth middleware (management API) and the
 * verify endpoint (gateways), so both refuse the same keys for the same reasons. The full
 * pipeline is: parse the secret (MALFORMED) → look up its hash (NOT_FOUND) →
 * {@link evaluateKey} (REVOKED, EXPIRED, NOT_YET_VALID, IP_NOT_ALLOWED, INSUFFICIENT_SCOPE) →
 * rate limit (RATE_LIMITED). Only the middle step is decided here; the others need storage
 * or the limiter's state.
 */

import { quoteInput } from './display-text.js';
import { isPreviousSecretValid } from './expiry.js';
import { compileIpRules, isIpAllowed } from './ip-rules.js';
import type { CompiledIpRules } from './ip-rules.js';
import type { ProblemCode } from './problems.js';
import type { ScopeResolver } from './scopes.js';
import type { ApiKeyRecord } from './types.js';

/** Every machine-readable verification code. */
export const VERIFICATION_CODES = [
  'VALID',
  'MALFORMED',
  'NOT_FOUND',
  'EXPIRED',
  'REVOKED',
  'NOT_YET_VALID',
  'IP_NOT_ALLOWED',
  'INSUFFICIENT_SCOPE',
  'RATE_LIMITED',
] as const;

/** The outcome of verifying a presented key. */
export type VerificationCode = (typeof VERIFICATION_CODES)[number];

/** The problem the management API answers with for each refusal. */
export const VERIFICATION_PROBLEMS: Record<Exclude<VerificationCode, 'VALID'>, ProblemCode> = {
  MALFORMED: 'MALFORMED_KEY',
  NOT_FOUND: 'UNKNOWN_KEY',
  EXPIRED: 'EXPIRED_KEY',
  REVOKED: 'REVOKED_KEY',
  NOT_YET_VALID: 'KEY_NOT_YET_VALID',
  IP_NOT_ALLOWED: 'IP_NOT_ALLOWED',
  INSUFFICIENT_SCOPE: 'INSUFFICIENT_SCOPE',
  RATE_LIMITED: 'RATE_LIMITED',
};

/** The fields of a key that decide its verdict. */
export type EvaluatedKey = Pick<
  ApiKeyRecord,
  'revokedAt' | 'expiresAt' | 'notBefore' | 'scopes' | 'ipRules' | 'previousSecretHash' | 'previousSecretExpiresAt'
>;

/** Input of {@link evaluateKey}. */
export interface KeyEvaluationInput {
  /** The key whose current or previous secret hash matched the presented secret. */
  key: EvaluatedKey;
  /** True when the presented secret matched the key's previous (rotated-out) secret. */
  presentedHashWasPrevious: boolean;
  /** Epoch ms. */
  now: number;
  /** The client's address; absent or unparsable is refused only when the key has IP rules. */
  clientIp: string | null | undefined;
  /** Scopes the request needs; none means any valid key will do. */
  requiredScopes?: readonly string[];
  /** Resolver of the key's organization. */
  resolver: ScopeResolver;
  /** The key's rules compiled once and cached by the caller; compiled here when omitted. */
  compiledIpRules?: CompiledIpRules;
}

/** The verdict of {@link evaluateKey}; `detail` is safe to show the key's holder. */
export type KeyEvaluation =
  | { valid: true; code: 'VALID' }
  | { valid: false; code: 'REVOKED' | 'EXPIRED' | 'NOT_YET_VALID' | 'IP_NOT_ALLOWED'; detail: string }
  | { valid: false; code: 'INSUFFICIENT_SCOPE'; detail: string; missingScopes: string[] };

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Decides whether a found key may be used, in a fixed precedence so that the answer does
 * not depend on which check runs first: revoked > expired (including a rotated-out secret
 * past its grace period) > not yet valid > IP not allowed > missing scope.
 */
export function evaluateKey(input: KeyEvaluationInput): KeyEvaluation {
  const { key, now } = input;
  if (key.revokedAt !== null) {
    return { valid: false, code: 'REVOKED', detail: `This key was revoked at ${iso(key.revokedAt)}; revocation cannot be undone. Create a new key.` };
  }
  if (key.expiresAt !== null && now >= key.expiresAt) {
    return { valid: false, code: 'EXPIRED', detail: `This key expired at ${iso(key.expiresAt)}. Extend its expiry or create a new key.` };
  }
  if (input.presentedHashWasPrevious && !isPreviousSecretValid(key, now)) {
    const ended = key.previousSecretExpiresAt;
    return {
      valid: false,
      code: 'EXPIRED',
      detail: `This secret was replaced when the key was rotated${ended === null ? '' : `, and its grace period ended at ${iso(ended)}`}. Use the key's new secret.`,
    };
  }
  if (key.notBefore !== null && now < key.notBefore) {
    return { valid: false, code: 'NOT_YET_VALID', detail: `This key is valid from ${iso(key.notBefore)}.` };
  }
  const rules = input.compiledIpRules ?? compileIpRules(key.ipRules);
  if (!isIpAllowed(rules, input.clientIp)) {
    const shown = input.clientIp ? quoteInput(input.clientIp) : 'an unknown address';
    return {
      valid: false,
      code: 'IP_NOT_ALLOWED',
      detail: `Requests from ${shown} are not allowed by this key's IP rules.`,
    };
  }
  const required = input.requiredScopes ?? [];
  if (required.length > 0) {
    const missingScopes = input.resolver.missing(key.scopes, required);
    if (missingScopes.length > 0) {
      return {
        valid: false,
        code: 'INSUFFICIENT_SCOPE',
        detail: `This key lacks the scope${missingScopes.length === 1 ? '' : 's'} ${missingScopes.map((s) => `"${s}"`).join(', ')}.`,
        missingScopes,
      };
    }
  }
  return { valid: true, code: 'VALID' };
}
