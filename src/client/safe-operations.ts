import { OPERATIONS } from '../api/operations.js';

/**
 * Which requests change nothing, read from the contract (src/api/operations.ts is generated
 * from openapi.yaml): GETs, and POSTs marked `x-keyplane-safe` such as verification. Such a
 * request takes no Idempotency-Key (a verification must never be answered from an earlier
 * one) and may be sent again after a failure.
 */
const SAFE_POSTS: readonly RegExp[] = OPERATIONS.filter((operation) => operation.method === 'POST' && operation.safe).map(
  // Anchored at the end only: the endpoint may carry a path prefix before `/v1`.
  (operation) => new RegExp(`${operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
);

/** True when `method` on `url` is an operation that changes nothing. */
export function isSafeRequest(method: string, url: string): boolean {
  const upper = method.toUpperCase();
  if (upper === 'GET' || upper === 'HEAD') return true;
  if (upper !== 'POST') return false;
  const { pathname } = new URL(url);
  return SAFE_POSTS.some((pattern) => pattern.test(pathname));
}
