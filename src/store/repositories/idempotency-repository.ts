import { idempotencyToRow, rowToIdempotency } from '../row-mapping.js';
import type { StoreContext } from '../store-context.js';
import type { IdempotencyRecord, IdempotencyRepository } from '../store.js';

/** Responses remembered per (organization, calling key, Idempotency-Key). */
export class KyselyIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(
    organizationId: string,
    callerKeyId: string,
    idempotencyKey: string,
  ): Promise<IdempotencyRecord | null> {
    const row = await this.ctx.db
      .selectFrom('idempotency_records')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('caller_key_id', '=', callerKeyId)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return row === undefined ? null : rowToIdempotency(row);
  }

  /**
   * One statement, so two racing requests cannot both insert. A record that had expired when
   * the new one was created counts as absent and is replaced, so a key reused after its
   * retention period does not conflict with a forgotten request.
   */
  async putIfAbsent(record: IdempotencyRecord): Promise<boolean> {
    const result = await this.ctx.db
      .insertInto('idempotency_records')
      .values(idempotencyToRow(record))
      .onConflict((oc) =>
        oc
          .columns(['organization_id', 'caller_key_id', 'idempotency_key'])
          .doUpdateSet((eb) => ({
            request_fingerprint: eb.ref('excluded.request_fingerprint'),
            status_code: eb.ref('excluded.status_code'),
            response_ciphertext: eb.ref('excluded.response_ciphertext'),
            created_at: eb.ref('excluded.created_at'),
            expires_at: eb.ref('excluded.expires_at'),
          }))
          .whereRef('idempotency_records.expires_at', '<=', 'excluded.created_at'),
      )
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  async complete(record: IdempotencyRecord): Promise<boolean> {
    const row = idempotencyToRow(record);
    const result = await this.ctx.db
      .updateTable('idempotency_records')
      .set({
        status_code: row.status_code,
        response_ciphertext: row.response_ciphertext,
        expires_at: row.expires_at,
      })
      .where('organization_id', '=', row.organization_id)
      .where('caller_key_id', '=', row.caller_key_id)
      .where('idempotency_key', '=', row.idempotency_key)
      .where('request_fingerprint', '=', row.request_fingerprint)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(organizationId: string, callerKeyId: string, idempotencyKey: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('idempotency_records')
      .where('organization_id', '=', organizationId)
      .where('caller_key_id', '=', callerKeyId)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('idempotency_records')
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
