/**
 * What the middleware hands a handler once a key is verified, typed from the contract.
 */

import type { components } from '../api/schema.js';

/** The key as `POST /v1/keys/verify` describes it (the contract's `VerifiedKey`). */
export type VerifiedKey = components['schemas']['VerifiedKey'];

/** The presented key's rate limit after a verification (the contract's `RateLimitState`). */
export type RateLimitState = components['schemas']['RateLimitState'];

/**
 * The caller of a request, once its key is verified: the contract's `VerifiedKey` (`id`,
 * `name`, `scopes` as granted, `effective_scopes` with includes resolved, `metadata`,
 * `expires_at`, `status`, `organization_id`) and its rate limit.
 */
export interface KeyplaneIdentity extends VerifiedKey {
  /**
   * The key's rate limit after this request was counted; `null` when the verdict came from
   * the middleware's cache, since the service did not count that request.
   */
  rate_limit: RateLimitState | null;
  /** True when the verdict came from the middleware's cache (`cacheTtlMs`) instead of the service. */
  cached: boolean;
}
