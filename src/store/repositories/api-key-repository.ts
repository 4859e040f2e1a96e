import { sql, type Kysely, type UpdateObject } from 'kysely';
import type { ApiKeyRecord } from '../../core/types.js';
import { hasScope, nameContains, statusIs } from '../key-filters.js';
import { touchLatest } from '../touch-latest.js';
import type { PreparedQueries } from '../prepared-queries.js';
import { apiKeyScopeRows, apiKeyToRow, rowToApiKey } from '../row-mapping.js';
import type { ApiKeysTable, Database } from '../schema.js';
import {
  chunks,
  conflictsAs,
  fetchSize,
  inTransaction,
  rowsPerInsert,
  toPage,
  type StoreContext,
} from '../store-context.js';
import type {
  ApiKeyChanges,
  ApiKeyFilter,
  ApiKeyRepository,
  Page,
  PageRequest,
} from '../store.js';

/** Keys per statement of a PostgreSQL bulk insert (arrays have no parameter limit; this bounds memory). */
const POSTGRES_KEYS_PER_STATEMENT = 5_000;

/**
 * API keys, with their scopes mirrored in `api_key_scopes`. Every write that touches both
 * tables runs in one transaction (the caller's, if there is one).
 */
export class KyselyApiKeyRepository implements ApiKeyRepository {
  constructor(
    private readonly ctx: StoreContext,
    private readonly prepared: PreparedQueries,
  ) {}

  async insert(key: ApiKeyRecord): Promise<void> {
    await conflictsAs('api_key', this.ctx.dialect, () =>
      inTransaction(this.ctx.db, async (db) => {
        await db.insertInto('api_keys').values(apiKeyToRow(key)).execute();
        await insertScopeRows(db, apiKeyScopeRows(key.id, key.organizationId, key.scopes), 1000);
      }),
    );
  }

  async insertMany(keys: ApiKeyRecord[]): Promise<void> {
    if (keys.length === 0) return;
    const { dialect } = this.ctx;
    const { insertApiKeys, insertApiKeyScopes } = this.prepared;
    if (dialect.name === 'postgres') {
      // One array per column, any row count: about twice the rate of multi-row INSERTs there.
      await conflictsAs('api_key', dialect, () =>
        inTransaction(this.ctx.db, async (db) => {
          for (const chunk of chunks(keys, POSTGRES_KEYS_PER_STATEMENT)) {
            await insertApiKeys.insertAsArrays(db, chunk.map(apiKeyToRow), POSTGRES_KEYS_PER_STATEMENT);
            const scopeRows = chunk.flatMap((k) => apiKeyScopeRows(k.id, k.organizationId, k.scopes));
            await insertApiKeyScopes.insertAsArrays(db, scopeRows, POSTGRES_KEYS_PER_STATEMENT * 4);
          }
        }),
      );
      return;
    }
    const keysPerStatement = rowsPerInsert(dialect, insertApiKeys.columnCount, 500);
    const scopesPerStatement = rowsPerInsert(dialect, insertApiKeyScopes.columnCount, 1000);
    await conflictsAs('api_key', dialect, () =>
      inTransaction(this.ctx.db, async (db) => {
        for (const chunk of chunks(keys, keysPerStatement)) {
          await insertApiKeys.insert(db, chunk.map(apiKeyToRow), keysPerStatement);
          const scopeRows = chunk.flatMap((k) => apiKeyScopeRows(k.id, k.organizationId, k.scopes));
          await insertApiKeyScopes.insert(db, scopeRows, scopesPerStatement);
        }
      }),
    );
  }

  async get(organizationId: string, id: string): Promise<ApiKeyRecord | null> {
    const row = await this.ctx.db
      .selectFrom('api_keys')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? null : rowToApiKey(row);
  }

  async findBySecretHash(hash: string): Promise<ApiKeyRecord | null> {
    const { db } = this.ctx;
    const current = await db.executeQuery(this.prepared.byCurrentSecretHash(hash));
    const row = current.rows[0] ?? (await db.executeQuery(this.prepared.byPreviousSecretHash(hash))).rows[0];
    return row === undefined ? null : rowToApiKey(row);
  }

  async list(
    organizationId: string,
    filter: ApiKeyFilter,
    page: PageRequest,
    now: number,
  ): Promise<Page<ApiKeyRecord>> {
    let query = this.ctx.db
      .selectFrom('api_keys')
      .selectAll('api_keys')
      .where('api_keys.organization_id', '=', organizationId);
    if (page.after != null) query = query.where('api_keys.id', '>', page.after);
    const { status, scope, nameContains: text, ids } = filter;
    if (ids !== undefined) {
      if (ids.length === 0) return toPage([], page);
      query = query.where('api_keys.id', 'in', ids);
    }
    if (status !== undefined) query = query.where((eb) => statusIs(eb, status, now));
    if (scope !== undefined) query = query.where((eb) => hasScope(eb, scope));
    if (text !== undefined && text !== '') query = query.where(nameContains(text));
    const rows = await query.orderBy('api_keys.id').limit(fetchSize(page)).execute();
    return toPage(rows.map(rowToApiKey), page);
  }

  async update(
    organizationId: string,
    id: string,
    changes: ApiKeyChanges,
  ): Promise<ApiKeyRecord | null> {
    const set = changesToColumns(changes);
    return conflictsAs('api_key', this.ctx.dialect, () =>
      inTransaction(this.ctx.db, async (db) => {
        if (Object.keys(set).length > 0) {
          const result = await db
            .updateTable('api_keys')
            .set(set)
            .where('organization_id', '=', organizationId)
            .where('id', '=', id)
            .executeTakeFirst();
          if (result.numUpdatedRows === 0n) return null;
        }
        if (changes.scopes !== undefined) {
          await db.deleteFrom('api_key_scopes').where('key_id', '=', id).execute();
          await insertScopeRows(db, apiKeyScopeRows(id, organizationId, changes.scopes), 1000);
        }
        const row = await db
          .selectFrom('api_keys')
          .selectAll()
          .where('organization_id', '=', organizationId)
          .where('id', '=', id)
          .executeTakeFirst();
        return row === undefined ? null : rowToApiKey(row);
      }),
    );
  }

  /** See {@link touchLatest}: batched, and `last_used_at` only moves forward. */
  async touchLastUsed(uses: ReadonlyArray<{ id: string; at: number }>): Promise<void> {
    await touchLatest(this.ctx, 'api_keys', 'last_used_at', uses);
  }

  async countUsingScope(organizationId: string, scope: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('api_key_scopes')
      .innerJoin('api_keys', 'api_keys.id', 'api_key_scopes.key_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('api_key_scopes.organization_id', '=', organizationId)
      .where('api_key_scopes.scope', '=', scope)
      .where('api_keys.revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async count(organizationId?: string): Promise<number> {
    let query = this.ctx.db.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('n'));
    if (organizationId !== undefined) query = query.where('organization_id', '=', organizationId);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

async function insertScopeRows(
  db: Kysely<Database>,
  rows: ReturnType<typeof apiKeyScopeRows>,
  chunkSize: number,
): Promise<void> {
  for (const chunk of chunks(rows, chunkSize)) {
    await db.insertInto('api_key_scopes').values(chunk).execute();
  }
}

/** The columns an update sets. `revoked_at` is write-once: a revoked key stays revoked. */
function changesToColumns(changes: ApiKeyChanges): UpdateObject<Database, 'api_keys'> {
  const set: { -readonly [K in keyof ApiKeysTable]?: UpdateObject<Database, 'api_keys'>[K] } = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.description !== undefined) set.description = changes.description;
  if (changes.scopes !== undefined) set.scopes = JSON.stringify(changes.scopes);
  if (changes.expiresAt !== undefined) set.expires_at = changes.expiresAt;
  if (changes.notBefore !== undefined) set.not_before = changes.notBefore;
  if (changes.ipRules !== undefined) set.ip_rules = JSON.stringify(changes.ipRules);
  if (changes.metadata !== undefined) set.metadata = JSON.stringify(changes.metadata);
  if (changes.rateLimitPerMinute !== undefined) set.rate_limit_per_minute = changes.rateLimitPerMinute;
  if (changes.updatedAt !== undefined) set.updated_at = changes.updatedAt;
  if (changes.secretHash !== undefined) set.secret_hash = changes.secretHash;
  if (changes.hint !== undefined) set.hint = changes.hint;
  if (changes.previousSecretHash !== undefined) set.previous_secret_hash = changes.previousSecretHash;
  if (changes.previousSecretExpiresAt !== undefined) {
    set.previous_secret_expires_at = changes.previousSecretExpiresAt;
  }
  if (changes.rotatedAt !== undefined) set.rotated_at = changes.rotatedAt;
  if (changes.revokedAt != null) {
    set.revoked_at = sql<number>`coalesce(${sql.ref('revoked_at')}, cast(${changes.revokedAt} as bigint))`;
  }
  return set;
}
