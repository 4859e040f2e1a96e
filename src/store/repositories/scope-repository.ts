import type { ScopeRecord } from '../../core/types.js';
import { rowToScope, scopeToRow } from '../row-mapping.js';
import { conflictsAs, type StoreContext } from '../store-context.js';
import type { ScopeRepository } from '../store.js';

/** An organization's scope catalog, listed by name. */
export class KyselyScopeRepository implements ScopeRepository {
  constructor(private readonly ctx: StoreContext) {}

  async list(organizationId: string): Promise<ScopeRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('scopes')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('name')
      .execute();
    return rows.map(rowToScope);
  }

  async get(organizationId: string, name: string): Promise<ScopeRecord | null> {
    const row = await this.ctx.db
      .selectFrom('scopes')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? null : rowToScope(row);
  }

  async insert(scope: ScopeRecord): Promise<void> {
    await conflictsAs('scope', this.ctx.dialect, () =>
      this.ctx.db.insertInto('scopes').values(scopeToRow(scope)).execute(),
    );
  }

  async update(scope: ScopeRecord): Promise<boolean> {
    const row = scopeToRow(scope);
    const result = await this.ctx.db
      .updateTable('scopes')
      .set({ description: row.description, includes: row.includes, updated_at: row.updated_at })
      .where('organization_id', '=', row.organization_id)
      .where('name', '=', row.name)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(organizationId: string, name: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('scopes')
      .where('organization_id', '=', organizationId)
      .where('name', '=', name)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
