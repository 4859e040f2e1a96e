/**
 * Table types for kysely. Column types are the portable subset both engines share:
 * TEXT, INTEGER, BIGINT. Times are BIGINT epoch milliseconds (the PostgreSQL store parses
 * int8 into a JS number), JSON is TEXT, booleans are INTEGER 0/1.
 */

export interface OrganizationsTable {
  id: string;
  slug: string;
  name: string;
  plan: string;
  rate_limit_per_minute: number | null;
  is_operator: number;
  default_ttl_seconds: number | null;
  max_ttl_seconds: number | null;
  issuer_prefix: string;
  tag_style: string;
  environment_tag: string | null;
  session_idle_timeout_seconds: number;
  session_absolute_timeout_seconds: number;
  created_at: number;
  updated_at: number;
}

export interface ApiKeysTable {
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  /** JSON array of scope names, in the order the caller gave them. */
  scopes: string;
  expires_at: number | null;
  not_before: number | null;
  /** JSON array of IP rules. */
  ip_rules: string;
  /** JSON object of string values. */
  metadata: string;
  hint: string;
  secret_hash: string;
  previous_secret_hash: string | null;
  previous_secret_expires_at: number | null;
  rate_limit_per_minute: number | null;
  created_at: number;
  /** The creating actor's id: a key id, a member id, or `bootstrap`. */
  created_by: string;
  created_by_type: string;
  created_by_display: string;
  updated_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  rotated_at: number | null;
}

/**
 * One row per (key, scope): the scope filter and `countUsingScope` are plain joins, so
 * neither engine needs JSON functions. Kept in sync with `api_keys.scopes` by the repository.
 */
export interface ApiKeyScopesTable {
  key_id: string;
  organization_id: string;
  scope: string;
}

export interface ScopesTable {
  organization_id: string;
  name: string;
  description: string | null;
  /** JSON array of included scope names. */
  includes: string;
  created_at: number;
  updated_at: number;
}

export interface AuditEventsTable {
  id: string;
  organization_id: string | null;
  action: string;
  /** `actor_id` when the actor is a key, else null: what readers before 0002 filter on. */
  actor_key_id: string | null;
  /** Null, with the other two, when no actor was recognised. */
  actor_type: string | null;
  actor_id: string | null;
  actor_display: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  request_id: string;
  occurred_at: number;
  /** JSON object. */
  details: string;
}

export interface IdempotencyRecordsTable {
  organization_id: string;
  caller_key_id: string;
  idempotency_key: string;
  request_fingerprint: string;
  status_code: number;
  response_ciphertext: string;
  created_at: number;
  expires_at: number;
}

export interface MembersTable {
  id: string;
  organization_id: string;
  /** As typed; null only before an owner set-up. */
  email: string | null;
  /** `email` lower-cased (by JavaScript, not SQL): unique per organization. */
  email_lower: string | null;
  display_name: string | null;
  /** JSON array of scope names. */
  scopes: string;
  status: string;
  password_hash: string | null;
  failed_sign_ins: number;
  locked_at: number | null;
  invitation_hash: string | null;
  invitation_expires_at: number | null;
  invitation_purpose: string | null;
  created_at: number;
  created_by_type: string;
  created_by_id: string;
  created_by_display: string;
  updated_at: number;
  last_sign_in_at: number | null;
}

export interface SessionsTable {
  id: string;
  organization_id: string;
  member_id: string;
  token_hash: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface RateLimitGrantsTable {
  bucket: string;
  /** The window's start, epoch ms. */
  window_start: number;
  node_id: string;
  granted: number;
}

/** The whole database as kysely sees it. */
export interface Database {
  rate_limit_grants: RateLimitGrantsTable;
  organizations: OrganizationsTable;
  api_keys: ApiKeysTable;
  api_key_scopes: ApiKeyScopesTable;
  scopes: ScopesTable;
  audit_events: AuditEventsTable;
  idempotency_records: IdempotencyRecordsTable;
  members: MembersTable;
  sessions: SessionsTable;
}
