import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { parseChange, type Change, type ChangeFeed, type ChangeListener } from './change-feed.js';
import type { Database } from './schema.js';

/** The channel every node of one database listens on. */
export const CHANGE_CHANNEL = 'keyplane_changes';

/** Waits between attempts to get the listening connection back: quick at first, then calm. */
const RECONNECT_DELAYS_MS = [100, 250, 500, 1_000, 2_000, 5_000];

/**
 * Changes pushed between nodes with PostgreSQL's LISTEN/NOTIFY. `pg_notify` inside the
 * transaction that makes a change is delivered to every listening session when, and only
 * if, it commits, in commit order; a node hears it within milliseconds.
 *
 * Each node keeps one connection of its own (outside the pool: a pooled connection is shared
 * and may be reset) that does nothing but LISTEN. If it drops, the node reconnects with
 * backoff and then reports a gap, since notifications sent meanwhile are lost: the node drops
 * its caches and reads everything afresh. Until it is back, the cache TTL is the bound.
 */
export class PostgresChangeFeed implements ChangeFeed {
  constructor(
    private readonly connectionString: string,
    private readonly onError: (error: Error) => void = () => {},
  ) {}

  async announce(db: Kysely<Database>, change: Change): Promise<void> {
    await sql`select pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(change)})`.execute(db);
  }

  async listen(listener: ChangeListener): Promise<() => Promise<void>> {
    let stopped = false;
    let client: pg.Client | null = null;
    let attempt = 0;
    let retry: NodeJS.Timeout | null = null;

    const connect = async (afterGap: boolean): Promise<void> => {
      const next = new pg.Client({ connectionString: this.connectionString });
      next.on('notification', (message) => {
        if (message.channel !== CHANGE_CHANNEL || message.payload === undefined) return;
        const change = parseChange(message.payload);
        if (change) listener.onChange(change);
      });
      next.on('error', (error) => {
        this.onError(error);
        lost(next);
      });
      next.on('end', () => lost(next));
      try {
        await next.connect();
        await next.query(`LISTEN ${CHANGE_CHANNEL}`);
      } catch (error) {
        next.removeAllListeners('end');
        await next.end().catch(() => {});
        throw error;
      }
      if (stopped) {
        await next.end().catch(() => {});
        return;
      }
      client = next;
      attempt = 0;
      if (afterGap) listener.onGap();
    };

    const lost = (which: pg.Client) => {
      if (stopped || client !== which) return;
      client = null;
      // Whatever was announced before the drop is delivered or lost; drop caches now too, so
      // nothing older than the TTL is served while we reconnect.
      listener.onGap();
      schedule();
    };

    const schedule = () => {
      if (stopped || retry) return;
      const delay = RECONNECT_DELAYS_MS[Math.min(attempt++, RECONNECT_DELAYS_MS.length - 1)]!;
      retry = setTimeout(() => {
        retry = null;
        connect(true).catch((error: Error) => {
          this.onError(error);
          schedule();
        });
      }, delay);
      retry.unref();
    };

    await connect(false);
    return async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    };
  }
}
