/**
 * The domain's vocabulary, shared by the store, the server, the provider and the constructs.
 * Plain data only: no behaviour, no I/O. Times are epoch milliseconds inside the domain;
 * the HTTP layer turns them into RFC 3339 strings.
 */

/** Subscription plan of an organization; decides its default rate limit. */
export type Plan = 'free' | 'team' | 'business' | 'enterprise';

/** How the middle part of a secret (`nm_<tag>_...`) is chosen for an organization. */
export type TagStyle = 'organization' | 'environment';

/** An organization's rules for the keys it issues. */
export interface KeyPolicy {
  /** Lifetime given to a key created without `expires_at`; null = such keys never expire. */
  defaultTtlSeconds: number | null;
  /** Longest lifetime a key may have; null = no limit (and `expires_at: null` is allowed). */
  maxTtlSeconds: number | null;
  /** First part of every secret, e.g. `nm`. */
  issuerPrefix: string;
  tagStyle: TagStyle;
  /** The tag used when `tagStyle` is `environment`, e.g. `live`. */
  environmentTag: string | null;
}

/** How long an organization's members stay signed in. */
export interface SessionPolicy {
  /** A session unused this long ends. */
  idleTimeoutSeconds: number;
  /** A session ends this long after sign-in, however much it is used. */
  absoluteTimeoutSeconds: number;
}

export interface Organization {
  id: string;
  slug: string;
  name: string;
  plan: Plan;
  /** Requests per minute per key; overrides the plan's figure (required for `enterprise`). */
  rateLimitPerMinute: number | null;
  /** The operator organization may manage other organizations (granted by the `operator` scope). */
  isOperator: boolean;
  keyPolicy: KeyPolicy;
  sessionPolicy: SessionPolicy;
  createdAt: number;
  updatedAt: number;
}

/** What made a change or a request: an API key, a signed-in member, or the service itself. */
export type ActorType = 'key' | 'member' | 'system';

/**
 * An actor as recorded with what it did. `display` is how it was named at the time (a key's
 * name and hint, a member's name and e-mail), so the record still reads when it is gone.
 */
export interface Actor {
  type: ActorType;
  id: string;
  display: string;
}

/** The service itself, as the maker of the first admin key. */
export const BOOTSTRAP_ACTOR: Actor = Object.freeze({ type: 'system', id: 'bootstrap', display: 'bootstrap' });

export type MemberStatus = 'invited' | 'active' | 'suspended';

/** What an open one-time link of a member does when accepted. */
export type InvitationPurpose = 'invitation' | 'password_reset' | 'owner_setup';

/** A person of an organization, as stored: a password hash at most, never a password or a token. */
export interface MemberRecord {
  id: string;
  organizationId: string;
  /** As the person typed it; unique per organization ignoring case. Null only before an owner set-up. */
  email: string | null;
  displayName: string | null;
  scopes: string[];
  status: MemberStatus;
  /** scrypt hash with its parameters (see password-hash.ts); null until a password is set. */
  passwordHash: string | null;
  /** Failed sign-ins in a row; reset by a successful one or an unlock. */
  failedSignIns: number;
  /** Set when `failedSignIns` reached the lock-out threshold; null = not locked. */
  lockedAt: number | null;
  /** Keyed hash of the open one-time link's token; null = no open link. */
  invitationHash: string | null;
  invitationExpiresAt: number | null;
  invitationPurpose: InvitationPurpose | null;
  createdAt: number;
  createdBy: Actor;
  updatedAt: number;
  lastSignInAt: number | null;
}

/** A signed-in session, as stored: the keyed hash of its token, never the token. */
export interface SessionRecord {
  id: string;
  organizationId: string;
  memberId: string;
  tokenHash: string;
  createdAt: number;
  /** Last request made with it, recorded within a few seconds (off the request path). */
  lastSeenAt: number;
  /** The absolute timeout: sign-in time plus the policy's absolute timeout. */
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
}

export type IpRuleAction = 'allow' | 'deny';

export interface IpRule {
  action: IpRuleAction;
  /** An address or CIDR block, IPv4 or IPv6, in canonical form once validated. */
  cidr: string;
  note?: string | null;
}

export type KeyStatus = 'active' | 'expired' | 'revoked' | 'not_yet_valid';

/** An API key as stored: never the secret, only its keyed hash. */
export interface ApiKeyRecord {
  id: string;
  organizationId: string;
  name: string;
  description: string | null;
  scopes: string[];
  expiresAt: number | null;
  notBefore: number | null;
  ipRules: IpRule[];
  metadata: Record<string, string>;
  /** Display hint: the secret's prefix and last four characters, e.g. `nm_acme_…x7Kq`. */
  hint: string;
  /** HMAC-SHA-256 of the current secret, hex. */
  secretHash: string;
  /** Hash of the secret replaced by the last rotation, valid until `previousSecretExpiresAt`. */
  previousSecretHash: string | null;
  previousSecretExpiresAt: number | null;
  rateLimitPerMinute: number | null;
  createdAt: number;
  /** The key or member that created this one; the system for the first admin key. */
  createdBy: Actor;
  updatedAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  rotatedAt: number | null;
}

/** An entry of an organization's scope catalog. */
export interface ScopeRecord {
  organizationId: string;
  name: string;
  description: string | null;
  includes: string[];
  createdAt: number;
  updatedAt: number;
}

export type AuditAction =
  | 'organization.created'
  | 'organization.updated'
  | 'key.created'
  | 'key.updated'
  | 'key.rotated'
  | 'key.revoked'
  | 'scope.created'
  | 'scope.updated'
  | 'scope.deleted'
  | 'auth.refused'
  /** Refusals the bounded recorder could not keep (a flood); `details.dropped` counts them. */
  | 'audit.dropped'
  | 'member.invited'
  | 'member.joined'
  | 'member.updated'
  | 'member.deleted'
  | 'member.locked'
  | 'member.unlocked'
  | 'member.invitation_reissued'
  | 'member.password_changed'
  | 'session.created'
  | 'session.refused'
  | 'session.ended'
  | 'session.revoked';

export interface AuditEventRecord {
  id: string;
  /** Null only for refused authentications that cannot be tied to an organization. */
  organizationId: string | null;
  action: AuditAction;
  /** Who made the request; null when no key or member was recognised. */
  actor: Actor | null;
  targetType: 'organization' | 'api_key' | 'scope' | 'member' | 'session' | null;
  targetId: string | null;
  ip: string | null;
  requestId: string;
  occurredAt: number;
  /** What changed, or why authentication was refused. Never a secret. */
  details: Record<string, unknown>;
}
