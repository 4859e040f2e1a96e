import type { AuditEventRecord } from '../../core/types.js';
import { auditEventToRow, rowToAuditEvent } from '../row-mapping.js';
import { chunks, fetchSize, inTransaction, rowsPerInsert, toPage, type StoreContext } from '../store-context.js';
import type { AuditFilter, AuditRepository, Page, PageRequest } from '../store.js';

/** The append-only audit trail, read newest first (descending id). */
export class KyselyAuditRepository implements AuditRepository {
  constructor(private readonly ctx: StoreContext) {}

  async append(event: AuditEventRecord): Promise<void> {
    await this.ctx.db.insertInto('audit_events').values(auditEventToRow(event)).execute();
  }

  async appendMany(events: readonly AuditEventRecord[]): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map(auditEventToRow);
    const size = rowsPerInsert(this.ctx.dialect, Object.keys(rows[0]!).length, 500);
    await inTransaction(this.ctx.db, async (db) => {
      for (const chunk of chunks(rows, size)) await db.insertInto('audit_events').values(chunk).execute();
    });
  }

  async list(
    organizationId: string | null,
    filter: AuditFilter,
    page: PageRequest,
  ): Promise<Page<AuditEventRecord>> {
    let query = this.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('organization_id', organizationId === null ? 'is' : '=', organizationId);
    // Newest first, so the next page holds the ids below the cursor.
    if (page.after != null) query = query.where('id', '<', page.after);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
    if (filter.targetId !== undefined) query = query.where('target_id', '=', filter.targetId);
    if (filter.since !== undefined) query = query.where('occurred_at', '>=', filter.since);
    if (filter.until !== undefined) query = query.where('occurred_at', '<', filter.until);
    const rows = await query.orderBy('id', 'desc').limit(fetchSize(page)).execute();
    return toPage(rows.map(rowToAuditEvent), page);
  }
}
