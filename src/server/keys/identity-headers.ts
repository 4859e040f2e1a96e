import type { ScopeResolver } from '../../core/scopes.js';
import type { ApiKeyRecord } from '../../core/types.js';
import { iso } from '../serialize.js';

/**
 * The identity headers a gateway copies onto the upstream request (see the contract's
 * `GET /v1/gateway/auth`). Always all of them, empty when there is nothing to say, so a
 * gateway that copies every one replaces whatever a client sent under those names. Values
 * are ASCII: the name percent-encoded, metadata as base64url JSON.
 */
export const IDENTITY_HEADERS = [
  'X-Keyplane-Key-Id',
  'X-Keyplane-Organization-Id',
  'X-Keyplane-Key-Name',
  'X-Keyplane-Scopes',
  'X-Keyplane-Metadata',
  'X-Keyplane-Expires-At',
] as const;

export type IdentityHeaders = Record<(typeof IDENTITY_HEADERS)[number], string>;

interface Cached {
  resolver: ScopeResolver;
  headers: IdentityHeaders;
}

// A key record and a resolver are replaced when the key or the catalog changes, so the
// headers are made once per pair, not per request.
const cache = new WeakMap<ApiKeyRecord, Cached>();

export function identityHeaders(key: ApiKeyRecord, resolver: ScopeResolver): IdentityHeaders {
  const cached = cache.get(key);
  if (cached && cached.resolver === resolver) return cached.headers;
  const metadata = Object.keys(key.metadata).length === 0 ? '' : Buffer.from(JSON.stringify(key.metadata), 'utf8').toString('base64url');
  const headers: IdentityHeaders = {
    'X-Keyplane-Key-Id': key.id,
    'X-Keyplane-Organization-Id': key.organizationId,
    'X-Keyplane-Key-Name': encodeURIComponent(key.name),
    'X-Keyplane-Scopes': resolver.resolveSorted(key.scopes).join(' '),
    'X-Keyplane-Metadata': metadata,
    'X-Keyplane-Expires-At': key.expiresAt === null ? '' : iso(key.expiresAt),
  };
  cache.set(key, { resolver, headers });
  return headers;
}
