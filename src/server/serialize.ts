import type { components } from '../api/schema.js';
import { keyStatus } from '../core/expiry.js';
import { organizationLimit } from '../core/rate-limit.js';
import { BUILT_IN_SCOPES, type BuiltInScope } from '../core/scopes.js';
import type { ApiKeyRecord, AuditEventRecord, IpRule, Organization, ScopeRecord } from '../core/types.js';

type Schemas = components['schemas'];

/** Epoch ms → RFC 3339 in UTC; null stays null. */
export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** RFC 3339 → epoch ms; `undefined` and `null` pass through (absent vs cleared). */
export function epoch(value: string | null | undefined): number | null | undefined {
  if (value === undefined || value === null) return value;
  return Date.parse(value);
}

/** A stored key as the contract's `ApiKey`: never the secret or its hash. */
export function toApiKey(key: ApiKeyRecord, now: number): Schemas['ApiKey'] {
  return {
    id: key.id,
    organization_id: key.organizationId,
    name: key.name,
    description: key.description,
    scopes: key.scopes,
    expires_at: iso(key.expiresAt),
    not_before: iso(key.notBefore),
    ip_rules: key.ipRules.map(toIpRule),
    metadata: key.metadata,
    hint: key.hint,
    status: keyStatus(key, now),
    rate_limit_per_minute: key.rateLimitPerMinute,
    created_at: iso(key.createdAt),
    created_by: key.createdBy,
    updated_at: iso(key.updatedAt),
    last_used_at: iso(key.lastUsedAt),
    revoked_at: iso(key.revokedAt),
    rotated_at: iso(key.rotatedAt),
    previous_secret_expires_at:
      key.previousSecretExpiresAt !== null && key.previousSecretExpiresAt > now ? iso(key.previousSecretExpiresAt) : null,
  };
}

function toIpRule(rule: IpRule): Schemas['IpRule'] {
  return { action: rule.action, cidr: rule.cidr, note: rule.note ?? null };
}

export function toOrganization(org: Organization): Schemas['Organization'] {
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    plan: org.plan,
    rate_limit_per_minute: org.rateLimitPerMinute,
    effective_rate_limit_per_minute: organizationLimit(org),
    is_operator: org.isOperator,
    key_policy: {
      default_ttl_seconds: org.keyPolicy.defaultTtlSeconds,
      max_ttl_seconds: org.keyPolicy.maxTtlSeconds,
      issuer_prefix: org.keyPolicy.issuerPrefix,
      tag_style: org.keyPolicy.tagStyle,
      environment_tag: org.keyPolicy.environmentTag,
    },
    created_at: iso(org.createdAt),
    updated_at: iso(org.updatedAt),
  };
}

export function toScope(scope: ScopeRecord): Schemas['Scope'] {
  return {
    name: scope.name,
    description: scope.description,
    includes: scope.includes,
    built_in: false,
    created_at: iso(scope.createdAt),
    updated_at: iso(scope.updatedAt),
  };
}

export function toBuiltInScope(name: BuiltInScope): Schemas['Scope'] {
  const definition = BUILT_IN_SCOPES[name];
  return {
    name,
    description: definition.description,
    includes: [...definition.includes],
    built_in: true,
    created_at: null,
    updated_at: null,
  };
}

export function toAuditEvent(event: AuditEventRecord): Schemas['AuditEvent'] {
  return {
    id: event.id,
    organization_id: event.organizationId,
    action: event.action,
    actor_key_id: event.actorKeyId,
    target_type: event.targetType,
    target_id: event.targetId,
    ip: event.ip,
    request_id: event.requestId,
    occurred_at: iso(event.occurredAt),
    details: event.details,
  };
}

/**
 * Cursors are opaque to clients (base64url of the last id seen), so that the paging scheme
 * can change without breaking them. A cursor that does not decode to an id of the expected
 * kind is a validation error, not an empty page.
 */
export function encodeCursor(lastId: string | null): string | null {
  return lastId === null ? null : Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, idPattern: RegExp): string | null | 'invalid' {
  if (cursor === undefined) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return idPattern.test(id) ? id : 'invalid';
}
