import { keyStatus } from '../../core/expiry.js';
import type { ApiKeyRecord, Organization } from '../../core/types.js';
import { iso, toApiKey, toOrganization } from '../serialize.js';

/**
 * The contract's `ApiKey` and `Organization` as JSON for answers on the hot path (who am I).
 * A key record is replaced whenever the key changes, so all it holds is serialized once per
 * record; only what depends on the time (`status`, and `previous_secret_expires_at`, which
 * shows only during the grace period) is added per answer. Organizations do not depend on
 * the time at all.
 */
const keyPrefixes = new WeakMap<ApiKeyRecord, string>();
const organizations = new WeakMap<Organization, string>();

export function apiKeyJson(key: ApiKeyRecord, now: number): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    const { status: _status, previous_secret_expires_at: _previous, ...fixed } = toApiKey(key, now);
    prefix = JSON.stringify(fixed).slice(0, -1);
    keyPrefixes.set(key, prefix);
  }
  const graceEnds = key.previousSecretExpiresAt !== null && key.previousSecretExpiresAt > now ? `"${iso(key.previousSecretExpiresAt)}"` : 'null';
  return `${prefix},"status":"${keyStatus(key, now)}","previous_secret_expires_at":${graceEnds}}`;
}

export function organizationJson(org: Organization): string {
  let json = organizations.get(org);
  if (json === undefined) {
    json = JSON.stringify(toOrganization(org));
    organizations.set(org, json);
  }
  return json;
}
