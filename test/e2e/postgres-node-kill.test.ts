/**
 * A node of a PostgreSQL deployment is SIGKILLed in the middle of a stream of creates (a
 * crash, an OOM kill, a node pulled from under it), while another node keeps serving:
 * - every key answered 201 is in the database, and its secret verifies, on the node that
 *   stayed up at once and on the killed node once it is started again;
 * - nothing else is there but creates whose answer the kill swallowed (they may have
 *   committed: counted, not an error), each once;
 * - the killed node's transactions and locks are gone with its connections: the restarted
 *   node does not bootstrap again and writes at once.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyplaneClient, unwrap, type KeyplaneClient } from '../../src/client/index.js';
import { ContractConformance } from '../helpers/contract-conformance.js';
import { startPostgres, type RunningPostgres } from '../helpers/postgres.js';
import { killAllChildren, newServerSecretHex, sleep, spawnService, type ServiceProcess } from '../helpers/process.js';

const IN_FLIGHT = 8;
const KILL_AFTER_ACKNOWLEDGED = 60;

const conformance = new ContractConformance();
let postgres: RunningPostgres | undefined;

afterAll(async () => {
  killAllChildren();
  await postgres?.stop();
  expect(conformance.violations).toEqual([]);
});

/** The typed client, retries off (every answer counts), each response checked against the contract. */
function clientFor(service: ServiceProcess, apiKey: string): KeyplaneClient {
  return createKeyplaneClient({
    endpoint: service.url,
    apiKey,
    retries: false,
    timeoutMs: 20_000,
    fetch: async (input: Request) => {
      const response = await fetch(input);
      await conformance.check(input.method, input.url, response);
      return response;
    },
  });
}

async function allKeyNames(client: KeyplaneClient): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = unwrap(await client.api.GET('/v1/keys', { params: { query: { limit: 200, cursor } } }));
    names.push(...page.data.map((k) => k.name));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return names;
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

/** Sessions of the database other than ours still inside a transaction. */
async function openTransactions(connectionString: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null and backend_type = 'client backend'
         and state <> 'active'`,
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

describe('SIGKILL a node during a stream of creates on PostgreSQL', () => {
  it('keeps every acknowledged key, verifiable on the other node at once and on the killed one after its restart', async () => {
    postgres = await startPostgres();
    const dbPath = postgres.connectionString;
    const serverSecretHex = newServerSecretHex();
    const first = await spawnService({ dbPath, serverSecretHex });
    const adminKey = first.adminKey!;
    expect(adminKey).toMatch(/^nm_default_/);
    const other = await spawnService({ dbPath, serverSecretHex });
    expect(other.adminKey).toBeNull();
    try {
      const client = clientFor(first, adminKey);
      const acknowledged: Array<{ id: string; name: string; secret: string }> = [];
      const lost: string[] = [];
      const otherAnswers: string[] = [];
      let sequence = 0;
      let inFlight = 0;
      let inFlightAtKill = -1;
      const worker = async () => {
        while (inFlightAtKill < 0) {
          const name = `durable-${String(sequence++).padStart(5, '0')}`;
          inFlight++;
          try {
            const { data, response } = await client.api.POST('/v1/keys', { body: { name, scopes: ['keys:read'], metadata: { stream: 'kill' } } });
            if (response.status === 201 && data) acknowledged.push({ id: data.id, name, secret: data.secret });
            else otherAnswers.push(`${name}: ${response.status}`);
          } catch {
            lost.push(name); // no answer: the process died with the request in flight
          } finally {
            inFlight--;
          }
          if (acknowledged.length >= KILL_AFTER_ACKNOWLEDGED && inFlightAtKill < 0) {
            inFlightAtKill = inFlight;
            first.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(otherAnswers).toEqual([]);
      expect(inFlightAtKill).toBeGreaterThan(0);

      const verifyAll = async (node: ServiceProcess) => {
        const on = clientFor(node, adminKey);
        await inBatches(acknowledged, IN_FLIGHT, async (key) => {
          const stored = unwrap(await on.api.GET('/v1/keys/{key_id}', { params: { path: { key_id: key.id } } }));
          expect(stored).toMatchObject({ id: key.id, name: key.name, status: 'active', scopes: ['keys:read'] });
          const verdict = unwrap(await on.api.POST('/v1/keys/verify', { body: { key: key.secret } }));
          expect(verdict, key.name).toMatchObject({ valid: true, code: 'VALID', key: { id: key.id } });
        });
        return on;
      };

      // The node that stayed up has every acknowledged key at once.
      const onOther = await verifyAll(other);
      const names = (await allKeyNames(onOther)).filter((n) => n !== 'Admin');
      expect(new Set(names).size).toBe(names.length);
      const acknowledgedNames = new Set(acknowledged.map((k) => k.name));
      const lostNames = new Set(lost);
      expect(names.filter((n) => !acknowledgedNames.has(n) && !lostNames.has(n))).toEqual([]);
      const committedUnanswered = names.filter((n) => lostNames.has(n)).length;
      expect(names.length).toBe(acknowledged.length + committedUnanswered);

      // PostgreSQL noticed the dead connections: none of the killed node's transactions is left open.
      expect(await waitFor(async () => (await openTransactions(dbPath)) === 0, 10_000)).toBe(true);

      // The killed node comes back: no second bootstrap, every key there, and it writes at once.
      const again = await spawnService({ dbPath, serverSecretHex });
      try {
        expect(again.adminKey).toBeNull();
        expect(again.stderr()).not.toContain('admin key');
        const onAgain = await verifyAll(again);
        unwrap(await onAgain.api.POST('/v1/keys', { body: { name: 'after the restart', scopes: ['keys:read'] } }));
        console.info(
          `SIGKILL with ${inFlightAtKill} creates in flight: ${acknowledged.length} acknowledged (all kept), ` +
            `${lost.length} unanswered, of which ${committedUnanswered} had committed.`,
        );
      } finally {
        expect((await again.stop('SIGTERM')).code).toBe(0);
      }
    } finally {
      await other.stop();
    }
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(50);
  }
  return false;
}
