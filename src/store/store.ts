import type { Change, ChangeListener } from './change-feed.js';
import type {
  ApiKeyRecord,
  AuditAction,
  AuditEventRecord,
  KeyStatus,
  MemberRecord,
  MemberStatus,
  Organization,
  ScopeRecord,
  SessionRecord,
} from '../core/types.js';

/**
 * The storage interface the service is written against. Implementations: SQLite (embedded,
 * the default) and PostgreSQL (several nodes). Everything is async so that a network
 * database fits without changing callers; nothing here speaks a SQL dialect.
 *
 * Listing is by cursor: `after` is the last id of the previous page (ids sort by creation
 * time), never an offset.
 */
export interface Store {
  /** Applies pending migrations. Called once at start-up. */
  migrate(): Promise<void>;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;

  /**
   * Runs `work` in one transaction: every write in it lands, or none does. Inside it use
   * only the `Store` passed to `work`: a call on the outer store is outside the transaction
   * (and on SQLite, whose one connection the transaction holds, it would wait for the
   * transaction to end, which waits for it). A nested `transaction` joins the outer one.
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;

  organizations: OrganizationRepository;
  keys: ApiKeyRepository;
  scopes: ScopeRepository;
  audit: AuditRepository;
  idempotency: IdempotencyRepository;
  members: MemberRepository;
  sessions: SessionRepository;
  rateLimits: RateLimitRepository;

  /** True where several nodes may share the database (PostgreSQL): limits and caches must agree across them. */
  readonly sharedByNodes: boolean;

  /**
   * Tells every node sharing the database to drop `change` from its caches: when the
   * transaction this store is bound to commits (and not if it rolls back), at once outside
   * one. A no-op on SQLite, where one node is all there is.
   */
  announce(change: Change): Promise<void>;
  /** Hears other nodes' announcements until the returned function is called. */
  listen(listener: ChangeListener): Promise<() => Promise<void>>;
}

export interface Page<T> {
  items: T[];
  /** Id to pass as `after` for the next page, or null when this was the last one. */
  nextAfter: string | null;
}

export interface PageRequest {
  limit: number;
  after?: string | null;
}

/**
 * Inserts throw `StoreConflictError` (from `./errors.js`) when an id, slug, scope name or
 * secret hash is taken; the server maps it to 409. Other errors are outages or bugs.
 */
export interface OrganizationRepository {
  insert(org: Organization): Promise<void>;
  get(id: string): Promise<Organization | null>;
  getBySlug(slug: string): Promise<Organization | null>;
  list(page: PageRequest): Promise<Page<Organization>>;
  /** Replaces the stored row with `org` (same id). Returns false when there is none. */
  update(org: Organization): Promise<boolean>;
  count(): Promise<number>;
}

export interface ApiKeyFilter {
  /** Status at time `now` (epoch ms). */
  status?: KeyStatus;
  /** Keys that list this scope directly. */
  scope?: string;
  /** Case-insensitive substring of the name. */
  nameContains?: string;
  /** Only these keys (ids of no key of the organization match nothing). */
  ids?: readonly string[];
}

/** Fields of a key that an update may change. */
export type ApiKeyChanges = Partial<
  Pick<
    ApiKeyRecord,
    | 'name'
    | 'description'
    | 'scopes'
    | 'expiresAt'
    | 'notBefore'
    | 'ipRules'
    | 'metadata'
    | 'rateLimitPerMinute'
    | 'updatedAt'
    | 'revokedAt'
    | 'secretHash'
    | 'hint'
    | 'previousSecretHash'
    | 'previousSecretExpiresAt'
    | 'rotatedAt'
  >
>;

export interface ApiKeyRepository {
  insert(key: ApiKeyRecord): Promise<void>;
  /** Bulk insert for seeding and benchmarks; one statement per chunk, inside one transaction. */
  insertMany(keys: ApiKeyRecord[]): Promise<void>;
  /** A key of one organization; null for another organization's key. */
  get(organizationId: string, id: string): Promise<ApiKeyRecord | null>;
  /**
   * The key whose current secret hashes to `hash`, or whose previous secret does (the caller
   * checks `previousSecretExpiresAt`). Indexed: this is the authentication lookup.
   */
  findBySecretHash(hash: string): Promise<ApiKeyRecord | null>;
  list(
    organizationId: string,
    filter: ApiKeyFilter,
    page: PageRequest,
    now: number,
  ): Promise<Page<ApiKeyRecord>>;
  /**
   * Applies `changes`; returns the updated key, or null if it does not exist.
   * `revokedAt` is write-once: once a key is revoked, later values (or null) leave it as it is.
   */
  update(organizationId: string, id: string, changes: ApiKeyChanges): Promise<ApiKeyRecord | null>;
  /**
   * Records last use for many keys at once (batched off the hot path). `lastUsedAt` only
   * moves forward: an older time than the stored one is ignored. Unknown ids are ignored.
   */
  touchLastUsed(uses: ReadonlyArray<{ id: string; at: number }>): Promise<void>;
  /** Number of keys that list `scope` directly and are not revoked (expired ones count). */
  countUsingScope(organizationId: string, scope: string): Promise<number>;
  count(organizationId?: string): Promise<number>;
}

export interface ScopeRepository {
  list(organizationId: string): Promise<ScopeRecord[]>;
  get(organizationId: string, name: string): Promise<ScopeRecord | null>;
  insert(scope: ScopeRecord): Promise<void>;
  /** Replaces description and includes; returns false when the scope does not exist. */
  update(scope: ScopeRecord): Promise<boolean>;
  delete(organizationId: string, name: string): Promise<boolean>;
}

export interface AuditFilter {
  action?: AuditAction;
  /** Events whose actor is this key or member. */
  actorId?: string;
  targetId?: string;
  /** Inclusive lower bound, epoch ms. */
  since?: number;
  /** Exclusive upper bound, epoch ms. */
  until?: number;
}

export interface AuditRepository {
  append(event: AuditEventRecord): Promise<void>;
  /** Appends a batch in one transaction (a recorder's flush: one commit for many events). */
  appendMany(events: readonly AuditEventRecord[]): Promise<void>;
  /**
   * Events of one organization, newest first; `organizationId: null` lists the events that
   * belong to no organization (refused authentications with unknown keys; operators only).
   */
  list(
    organizationId: string | null,
    filter: AuditFilter,
    page: PageRequest,
  ): Promise<Page<AuditEventRecord>>;
}

/** A response remembered for an `Idempotency-Key`, encrypted because it may hold a secret. */
export interface IdempotencyRecord {
  organizationId: string;
  /** The calling key's or member's id (the column kept its first name, `caller_key_id`). */
  callerKeyId: string;
  idempotencyKey: string;
  /** Hash of method, path and body: a reuse with another request is a conflict. */
  requestFingerprint: string;
  statusCode: number;
  /** AES-256-GCM of the JSON response body, base64. */
  responseCiphertext: string;
  createdAt: number;
  expiresAt: number;
}

export interface IdempotencyRepository {
  /** The record with this identity, even if expired (compare `expiresAt` with now). */
  get(organizationId: string, callerKeyId: string, idempotencyKey: string): Promise<IdempotencyRecord | null>;
  /**
   * Inserts unless a record with the same identity exists; returns whether it inserted.
   * A record that had expired by `record.createdAt` counts as absent and is replaced.
   */
  putIfAbsent(record: IdempotencyRecord): Promise<boolean>;
  /**
   * Stores the outcome of a claimed request: replaces status, response and expiry of the record
   * with the same identity and request fingerprint. Returns false when there is none (it was
   * released, or taken over by another request).
   */
  complete(record: IdempotencyRecord): Promise<boolean>;
  /** Removes the record with this identity; returns whether there was one. */
  delete(organizationId: string, callerKeyId: string, idempotencyKey: string): Promise<boolean>;
  /** Removes records with `expiresAt <= now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
}

export interface MemberFilter {
  status?: MemberStatus;
}

/** Fields of a member that an update may change. */
export type MemberChanges = Partial<
  Pick<
    MemberRecord,
    | 'email'
    | 'displayName'
    | 'scopes'
    | 'status'
    | 'passwordHash'
    | 'failedSignIns'
    | 'lockedAt'
    | 'invitationHash'
    | 'invitationExpiresAt'
    | 'invitationPurpose'
    | 'updatedAt'
    | 'lastSignInAt'
  >
>;

/**
 * Members. Inserts and updates throw `StoreConflictError` when the e-mail is taken in the
 * organization (compared ignoring case) or the invitation hash is taken.
 */
export interface MemberRepository {
  insert(member: MemberRecord): Promise<void>;
  /** A member of one organization; null for another organization's member. */
  get(organizationId: string, id: string): Promise<MemberRecord | null>;
  /** The member with this e-mail in the organization, ignoring case. */
  getByEmail(organizationId: string, email: string): Promise<MemberRecord | null>;
  /** The member whose open one-time link hashes to `hash` (expired or not: the caller checks). Indexed. */
  findByInvitationHash(hash: string): Promise<MemberRecord | null>;
  /** Oldest first, by id. */
  list(organizationId: string, filter: MemberFilter, page: PageRequest): Promise<Page<MemberRecord>>;
  /** Applies `changes`; returns the updated member, or null if it does not exist. */
  update(organizationId: string, id: string, changes: MemberChanges): Promise<MemberRecord | null>;
  /**
   * Counts a failed sign-in in one statement (safe under concurrent sign-ins): increments
   * `failedSignIns`, and sets `lockedAt` to `now` when it reaches `lockAfter` and was not set.
   * Returns the member as it now is, or null if it does not exist.
   */
  recordFailedSignIn(organizationId: string, id: string, lockAfter: number, now: number): Promise<MemberRecord | null>;
  /** Removes the member (their sessions too); returns whether there was one. */
  delete(organizationId: string, id: string): Promise<boolean>;
}

/** Signed-in sessions. An ended session is deleted; the audit trail keeps its history. */
export interface SessionRepository {
  insert(session: SessionRecord): Promise<void>;
  /** The session whose token hashes to `hash`, expired or not (the caller checks). Indexed. */
  findByTokenHash(hash: string): Promise<SessionRecord | null>;
  get(organizationId: string, id: string): Promise<SessionRecord | null>;
  /** A member's sessions, newest first. */
  listByMember(organizationId: string, memberId: string): Promise<SessionRecord[]>;
  /** Ends one session; returns whether there was one. */
  delete(organizationId: string, id: string): Promise<boolean>;
  /** Ends every session of a member, except `keepId` when given; returns the ids ended. */
  deleteByMember(organizationId: string, memberId: string, keepId?: string): Promise<string[]>;
  /** Records last use for many sessions at once (batched off the hot path); only moves forward. */
  touchLastSeen(uses: ReadonlyArray<{ id: string; at: number }>): Promise<void>;
  /** Removes sessions past their absolute timeout (`expiresAt <= now`); returns how many. */
  deleteExpired(now: number): Promise<number>;
}

/** A node asking for its share of a cluster-wide rate limit. */
export interface RateLimitGrantRequest {
  /** What is limited: `key:<id>`, `member:<id>`, `ip:<address>`. */
  bucket: string;
  /** The window's start, epoch ms. */
  windowStart: number;
  nodeId: string;
  /**
   * How many to grant, given what every node was granted so far in this window (`total`)
   * and how many nodes share the bucket, this one included (`nodes`). Called under the
   * bucket's lock; 0 grants nothing.
   */
  decide(total: number, nodes: number): number;
}

/** Grants of cluster-wide rate limits (see server/cluster/cluster-limiter.ts). */
export interface RateLimitRepository {
  /** Decides and records a grant in one transaction under the bucket's lock. */
  grant(request: RateLimitGrantRequest): Promise<{ granted: number; total: number }>;
  /** Forgets windows that started before `windowStart`; returns how many rows went. */
  deleteBefore(windowStart: number): Promise<number>;
}
