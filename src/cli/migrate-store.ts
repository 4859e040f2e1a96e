/**
 * `keyplane migrate-store`: moves a one-node deployment from its SQLite file to PostgreSQL
 * (or back), copying every table so that no customer changes a key. The work is
 * src/store/copy-store.ts; this is flags, messages and exit codes.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { copyStore, PartialCopyError, TargetNotEmptyError, type CopiedCount } from '../store/copy-store.js';
import type { KyselyStore } from '../store/kysely-store.js';

export const MIGRATE_STORE_USAGE = `Usage: keyplane migrate-store --from FILE --to postgres://... [options]

Copies a Keyplane database into an empty one: organizations, keys (their secret hashes,
scopes and rotation grace periods), scopes, members (password hashes, lock-outs),
sessions, the audit trail and live idempotency records. Every key keeps working where
the copy is served, provided every node there runs with the same server secret.

Stop the node that uses the source first (while the copy runs, its writes wait). Both
databases are brought to this version's schema first, as "keyplane serve" would.

Options:
  --from FILE-OR-URL    the source: a SQLite file (default .keyplane/keyplane.db) or a postgres:// URL
  --to URL-OR-FILE      the target, empty: a postgres:// URL (or a SQLite file)
  --without-sessions    leave sessions behind: everyone signs in again
  --batch-size N        rows read and written at a time (default 1000)

Then start the nodes on the target with the source's server secret:
  KEYPLANE_SERVER_SECRET=<the secret> keyplane serve --database postgres://...
For a SQLite database started without one, it is the file <database>.server-secret.`;

const isPostgresUrl = (text: string) => /^postgres(ql)?:\/\//.test(text);

/** Where a database is, for messages: a path, or a URL without its password. */
function describeDatabase(location: string): string {
  if (!isPostgresUrl(location)) return path.resolve(location);
  try {
    const url = new URL(location);
    url.password = '';
    url.search = '';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}

async function openStore(location: string): Promise<KyselyStore> {
  if (isPostgresUrl(location)) {
    const { openPostgresStore } = await import('../store/postgres-store.js');
    return openPostgresStore({ connectionString: location, maxConnections: 2 });
  }
  const { openSqliteStore } = await import('../store/sqlite-store.js');
  return openSqliteStore({ path: location });
}

/** Runs the command; returns the exit code (0 copied, 1 failed, 2 wrong usage). */
export async function runMigrateStore(args: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let values: { from?: string; to?: string; 'without-sessions'?: boolean; 'batch-size'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        'without-sessions': { type: 'boolean' },
        'batch-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    err.write(`keyplane migrate-store: ${(error as Error).message}\n\n${MIGRATE_STORE_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    out.write(`${MIGRATE_STORE_USAGE}\n`);
    return 0;
  }
  const from = values.from ?? '.keyplane/keyplane.db';
  const to = values.to;
  const batchText = values['batch-size'] ?? '1000';
  const usageError = !to
    ? '--to is required: the postgres:// URL of an empty database'
    : !/^\d+$/.test(batchText) || Number(batchText) < 1
      ? `--batch-size must be a whole number of at least 1, got ${JSON.stringify(batchText)}`
      : describeDatabase(from) === describeDatabase(to)
        ? '--from and --to are the same database'
        : null;
  if (usageError || !to) {
    err.write(`keyplane migrate-store: ${usageError}\n\n${MIGRATE_STORE_USAGE}\n`);
    return 2;
  }
  if (!isPostgresUrl(from)) {
    try {
      await access(from);
    } catch {
      err.write(`keyplane migrate-store: there is no database at ${path.resolve(from)}\n`);
      return 1;
    }
  }

  let source: KyselyStore | null = null;
  let target: KyselyStore | null = null;
  const started = Date.now();
  try {
    source = await openStore(from);
    target = await openStore(to);
    err.write(`Copying ${describeDatabase(from)} to ${describeDatabase(to)}\n`);
    let reported = '';
    const counts = await copyStore(source, target, {
      withoutSessions: values['without-sessions'] ?? false,
      batchRows: Number(batchText),
      onProgress: (table, rows) => {
        // A line per table, and one every 100,000 rows of a long one.
        if (table !== reported) err.write(`  ${table}…\n`);
        else if (rows % 100_000 === 0) err.write(`  ${table}: ${rows.toLocaleString('en')} rows so far\n`);
        reported = table;
      },
    });
    out.write(summary(counts, values['without-sessions'] ?? false, Date.now() - started));
    if (counts.some((c) => c.source !== c.target)) {
      err.write('keyplane migrate-store: the target\'s row counts differ from the source\'s: was something else writing to the target?\n');
      return 1;
    }
    if (!isPostgresUrl(from)) {
      err.write(
        `\nStart every node on the new database with the server secret the old node used: KEYPLANE_SERVER_SECRET,\n` +
          `or, if it ran without one, the content of ${path.resolve(from)}.server-secret. Another secret makes every key invalid.\n`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof TargetNotEmptyError) {
      err.write(
        `keyplane migrate-store: ${error.message}. Copy into an empty database that no node has started on ` +
          `(a node makes an organization on its first start).\n`,
      );
    } else if (error instanceof PartialCopyError) {
      err.write(
        `keyplane migrate-store: ${error.message}\n` +
          `${error.copied.length > 0 ? `The target holds ${error.copied.join(', ')} already; empty it (drop and create the database) before trying again.` : 'Nothing was written to the target.'}\n`,
      );
    } else {
      err.write(`keyplane migrate-store: ${(error as Error).message}\n`);
    }
    return 1;
  } finally {
    await source?.close().catch(() => {});
    await target?.close().catch(() => {});
  }
}

function summary(counts: CopiedCount[], withoutSessions: boolean, ms: number): string {
  const width = Math.max(...counts.map((c) => c.table.length));
  const lines = counts.map((c) => `  ${c.table.padEnd(width)}  ${c.target.toLocaleString('en').padStart(12)}`);
  return [
    `Copied in ${(ms / 1000).toFixed(1)} s:`,
    ...lines,
    ...(withoutSessions ? ['  (sessions left behind: everyone signs in again)'] : []),
    '',
  ].join('\n');
}
