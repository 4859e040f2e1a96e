import type { components } from '../api/schema.js';
import { keyStatus } from '../core/expiry.js';
import { organizationLimit } from '../core/rate-limit.js';
import { BUILT_IN_SCOPES, type BuiltInScope } from '../core/scopes.js';
import type { Actor, ApiKeyRecord, AuditEventRecord, IpRule, MemberRecord, Organization, ScopeRecord, SessionRecord } from '../core/types.js';

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
    created_by: toActor(key.createdBy),
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
    session_policy: {
      idle_timeout_seconds: org.sessionPolicy.idleTimeoutSeconds,
      absolute_timeout_seconds: org.sessionPolicy.absoluteTimeoutSeconds,
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
    actor: event.actor && toActor(event.actor),
    actor_key_id: event.actor?.type === 'key' ? event.actor.id : null,
    target_type: event.targetType,
    target_id: event.targetId,
    ip: event.ip,
    request_id: event.requestId,
    occurred_at: iso(event.occurredAt),
    details: event.details,
  };
}

export function toActor(actor: Actor): Schemas['Actor'] {
  return { type: actor.type, id: actor.id, display: actor.display };
}

/** A stored member as the contract's `Member`: never the password hash or a link's token. */
export function toMember(member: MemberRecord, now: number): Schemas['Member'] {
  return {
    id: member.id,
    organization_id: member.organizationId,
    email: member.email,
    display_name: member.displayName,
    scopes: [...member.scopes].sort(),
    status: member.status,
    locked: member.lockedAt !== null,
    locked_at: iso(member.lockedAt),
    invitation_expires_at:
      member.invitationExpiresAt !== null && member.invitationExpiresAt > now ? iso(member.invitationExpiresAt) : null,
    created_at: iso(member.createdAt),
    created_by: toActor(member.createdBy),
    updated_at: iso(member.updatedAt),
    last_sign_in_at: iso(member.lastSignInAt),
  };
}

/** A stored session as the contract's `Session`: never its token or the token's hash. */
export function toSession(session: SessionRecord, policy: Organization['sessionPolicy'], currentId: string | null): Schemas['Session'] {
  return {
    id: session.id,
    member_id: session.memberId,
    organization_id: session.organizationId,
    created_at: iso(session.createdAt),
    last_seen_at: iso(session.lastSeenAt),
    idle_expires_at: iso(Math.min(session.lastSeenAt + policy.idleTimeoutSeconds * 1000, session.expiresAt)),
    expires_at: iso(session.expiresAt),
    ip: session.ip,
    user_agent: session.userAgent,
    current: session.id === currentId,
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
