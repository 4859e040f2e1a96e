import type {
  Actor,
  ActorType,
  ApiKeyRecord,
  AuditAction,
  AuditEventRecord,
  InvitationPurpose,
  IpRule,
  KeyPolicy,
  MemberRecord,
  MemberStatus,
  Organization,
  Plan,
  ScopeRecord,
  SessionPolicy,
  SessionRecord,
  TagStyle,
} from '../core/types.js';
import type {
  ApiKeyScopesTable,
  ApiKeysTable,
  AuditEventsTable,
  IdempotencyRecordsTable,
  MembersTable,
  OrganizationsTable,
  ScopesTable,
  SessionsTable,
} from './schema.js';
import type { IdempotencyRecord } from './store.js';

// Rows come from our own writes, so parsing trusts their shape; the casts say which one.

export function organizationToRow(org: Organization): OrganizationsTable {
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    plan: org.plan,
    rate_limit_per_minute: org.rateLimitPerMinute,
    is_operator: org.isOperator ? 1 : 0,
    default_ttl_seconds: org.keyPolicy.defaultTtlSeconds,
    max_ttl_seconds: org.keyPolicy.maxTtlSeconds,
    issuer_prefix: org.keyPolicy.issuerPrefix,
    tag_style: org.keyPolicy.tagStyle,
    environment_tag: org.keyPolicy.environmentTag,
    session_idle_timeout_seconds: org.sessionPolicy.idleTimeoutSeconds,
    session_absolute_timeout_seconds: org.sessionPolicy.absoluteTimeoutSeconds,
    created_at: org.createdAt,
    updated_at: org.updatedAt,
  };
}

export function rowToOrganization(row: OrganizationsTable): Organization {
  const keyPolicy: KeyPolicy = {
    defaultTtlSeconds: row.default_ttl_seconds,
    maxTtlSeconds: row.max_ttl_seconds,
    issuerPrefix: row.issuer_prefix,
    tagStyle: row.tag_style as TagStyle,
    environmentTag: row.environment_tag,
  };
  const sessionPolicy: SessionPolicy = {
    idleTimeoutSeconds: row.session_idle_timeout_seconds,
    absoluteTimeoutSeconds: row.session_absolute_timeout_seconds,
  };
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    plan: row.plan as Plan,
    rateLimitPerMinute: row.rate_limit_per_minute,
    isOperator: row.is_operator === 1,
    keyPolicy,
    sessionPolicy,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Column order is fixed: bulk inserts rely on every row having the same keys in the same order. */
export function apiKeyToRow(key: ApiKeyRecord): ApiKeysTable {
  return {
    id: key.id,
    organization_id: key.organizationId,
    name: key.name,
    description: key.description,
    scopes: JSON.stringify(key.scopes),
    expires_at: key.expiresAt,
    not_before: key.notBefore,
    ip_rules: JSON.stringify(key.ipRules),
    metadata: JSON.stringify(key.metadata),
    hint: key.hint,
    secret_hash: key.secretHash,
    previous_secret_hash: key.previousSecretHash,
    previous_secret_expires_at: key.previousSecretExpiresAt,
    rate_limit_per_minute: key.rateLimitPerMinute,
    created_at: key.createdAt,
    created_by: key.createdBy.id,
    created_by_type: key.createdBy.type,
    created_by_display: key.createdBy.display,
    updated_at: key.updatedAt,
    last_used_at: key.lastUsedAt,
    revoked_at: key.revokedAt,
    rotated_at: key.rotatedAt,
  };
}

export function rowToApiKey(row: ApiKeysTable): ApiKeyRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    description: row.description,
    scopes: JSON.parse(row.scopes) as string[],
    expiresAt: row.expires_at,
    notBefore: row.not_before,
    ipRules: JSON.parse(row.ip_rules) as IpRule[],
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    hint: row.hint,
    secretHash: row.secret_hash,
    previousSecretHash: row.previous_secret_hash,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    rateLimitPerMinute: row.rate_limit_per_minute,
    createdAt: row.created_at,
    createdBy: actor(row.created_by_type, row.created_by, row.created_by_display),
    updatedAt: row.updated_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    rotatedAt: row.rotated_at,
  };
}

/** The join-table rows of a key: one per distinct scope. */
export function apiKeyScopeRows(
  keyId: string,
  organizationId: string,
  scopes: readonly string[],
): ApiKeyScopesTable[] {
  return [...new Set(scopes)].map((scope) => ({ key_id: keyId, organization_id: organizationId, scope }));
}

export function scopeToRow(scope: ScopeRecord): ScopesTable {
  return {
    organization_id: scope.organizationId,
    name: scope.name,
    description: scope.description,
    includes: JSON.stringify(scope.includes),
    created_at: scope.createdAt,
    updated_at: scope.updatedAt,
  };
}

export function rowToScope(row: ScopesTable): ScopeRecord {
  return {
    organizationId: row.organization_id,
    name: row.name,
    description: row.description,
    includes: JSON.parse(row.includes) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function auditEventToRow(event: AuditEventRecord): AuditEventsTable {
  return {
    id: event.id,
    organization_id: event.organizationId,
    action: event.action,
    actor_key_id: event.actor?.type === 'key' ? event.actor.id : null,
    actor_type: event.actor?.type ?? null,
    actor_id: event.actor?.id ?? null,
    actor_display: event.actor?.display ?? null,
    target_type: event.targetType,
    target_id: event.targetId,
    ip: event.ip,
    request_id: event.requestId,
    occurred_at: event.occurredAt,
    details: JSON.stringify(event.details),
  };
}

export function rowToAuditEvent(row: AuditEventsTable): AuditEventRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    action: row.action as AuditAction,
    actor:
      row.actor_type === null || row.actor_id === null || row.actor_display === null
        ? null
        : actor(row.actor_type, row.actor_id, row.actor_display),
    targetType: row.target_type as AuditEventRecord['targetType'],
    targetId: row.target_id,
    ip: row.ip,
    requestId: row.request_id,
    occurredAt: row.occurred_at,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

export function idempotencyToRow(record: IdempotencyRecord): IdempotencyRecordsTable {
  return {
    organization_id: record.organizationId,
    caller_key_id: record.callerKeyId,
    idempotency_key: record.idempotencyKey,
    request_fingerprint: record.requestFingerprint,
    status_code: record.statusCode,
    response_ciphertext: record.responseCiphertext,
    created_at: record.createdAt,
    expires_at: record.expiresAt,
  };
}

export function rowToIdempotency(row: IdempotencyRecordsTable): IdempotencyRecord {
  return {
    organizationId: row.organization_id,
    callerKeyId: row.caller_key_id,
    idempotencyKey: row.idempotency_key,
    requestFingerprint: row.request_fingerprint,
    statusCode: row.status_code,
    responseCiphertext: row.response_ciphertext,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export function memberToRow(member: MemberRecord): MembersTable {
  return {
    id: member.id,
    organization_id: member.organizationId,
    email: member.email,
    email_lower: emailLower(member.email),
    display_name: member.displayName,
    scopes: JSON.stringify(member.scopes),
    status: member.status,
    password_hash: member.passwordHash,
    failed_sign_ins: member.failedSignIns,
    locked_at: member.lockedAt,
    invitation_hash: member.invitationHash,
    invitation_expires_at: member.invitationExpiresAt,
    invitation_purpose: member.invitationPurpose,
    created_at: member.createdAt,
    created_by_type: member.createdBy.type,
    created_by_id: member.createdBy.id,
    created_by_display: member.createdBy.display,
    updated_at: member.updatedAt,
    last_sign_in_at: member.lastSignInAt,
  };
}

export function rowToMember(row: MembersTable): MemberRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    displayName: row.display_name,
    scopes: JSON.parse(row.scopes) as string[],
    status: row.status as MemberStatus,
    passwordHash: row.password_hash,
    failedSignIns: row.failed_sign_ins,
    lockedAt: row.locked_at,
    invitationHash: row.invitation_hash,
    invitationExpiresAt: row.invitation_expires_at,
    invitationPurpose: row.invitation_purpose as InvitationPurpose | null,
    createdAt: row.created_at,
    createdBy: actor(row.created_by_type, row.created_by_id, row.created_by_display),
    updatedAt: row.updated_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

/**
 * The form of an e-mail address that uniqueness and look-ups compare. Lower-cased here rather
 * than by SQL `lower()`, which SQLite applies to ASCII letters only.
 */
export function emailLower(email: string | null): string | null {
  return email === null ? null : email.toLowerCase();
}

export function sessionToRow(session: SessionRecord): SessionsTable {
  return {
    id: session.id,
    organization_id: session.organizationId,
    member_id: session.memberId,
    token_hash: session.tokenHash,
    created_at: session.createdAt,
    last_seen_at: session.lastSeenAt,
    expires_at: session.expiresAt,
    ip: session.ip,
    user_agent: session.userAgent,
  };
}

export function rowToSession(row: SessionsTable): SessionRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    memberId: row.member_id,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

function actor(type: string, id: string, display: string): Actor {
  return { type: type as ActorType, id, display };
}
