import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { KeyStatus } from '../core/types.js';
import type { Database } from './schema.js';

type KeysExpressionBuilder = ExpressionBuilder<Database, 'api_keys'>;

/**
 * The SQL form of a key's derived status at `now`, with the same precedence as the domain:
 * revoked, then expired, then not yet valid, then active.
 */
export function statusIs(eb: KeysExpressionBuilder, status: KeyStatus, now: number): Expression<SqlBool> {
  const notRevoked = eb('api_keys.revoked_at', 'is', null);
  const expired = eb.and([eb('api_keys.expires_at', 'is not', null), eb('api_keys.expires_at', '<=', now)]);
  const notExpired = eb.or([eb('api_keys.expires_at', 'is', null), eb('api_keys.expires_at', '>', now)]);
  const notStarted = eb.and([eb('api_keys.not_before', 'is not', null), eb('api_keys.not_before', '>', now)]);
  const started = eb.or([eb('api_keys.not_before', 'is', null), eb('api_keys.not_before', '<=', now)]);
  switch (status) {
    case 'revoked':
      return eb('api_keys.revoked_at', 'is not', null);
    case 'expired':
      return eb.and([notRevoked, expired]);
    case 'not_yet_valid':
      return eb.and([notRevoked, notExpired, notStarted]);
    case 'active':
      return eb.and([notRevoked, notExpired, started]);
  }
}

/** Keys that list `scope` directly, through the join table (no JSON functions needed). */
export function hasScope(eb: KeysExpressionBuilder, scope: string): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('api_key_scopes')
      .select('api_key_scopes.scope')
      .whereRef('api_key_scopes.key_id', '=', 'api_keys.id')
      .where('api_key_scopes.scope', '=', scope),
  );
}

/** Case-insensitive substring match on the name; `%`, `_` and `\` in `text` match themselves. */
export function nameContains(text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref('api_keys.name')}) like lower(${pattern}) escape '\\'`;
}
