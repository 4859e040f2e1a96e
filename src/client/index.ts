/**
 * The Keyplane client: a thin layer over openapi-fetch with auth, timeouts, retries that
 * honour `Retry-After`, idempotency keys and typed problem errors. See `createKeyplaneClient`.
 */

export { createKeyplaneClient, type KeyplaneApi, type KeyplaneClient } from './create-client.js';
export { createSessionClient, type KeyplaneSessionClient } from './session-client.js';
export {
  KeyplaneConfigError,
  type AuthStyle,
  type KeyplaneClientOptions,
  type RetryEvent,
  type RetryOptions,
  type SessionClientOptions,
} from './client-options.js';
export {
  isProblem,
  KeyplaneProblemError,
  type ClientProblemCode,
  type KeyplaneProblem,
  type Problem,
  type ProblemCode,
} from './problem-error.js';
export { KeyplaneNetworkError, KeyplaneRequestError, KeyplaneTimeoutError } from './request-errors.js';
export { RETRYABLE_STATUSES } from './retry-policy.js';
export { unwrap, type ApiResult, type UnwrappedData } from './unwrap.js';
