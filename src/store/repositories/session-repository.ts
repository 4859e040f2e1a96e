import type { SessionRecord } from '../../core/types.js';
import { rowToSession, sessionToRow } from '../row-mapping.js';
import { conflictsAs, type StoreContext } from '../store-context.js';
import type { SessionRepository } from '../store.js';
import { touchLatest } from '../touch-latest.js';

/** Signed-in sessions, looked up by the hash of their token; an ended session is deleted. */
export class KyselySessionRepository implements SessionRepository {
  constructor(private readonly ctx: StoreContext) {}

  async insert(session: SessionRecord): Promise<void> {
    await conflictsAs('session', this.ctx.dialect, () =>
      this.ctx.db.insertInto('sessions').values(sessionToRow(session)).execute(),
    );
  }

  async findByTokenHash(hash: string): Promise<SessionRecord | null> {
    const row = await this.ctx.db
      .selectFrom('sessions')
      .selectAll()
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    return row === undefined ? null : rowToSession(row);
  }

  async get(organizationId: string, id: string): Promise<SessionRecord | null> {
    const row = await this.ctx.db
      .selectFrom('sessions')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? null : rowToSession(row);
  }

  async listByMember(organizationId: string, memberId: string): Promise<SessionRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('sessions')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('member_id', '=', memberId)
      .orderBy('id', 'desc')
      .execute();
    return rows.map(rowToSession);
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('sessions')
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /**
   * One DELETE ... RETURNING (both engines have it): the ids returned are exactly the rows
   * this call removed, even when another request ends some of the same sessions at once.
   */
  async deleteByMember(organizationId: string, memberId: string, keepId?: string): Promise<string[]> {
    let query = this.ctx.db
      .deleteFrom('sessions')
      .where('organization_id', '=', organizationId)
      .where('member_id', '=', memberId);
    if (keepId !== undefined) query = query.where('id', '<>', keepId);
    const rows = await query.returning('id').execute();
    return rows.map((r) => r.id).sort();
  }

  /** See {@link touchLatest}: batched, and `last_seen_at` only moves forward. */
  async touchLastSeen(uses: ReadonlyArray<{ id: string; at: number }>): Promise<void> {
    await touchLatest(this.ctx, 'sessions', 'last_seen_at', uses);
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.ctx.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
