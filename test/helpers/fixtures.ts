/**
 * Builders of valid domain records for tests. Each call returns a fresh record with unique,
 * creation-ordered ids; pass `overrides` for the fields a test is about.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  BOOTSTRAP_ACTOR,
  type Actor,
  type ApiKeyRecord,
  type AuditEventRecord,
  type MemberRecord,
  type Organization,
  type ScopeRecord,
  type SessionRecord,
} from '../../src/core/types.js';
import type { IdempotencyRecord } from '../../src/store/store.js';

/** A fixed instant (2025-01-01T00:00:00Z) so tests state times relative to it. */
export const T0 = Date.UTC(2025, 0, 1);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = 0;
let sequence = 0;

function base32(value: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = CROCKFORD[value % 32]! + out;
    value = Math.floor(value / 32);
  }
  return out;
}

/**
 * A ULID-shaped id, `<prefix>_<10 time chars><16 chars>`, strictly increasing within this
 * process (a counter breaks ties in the same millisecond), like the service's own ids.
 */
export function sortableId(prefix: string): string {
  const now = Math.max(Date.now(), lastTime);
  if (now !== lastTime) {
    lastTime = now;
    sequence = 0;
  }
  sequence++;
  const tail = randomBytes(6).readUIntBE(0, 6) % 32 ** 8;
  return `${prefix}_${base32(now, 10)}${base32(sequence, 8)}${base32(tail, 8)}`;
}

/** A hex SHA-256 standing in for a secret's keyed hash; unique unless `seed` repeats. */
export function aSecretHash(seed: string = randomBytes(16).toString('hex')): string {
  return createHash('sha256').update(seed).digest('hex');
}

export function anOrganization(overrides: Partial<Organization> = {}): Organization {
  const id = overrides.id ?? sortableId('org');
  const slug = overrides.slug ?? `org${id.slice(-12).toLowerCase()}`;
  return {
    id,
    slug,
    name: `Organization ${slug}`,
    plan: 'team',
    rateLimitPerMinute: null,
    isOperator: false,
    keyPolicy: {
      defaultTtlSeconds: 90 * 24 * 3600,
      maxTtlSeconds: 365 * 24 * 3600,
      issuerPrefix: 'nm',
      tagStyle: 'organization',
      environmentTag: null,
    },
    sessionPolicy: { idleTimeoutSeconds: 1800, absoluteTimeoutSeconds: 43_200 },
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function anApiKeyRecord(
  org: Pick<Organization, 'id' | 'slug'>,
  overrides: Partial<ApiKeyRecord> = {},
): ApiKeyRecord {
  return {
    id: sortableId('key'),
    organizationId: org.id,
    name: 'CRM Sync',
    description: null,
    scopes: ['keys:read'],
    expiresAt: T0 + 90 * DAY,
    notBefore: null,
    ipRules: [],
    metadata: {},
    hint: `nm_${org.slug}_…x7Kq`,
    secretHash: aSecretHash(),
    previousSecretHash: null,
    previousSecretExpiresAt: null,
    rateLimitPerMinute: null,
    createdAt: T0,
    createdBy: { ...BOOTSTRAP_ACTOR },
    updatedAt: T0,
    lastUsedAt: null,
    revokedAt: null,
    rotatedAt: null,
    ...overrides,
  };
}

export function aScope(org: Pick<Organization, 'id'>, overrides: Partial<ScopeRecord> = {}): ScopeRecord {
  return {
    organizationId: org.id,
    name: `scope-${sortableId('s').slice(-8).toLowerCase()}`,
    description: null,
    includes: [],
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function anAuditEvent(
  org: Pick<Organization, 'id'> | null,
  overrides: Partial<AuditEventRecord> = {},
): AuditEventRecord {
  return {
    id: sortableId('evt'),
    organizationId: org?.id ?? null,
    action: 'key.created',
    actor: null,
    targetType: 'api_key',
    targetId: null,
    ip: '203.0.113.7',
    requestId: sortableId('req'),
    occurredAt: T0,
    details: {},
    ...overrides,
  };
}

export function anIdempotencyRecord(
  org: Pick<Organization, 'id'>,
  overrides: Partial<IdempotencyRecord> = {},
): IdempotencyRecord {
  return {
    organizationId: org.id,
    callerKeyId: sortableId('key'),
    idempotencyKey: randomBytes(8).toString('hex'),
    requestFingerprint: aSecretHash(),
    statusCode: 201,
    responseCiphertext: randomBytes(24).toString('base64'),
    createdAt: T0,
    expiresAt: T0 + DAY,
    ...overrides,
  };
}

/** The actor a key or member is recorded as; the display is what the store keeps, not its subject. */
export function anActor(of: ApiKeyRecord | MemberRecord): Actor {
  return 'secretHash' in of
    ? { type: 'key', id: of.id, display: `${of.name} (${of.hint})` }
    : { type: 'member', id: of.id, display: `${of.displayName} <${of.email}>` };
}

export function aMemberRecord(
  org: Pick<Organization, 'id'>,
  overrides: Partial<MemberRecord> = {},
): MemberRecord {
  const id = overrides.id ?? sortableId('mem');
  return {
    id,
    organizationId: org.id,
    email: `Person.${id.slice(-10)}@Example.com`,
    displayName: 'Ada Lovelace',
    scopes: ['keys:read'],
    status: 'active',
    passwordHash: `scrypt$${randomBytes(8).toString('hex')}`,
    failedSignIns: 0,
    lockedAt: null,
    invitationHash: null,
    invitationExpiresAt: null,
    invitationPurpose: null,
    createdAt: T0,
    createdBy: { ...BOOTSTRAP_ACTOR },
    updatedAt: T0,
    lastSignInAt: null,
    ...overrides,
  };
}

export function aSessionRecord(
  member: Pick<MemberRecord, 'id' | 'organizationId'>,
  overrides: Partial<SessionRecord> = {},
): SessionRecord {
  return {
    id: sortableId('ses'),
    organizationId: member.organizationId,
    memberId: member.id,
    tokenHash: aSecretHash(),
    createdAt: T0,
    lastSeenAt: T0,
    expiresAt: T0 + 12 * HOUR,
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    ...overrides,
  };
}
