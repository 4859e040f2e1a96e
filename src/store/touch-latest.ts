import { sql } from 'kysely';
import { chunks, inTransaction, rowsPerInsert, type StoreContext } from './store-context.js';

/** Bound parameters per id in a touch statement: the id in the CASE, its time, the id in IN, twice the CASE in WHERE. */
const TOUCH_PARAMETERS = 5;

/**
 * Records "last used" times for many rows at once, as the usage recorders batch them: one
 * UPDATE per chunk, the times in a CASE (portable: no VALUES lists, whose column naming
 * differs between engines). A time only moves forward, so a late batch from another node
 * cannot make a key look unused or shorten a session's idle time. Unknown ids are ignored.
 */
export async function touchLatest(
  ctx: StoreContext,
  table: 'api_keys' | 'sessions',
  column: 'last_used_at' | 'last_seen_at',
  uses: ReadonlyArray<{ id: string; at: number }>,
): Promise<void> {
  const latest = new Map<string, number>();
  for (const { id, at } of uses) latest.set(id, Math.max(at, latest.get(id) ?? at));
  if (latest.size === 0) return;
  const size = rowsPerInsert(ctx.dialect, TOUCH_PARAMETERS, 500);
  await inTransaction(ctx.db, async (db) => {
    for (const chunk of chunks([...latest], size)) {
      const at = () =>
        sql<number>`case ${sql.ref('id')} ${sql.join(
          chunk.map(([id, time]) => sql`when ${id} then cast(${time} as bigint)`),
          sql` `,
        )} end`;
      await db
        .updateTable(table)
        .set({ [column]: at() })
        .where(
          'id',
          'in',
          chunk.map(([id]) => id),
        )
        .where((eb) => eb.or([eb(sql.ref(column), 'is', null), eb(sql.ref(column), '<', at())]))
        .execute();
    }
  });
}
