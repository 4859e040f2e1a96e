import type { Organization } from '../../core/types.js';
import { organizationToRow, rowToOrganization } from '../row-mapping.js';
import { conflictsAs, fetchSize, toPage, type StoreContext } from '../store-context.js';
import type { OrganizationRepository, Page, PageRequest } from '../store.js';

/** Organizations, listed by id (creation order). */
export class KyselyOrganizationRepository implements OrganizationRepository {
  constructor(private readonly ctx: StoreContext) {}

  async insert(org: Organization): Promise<void> {
    await conflictsAs('organization', this.ctx.dialect, () =>
      this.ctx.db.insertInto('organizations').values(organizationToRow(org)).execute(),
    );
  }

  async get(id: string): Promise<Organization | null> {
    const row = await this.ctx.db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? null : rowToOrganization(row);
  }

  async getBySlug(slug: string): Promise<Organization | null> {
    const row = await this.ctx.db
      .selectFrom('organizations')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirst();
    return row === undefined ? null : rowToOrganization(row);
  }

  async list(page: PageRequest): Promise<Page<Organization>> {
    let query = this.ctx.db.selectFrom('organizations').selectAll();
    if (page.after != null) query = query.where('id', '>', page.after);
    const rows = await query.orderBy('id').limit(fetchSize(page)).execute();
    return toPage(rows.map(rowToOrganization), page);
  }

  async update(org: Organization): Promise<boolean> {
    const { id, ...columns } = organizationToRow(org);
    const result = await conflictsAs('organization', this.ctx.dialect, () =>
      this.ctx.db.updateTable('organizations').set(columns).where('id', '=', id).executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  async count(): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
