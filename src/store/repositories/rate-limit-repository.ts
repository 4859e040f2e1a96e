import { sql } from 'kysely';
import { inTransaction, type StoreContext } from '../store-context.js';
import type { RateLimitGrantRequest, RateLimitRepository } from '../store.js';

/**
 * Grants of a cluster-wide rate limit. A grant is decided and recorded in one transaction
 * under a lock on the bucket (a PostgreSQL advisory lock; SQLite serializes writers anyway),
 * so two nodes asking at once see each other's grants.
 */
export class KyselyRateLimitRepository implements RateLimitRepository {
  constructor(private readonly ctx: StoreContext) {}

  async grant(request: RateLimitGrantRequest): Promise<{ granted: number; total: number }> {
    return inTransaction(this.ctx.db, async (db) => {
      if (this.ctx.dialect.name === 'postgres') {
        await sql`select pg_advisory_xact_lock(hashtextextended(${request.bucket}, ${request.windowStart}))`.execute(db);
      }
      const rows = await db
        .selectFrom('rate_limit_grants')
        .select(['node_id', 'granted'])
        .where('bucket', '=', request.bucket)
        .where('window_start', '=', request.windowStart)
        .execute();
      const total = rows.reduce((sum, row) => sum + row.granted, 0);
      const nodes = rows.length + (rows.some((row) => row.node_id === request.nodeId) ? 0 : 1);
      const granted = request.decide(total, nodes);
      if (granted <= 0) return { granted: 0, total };
      await db
        .insertInto('rate_limit_grants')
        .values({ bucket: request.bucket, window_start: request.windowStart, node_id: request.nodeId, granted })
        .onConflict((oc) =>
          oc.columns(['bucket', 'window_start', 'node_id']).doUpdateSet((eb) => ({ granted: sql`${eb.ref('rate_limit_grants.granted')} + ${granted}` })),
        )
        .execute();
      return { granted, total: total + granted };
    });
  }

  async deleteBefore(windowStart: number): Promise<number> {
    const result = await this.ctx.db.deleteFrom('rate_limit_grants').where('window_start', '<', windowStart).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
