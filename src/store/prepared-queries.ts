import type { CompiledQuery, Kysely } from 'kysely';
import { BulkInsert } from './bulk-insert.js';
import type { ApiKeyScopesTable, ApiKeysTable, Database } from './schema.js';

const API_KEY_COLUMNS: ReadonlyArray<keyof ApiKeysTable> = [
  'id', 'organization_id', 'name', 'description', 'scopes', 'expires_at', 'not_before',
  'ip_rules', 'metadata', 'hint', 'secret_hash', 'previous_secret_hash',
  'previous_secret_expires_at', 'rate_limit_per_minute', 'created_at', 'created_by',
  'created_by_type', 'created_by_display', 'updated_at', 'last_used_at', 'revoked_at', 'rotated_at',
];
const API_KEY_SCOPE_COLUMNS: ReadonlyArray<keyof ApiKeyScopesTable> = ['key_id', 'organization_id', 'scope'];

/** Stands in for the hash while compiling; replaced by the real one on every call. */
const HASH = '\u0000secret-hash\u0000';

/**
 * Queries on the hot path, built and compiled once per store instead of once per call.
 * The SQL is the dialect's own (kysely compiles it), so it is as portable as any other query.
 */
export class PreparedQueries {
  readonly #byCurrentSecretHash: CompiledQuery<ApiKeysTable>;
  readonly #byPreviousSecretHash: CompiledQuery<ApiKeysTable>;
  /** Bulk loads of keys and of their scope rows. */
  readonly insertApiKeys = new BulkInsert('api_keys', API_KEY_COLUMNS);
  readonly insertApiKeyScopes = new BulkInsert('api_key_scopes', API_KEY_SCOPE_COLUMNS);

  constructor(db: Kysely<Database>) {
    // Two single-index lookups rather than `secret_hash = ? or previous_secret_hash = ?`:
    // the OR also uses both indexes (SQLite MULTI-INDEX OR, PostgreSQL BitmapOr) but costs
    // twice as much on SQLite, and almost every lookup is answered by the first query.
    // Columns are named, not `*`: a column added by a later migration must not change the
    // result type of a statement a PostgreSQL connection has already prepared.
    this.#byCurrentSecretHash = db
      .selectFrom('api_keys')
      .select(API_KEY_COLUMNS)
      .where('secret_hash', '=', HASH)
      .compile();
    this.#byPreviousSecretHash = db
      .selectFrom('api_keys')
      .select(API_KEY_COLUMNS)
      .where('previous_secret_hash', '=', HASH)
      .compile();
  }

  /**
   * SQL texts run on every authenticated request: worth a server-side prepared statement on
   * engines where the driver does not keep one (PostgreSQL).
   */
  get hotStatements(): readonly string[] {
    return [this.#byCurrentSecretHash.sql, this.#byPreviousSecretHash.sql];
  }

  /** The key whose current secret hashes to `hash` (unique index). */
  byCurrentSecretHash(hash: string): CompiledQuery<ApiKeysTable> {
    return withHash(this.#byCurrentSecretHash, hash);
  }

  /** Keys whose previous secret hashes to `hash` (partial index). */
  byPreviousSecretHash(hash: string): CompiledQuery<ApiKeysTable> {
    return withHash(this.#byPreviousSecretHash, hash);
  }
}

function withHash<R>(compiled: CompiledQuery<R>, hash: string): CompiledQuery<R> {
  return { ...compiled, parameters: compiled.parameters.map((p) => (p === HASH ? hash : p)) };
}
