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
  created_by: string;
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
  actor_key_id: string | null;
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

/** The whole database as kysely sees it. */
export interface Database {
  organizations: OrganizationsTable;
  api_keys: ApiKeysTable;
  api_key_scopes: ApiKeyScopesTable;
  scopes: ScopesTable;
  audit_events: AuditEventsTable;
  idempotency_records: IdempotencyRecordsTable;
}
