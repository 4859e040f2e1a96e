import { sql, type Kysely, type UpdateObject } from 'kysely';
import type { MemberRecord } from '../../core/types.js';
import { emailLower, memberToRow, rowToMember } from '../row-mapping.js';
import type { Database, MembersTable } from '../schema.js';
import { conflictsAs, fetchSize, inTransaction, toPage, type StoreContext } from '../store-context.js';
import type { MemberChanges, MemberFilter, MemberRepository, Page, PageRequest } from '../store.js';

/**
 * Members, listed by id (creation order). E-mails are unique per organization ignoring case
 * through `email_lower`; invitation hashes are unique where set.
 */
export class KyselyMemberRepository implements MemberRepository {
  constructor(private readonly ctx: StoreContext) {}

  async insert(member: MemberRecord): Promise<void> {
    await conflictsAs('member', this.ctx.dialect, () =>
      this.ctx.db.insertInto('members').values(memberToRow(member)).execute(),
    );
  }

  async get(organizationId: string, id: string): Promise<MemberRecord | null> {
    return selectMember(this.ctx.db, organizationId, id);
  }

  async getByEmail(organizationId: string, email: string): Promise<MemberRecord | null> {
    const row = await this.ctx.db
      .selectFrom('members')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('email_lower', '=', emailLower(email))
      .executeTakeFirst();
    return row === undefined ? null : rowToMember(row);
  }

  async findByInvitationHash(hash: string): Promise<MemberRecord | null> {
    const row = await this.ctx.db
      .selectFrom('members')
      .selectAll()
      .where('invitation_hash', '=', hash)
      .executeTakeFirst();
    return row === undefined ? null : rowToMember(row);
  }

  async list(organizationId: string, filter: MemberFilter, page: PageRequest): Promise<Page<MemberRecord>> {
    let query = this.ctx.db.selectFrom('members').selectAll().where('organization_id', '=', organizationId);
    if (page.after != null) query = query.where('id', '>', page.after);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    const rows = await query.orderBy('id').limit(fetchSize(page)).execute();
    return toPage(rows.map(rowToMember), page);
  }

  async update(organizationId: string, id: string, changes: MemberChanges): Promise<MemberRecord | null> {
    const set = changesToColumns(changes);
    return conflictsAs('member', this.ctx.dialect, () =>
      inTransaction(this.ctx.db, async (db) => {
        if (Object.keys(set).length > 0) {
          const result = await db
            .updateTable('members')
            .set(set)
            .where('organization_id', '=', organizationId)
            .where('id', '=', id)
            .executeTakeFirst();
          if (result.numUpdatedRows === 0n) return null;
        }
        return selectMember(db, organizationId, id);
      }),
    );
  }

  /**
   * The count is one UPDATE, so concurrent failures each add one; the lock is set by the
   * failure that reaches `lockAfter` (in SET, columns read their old values). The select
   * runs in the same transaction, so each caller sees its own count: exactly one of them
   * sees `failedSignIns === lockAfter`.
   */
  async recordFailedSignIn(
    organizationId: string,
    id: string,
    lockAfter: number,
    now: number,
  ): Promise<MemberRecord | null> {
    return inTransaction(this.ctx.db, async (db) => {
      const failed = sql.ref<number>('failed_sign_ins');
      const locked = sql.ref<number | null>('locked_at');
      const result = await db
        .updateTable('members')
        .set({
          failed_sign_ins: sql<number>`${failed} + 1`,
          locked_at: sql<number | null>`case when ${locked} is null and ${failed} + 1 >= ${lockAfter}
            then cast(${now} as bigint) else ${locked} end`,
        })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return null;
      return selectMember(db, organizationId, id);
    });
  }

  /** Their sessions go by the foreign key's ON DELETE CASCADE (SQLite runs with foreign_keys on). */
  async delete(organizationId: string, id: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('members')
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

async function selectMember(db: Kysely<Database>, organizationId: string, id: string): Promise<MemberRecord | null> {
  const row = await db
    .selectFrom('members')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? null : rowToMember(row);
}

/** The columns an update sets; a new e-mail sets its compared form too. */
function changesToColumns(changes: MemberChanges): UpdateObject<Database, 'members'> {
  const set: { -readonly [K in keyof MembersTable]?: UpdateObject<Database, 'members'>[K] } = {};
  if (changes.email !== undefined) {
    set.email = changes.email;
    set.email_lower = emailLower(changes.email);
  }
  if (changes.displayName !== undefined) set.display_name = changes.displayName;
  if (changes.scopes !== undefined) set.scopes = JSON.stringify(changes.scopes);
  if (changes.status !== undefined) set.status = changes.status;
  if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash;
  if (changes.failedSignIns !== undefined) set.failed_sign_ins = changes.failedSignIns;
  if (changes.lockedAt !== undefined) set.locked_at = changes.lockedAt;
  if (changes.invitationHash !== undefined) set.invitation_hash = changes.invitationHash;
  if (changes.invitationExpiresAt !== undefined) set.invitation_expires_at = changes.invitationExpiresAt;
  if (changes.invitationPurpose !== undefined) set.invitation_purpose = changes.invitationPurpose;
  if (changes.updatedAt !== undefined) set.updated_at = changes.updatedAt;
  if (changes.lastSignInAt !== undefined) set.last_sign_in_at = changes.lastSignInAt;
  return set;
}
