import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../server/app.js';
import { bootstrap } from '../server/bootstrap.js';
import { linkJson } from '../server/people/invitations.js';
import { openPostgresStore } from '../store/postgres-store.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { decodeSecret, type ServeConfig } from './serve-config.js';

export interface RunningService {
  app: FastifyInstance;
  url: string;
  store: Store;
  close(): Promise<void>;
}

/**
 * Starts the service: opens the store and migrates it, makes the operator organization and
 * its admin key on an empty database (printing the key once, on stderr, never in the log),
 * and listens. SIGTERM and SIGINT stop accepting connections, let requests in flight
 * finish, flush usage and close the database.
 */
export async function serve(config: ServeConfig, output: NodeJS.WritableStream = process.stderr): Promise<RunningService> {
  const isPostgres = /^postgres(ql)?:\/\//.test(config.database);
  if (!isPostgres) await mkdir(path.dirname(path.resolve(config.database)), { recursive: true });
  // A dropped database connection is logged once the logger exists; before, there is nothing to say.
  let connectionLost = (_error: Error): void => {};
  const store = isPostgres
    ? openPostgresStore({ connectionString: config.database, onConnectionLost: (error) => connectionLost(error) })
    : openSqliteWithAdvice(config.database, config.sqliteSynchronous);
  await store.migrate();

  const serverSecret = await resolveServerSecret(config, isPostgres, output);
  const app = await buildServer({
    store,
    serverSecret,
    trustedProxies: config.trustedProxies,
    cacheTtlMs: config.cacheTtlMs,
    publicUrl: config.publicUrl,
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
  });
  connectionLost = (error) => app.log.warn({ err: error }, 'a database connection was lost; requests that needed it answered 503');

  const created = await bootstrap(store, serverSecret, { slug: config.bootstrapSlug, name: 'Default organization' });
  // Fastify logs "Server listening" itself, which would land in the middle of the banner a
  // person reads; it is logged here instead, once the banner is out.
  const level = app.log.level;
  app.log.level = 'warn';
  const address = await app.listen({ port: config.port, host: config.host }).finally(() => {
    app.log.level = level;
  });
  const url = address.replace('://[::1]', '://localhost');
  // Without --public-url, links point where the service listens (known only now, for port 0).
  if (!config.publicUrl) app.keyplane.publicUrl = url;
  // One write for the whole banner: a reader (a person, a script waiting for the key) sees
  // it complete or not at all.
  let banner = `\nKeyplane is listening on ${url}  (database: ${isPostgres ? 'PostgreSQL' : path.resolve(config.database)})\n`;
  banner += `The web console: ${app.keyplane.publicUrl.replace(/\/+$/, '')}/console/\n`;
  if (created) {
    const ownerLink = linkJson(app.keyplane.publicUrl, {
      token: created.ownerSetupToken,
      purpose: 'owner_setup',
      fields: { invitationHash: null, invitationExpiresAt: created.ownerSetupExpiresAt, invitationPurpose: 'owner_setup' },
    });
    banner += [
      '',
      `Created the operator organization "${created.organization.slug}" (${created.organization.id}) and its admin key.`,
      'This is the only time the key is shown; store it in a secret manager now:',
      '',
      `    ${created.secret}`,
      '',
      `Try it:  curl -H "X-API-Key: <the key>" ${url}/v1/myself`,
      '',
      'Set up the first owner (a person who signs in with an e-mail and a password) with this',
      `one-time link, valid until ${ownerLink.expires_at}:`,
      '',
      `    ${ownerLink.url}`,
      '',
      `or:  curl -X POST ${url}/v1/invitations/accept -H 'Content-Type: application/json' \\`,
      `       -d '{"token": "${created.ownerSetupToken}", "email": "you@example.com", "password": "<15+ characters>"}'`,
      '',
    ].join('\n');
  }
  output.write(banner);

  app.log.info({ url }, `Keyplane is listening on ${url}`);

  const close = async () => {
    await app.close();
    await store.close();
  };
  return { app, url, store, close };
}

/**
 * Opens the SQLite store, saying what to do when better-sqlite3's native module was never
 * built: npm 11 skips a dependency's install script unless the project allows it, and a user
 * who ran `npm install keyplane` without that entry would otherwise read a `bindings` stack.
 */
function openSqliteWithAdvice(database: string, synchronous: ServeConfig['sqliteSynchronous']): Store {
  try {
    return openSqliteStore({ path: database, synchronous });
  } catch (error) {
    if (!/bindings file|better_sqlite3\.node|NODE_MODULE_VERSION/.test((error as Error).message)) throw error;
    throw new Error(
      'the SQLite driver (better-sqlite3) has no native module built for this Node.js. npm 11 runs a dependency\'s install ' +
        'script only when the project allows it: run `npm install-scripts approve better-sqlite3 && npm rebuild better-sqlite3` ' +
        '(or add "allowScripts": { "better-sqlite3": true } to package.json and install again).',
      { cause: error },
    );
  }
}

/**
 * The HMAC key for secrets. Production sets KEYPLANE_SERVER_SECRET (the same on every node).
 * For a zero-setup start on SQLite one is generated on first run and kept beside the
 * database with owner-only permissions; losing it makes every key unverifiable.
 */
async function resolveServerSecret(config: ServeConfig, isPostgres: boolean, output: NodeJS.WritableStream): Promise<Buffer> {
  if (config.serverSecret) return decodeSecret(config.serverSecret)!;
  if (isPostgres) {
    throw new Error('KEYPLANE_SERVER_SECRET (or --server-secret) is required with PostgreSQL: every node must use the same one.');
  }
  const file = `${path.resolve(config.database)}.server-secret`;
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing !== null) {
    const secret = decodeSecret(existing);
    if (!secret) throw new Error(`${file} does not hold a valid server secret (64+ hex characters).`);
    return secret;
  }
  const secret = randomBytes(32);
  await writeFile(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  output.write(`Generated a server secret in ${file}. In production set KEYPLANE_SERVER_SECRET instead.\n`);
  return secret;
}
