import type { components } from '../../api/schema.js';
import { keyStatus } from '../../core/expiry.js';
import type { RateLimitDecision } from '../../core/rate-limit.js';
import type { ScopeResolver } from '../../core/scopes.js';
import type { ApiKeyRecord } from '../../core/types.js';
import { iso } from '../serialize.js';

type VerifiedKey = components['schemas']['VerifiedKey'];

interface Prefix {
  resolver: ScopeResolver;
  /** The key's JSON up to its `status` value: `{"id":…,"expires_at":…,"status":`. */
  json: string;
}

/**
 * Everything of a verified key but its status is the same on every verification until the
 * key or its organization's catalog changes (which loads a new record or a new resolver). It
 * is serialized once per record and resolver, and each answer only adds the status and the
 * rate-limit state: serializing a verdict is the largest cost of verification after the
 * framework's own, so the hot path does not pay it per request.
 */
const prefixes = new WeakMap<ApiKeyRecord, Prefix>();

/** The contract's `VerifiedKey` of `key` at `now`, as an object (for the answers that are not hot). */
export function verifiedKey(key: ApiKeyRecord, resolver: ScopeResolver, now: number): VerifiedKey {
  return {
    id: key.id,
    organization_id: key.organizationId,
    name: key.name,
    scopes: key.scopes,
    effective_scopes: resolver.resolveSorted(key.scopes),
    metadata: key.metadata,
    expires_at: iso(key.expiresAt),
    status: keyStatus(key, now),
  };
}

/** {@link verifiedKey} as JSON, from the key's cached prefix. */
export function verifiedKeyJson(key: ApiKeyRecord, resolver: ScopeResolver, now: number): string {
  let prefix = prefixes.get(key);
  if (prefix === undefined || prefix.resolver !== resolver) {
    const { status: _status, ...fixed } = verifiedKey(key, resolver, now);
    prefix = { resolver, json: `${JSON.stringify(fixed).slice(0, -1)},"status":` };
    prefixes.set(key, prefix);
  }
  return `${prefix.json}"${keyStatus(key, now)}"}`;
}

/** The `VerifyKeyResponse` of a key that may make the request, as JSON. */
export function validVerdictJson(keyJson: string, decision: RateLimitDecision): string {
  return `{"valid":true,"code":"VALID","detail":"The key is valid for this request.","key":${keyJson},"rate_limit":${rateLimitJson(decision)}}`;
}

function rateLimitJson(decision: RateLimitDecision): string {
  return `{"limit":${decision.limit},"remaining":${decision.remaining},"reset_seconds":${decision.resetSeconds}}`;
}
