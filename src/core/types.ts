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
  createdAt: number;
  updatedAt: number;
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
  /** Id of the key that created this one, or `bootstrap` for the first admin key. */
  createdBy: string;
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
  | 'audit.dropped';

export interface AuditEventRecord {
  id: string;
  /** Null only for refused authentications that cannot be tied to an organization. */
  organizationId: string | null;
  action: AuditAction;
  actorKeyId: string | null;
  targetType: 'organization' | 'api_key' | 'scope' | null;
  targetId: string | null;
  ip: string | null;
  requestId: string;
  occurredAt: number;
  /** What changed, or why authentication was refused. Never a secret. */
  details: Record<string, unknown>;
}
