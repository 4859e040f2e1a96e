import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createKeyplaneClient, type AuthStyle, type KeyplaneClient } from '../../src/client/index.js';
import { buildServer, type ServerOptions } from '../../src/server/app.js';
import { bootstrap } from '../../src/server/bootstrap.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { ContractConformance } from './contract-conformance.js';

/** Time the service sees; starts at the real time and moves only when a test says so. */
export class TestClock {
  constructor(public current = Date.now()) {}
  now = (): number => this.current;
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface TestService {
  /** Base URL, e.g. http://127.0.0.1:43125 */
  url: string;
  /** Secret of the bootstrap admin key (scopes admin and operator, operator organization). */
  adminKey: string;
  adminKeyId: string;
  organizationId: string;
  /** Token of the operator organization's first-owner set-up link (accept it to make an owner). */
  ownerSetupToken: string;
  app: FastifyInstance;
  store: Store;
  clock: TestClock;
  dbPath: string;
  serverSecret: Buffer;
  conformance: ContractConformance;
  /** A typed client for `apiKey` (default: the admin key), retries off so tests see every answer. */
  client(apiKey?: string, authStyle?: AuthStyle): KeyplaneClient;
  /**
   * Writes what the recorders hold (refusals to the audit trail, `last_used_at`). Tests start
   * the service with recorders that flush only when told, so a test reading refusals from the
   * audit trail says when they land, and one comparing the database is not raced by a timer.
   */
  flushRecorders(): Promise<void>;
  /** Plain fetch against the service (for requests the typed client would refuse to send). */
  fetch(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  /** Stops the server, closes the store, deletes the files, and fails on contract violations. */
  close(): Promise<void>;
}

export interface StartOptions
    extends Partial<
    Pick<
      ServerOptions,
      'trustedProxies' | 'cacheTtlMs' | 'publicRateLimitPerMinute' | 'refusalRecorder' | 'failedAuthenticationLimit' | 'throttledAnswerHoldMs' | 'publicUrl' | 'passwordHashing'
    >
  > {
  /** Reuse a database file (for restart tests); a fresh temporary one otherwise. */
  dbPath?: string;
  /**
   * Run on this store instead of a SQLite file (e.g. PostgreSQL). The test owns it: `close()`
   * leaves it open, so several services can share one database.
   */
  store?: Store;
  serverSecret?: Buffer;
  /** Pino options to capture logs, e.g. `{ level: 'info', stream }`. */
  logger?: ServerOptions['logger'];
  host?: string;
}

/**
 * Starts the real service on a free port with a real SQLite file, the way `keyplane serve`
 * does, with a clock the test controls. Every response that goes through `client()` or
 * `fetch()` is checked against openapi.yaml; `close()` fails the test on any violation.
 */
export async function startService(options: StartOptions = {}): Promise<TestService> {
  const dir = options.dbPath || options.store ? null : await mkdtemp(path.join(tmpdir(), 'keyplane-test-'));
  const dbPath = options.dbPath ?? (dir ? path.join(dir, 'keyplane.db') : '');
  const serverSecret = options.serverSecret ?? randomBytes(32);
  const clock = new TestClock();
  const store = options.store ?? openSqliteStore({ path: dbPath });
  await store.migrate();
  const app = await buildServer({
    store,
    serverSecret,
    clock: clock.now,
    trustedProxies: options.trustedProxies,
    cacheTtlMs: options.cacheTtlMs,
    publicRateLimitPerMinute: options.publicRateLimitPerMinute,
    logger: options.logger ?? false,
    usageFlushMs: 200,
    // Suites send many refusals from 127.0.0.1 on purpose; the bounds that protect a real
    // service from a flood are tested where they are the subject (test/server/refusals.test.ts).
    refusalRecorder: { flushMs: 3_600_000, detailedPerSourcePerMinute: 100_000, ...options.refusalRecorder },
    failedAuthenticationLimit: options.failedAuthenticationLimit ?? 100_000,
    throttledAnswerHoldMs: options.throttledAnswerHoldMs ?? 0,
    publicUrl: options.publicUrl,
    passwordHashing: options.passwordHashing,
  });
  const created = await bootstrap(store, serverSecret, { slug: 'operator', name: 'Operator', now: clock.now() });
  const address = await app.listen({ port: 0, host: options.host ?? '127.0.0.1' });
  // As `keyplane serve` does without --public-url: links point where the service listens.
  if (!options.publicUrl) app.keyplane.publicUrl = address;
  const url = address;
  const conformance = new ContractConformance();

  const checkedFetch = async (input: Request): Promise<Response> => {
    const response = await fetch(input);
    await conformance.check(input.method, input.url, response);
    return response;
  };

  return {
    url,
    adminKey: created?.secret ?? '',
    adminKeyId: created?.keyId ?? '',
    organizationId: created?.organization.id ?? '',
    ownerSetupToken: created?.ownerSetupToken ?? '',
    app,
    store,
    clock,
    dbPath,
    serverSecret,
    conformance,
    client(apiKey = created?.secret ?? '', authStyle: AuthStyle = 'x-api-key') {
      return createKeyplaneClient({
        endpoint: url,
        apiKey,
        authStyle,
        retries: false,
        fetch: (input: Request) => checkedFetch(input),
      });
    },
    async flushRecorders() {
      await Promise.all([app.keyplane.refusals.flush(), app.keyplane.usage.flush(), app.keyplane.sessionActivity.flush()]);
    },
    async fetch(pathAndQuery, init) {
      return checkedFetch(new Request(`${url}${pathAndQuery}`, init));
    },
    async close() {
      await app.close();
      if (!options.store) await store.close();
      if (dir) await rm(dir, { recursive: true, force: true });
      if (conformance.violations.length > 0) {
        throw new Error(`responses that break openapi.yaml:\n${conformance.violations.join('\n')}`);
      }
    },
  };
}
