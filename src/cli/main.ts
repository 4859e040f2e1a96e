#!/usr/bin/env node
import { parseArgs } from 'node:util';
// Each command loads what it needs when it runs: `keys`, `scopes` and `members` never load the server
// (Fastify, SQLite, PostgreSQL), which would double the start-up time of every call.

const USAGE = `Usage: keyplane <command> [options]

Commands:
  serve                 Run the service (SQLite by default, PostgreSQL with a postgres:// URL)
  keys <action>         create | list | get | update | revoke | rotate | verify
  scopes <action>       list | get | create | update | delete
  members <action>      invite | list | get | update | suspend | activate | remove | unlock | sign-out | reset-link
  terraform install     Install the Terraform provider into a local mirror and write a CLI config
  gateway nginx|caddy   Print a gateway configuration that asks Keyplane about every request
  migrate-store         Copy a database into an empty one (SQLite to PostgreSQL), every key kept

Run "keyplane <command> --help" for the options of a command.`;

const SERVE_USAGE = `Usage: keyplane serve [options]

Options (each also read from the environment variable shown):
  --port               KEYPLANE_PORT              port to listen on (default 8080)
  --host               KEYPLANE_HOST              address to listen on (default 127.0.0.1)
  --database           KEYPLANE_DATABASE          SQLite file, or postgres:// URL (default .keyplane/keyplane.db)
  --server-secret      KEYPLANE_SERVER_SECRET     HMAC key for secrets, 64+ hex characters (generated for SQLite if absent)
  --trusted-proxies    KEYPLANE_TRUSTED_PROXIES   comma-separated addresses/CIDRs whose X-Forwarded-For is believed
  --public-url         KEYPLANE_PUBLIC_URL        where people reach the service, e.g. https://keys.example.com (default: the address
                                                  it listens on); invitation links start with it, https makes cookies Secure
  --sqlite-synchronous KEYPLANE_SQLITE_SYNCHRONOUS full (default: every commit survives power loss) | normal (2x writes)
  --cache-ttl-ms       KEYPLANE_CACHE_TTL_MS      how long a node may serve a key changed by another node (default 5000)
  --log-level          KEYPLANE_LOG_LEVEL         fatal | error | warn | info | debug | trace | silent (default info)
  --bootstrap-slug     KEYPLANE_BOOTSTRAP_SLUG    slug of the operator organization made on first start (default "default")`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return runServe(rest);
    case 'keys':
    case 'scopes':
    case 'members': {
      const { runResourceCommand } = await import('./resource-commands.js');
      return runResourceCommand(command, rest);
    }
    case 'terraform': {
      const { runTerraformCommand } = await import('./terraform-command.js');
      return runTerraformCommand(rest);
    }
    case 'migrate-store': {
      const { runMigrateStore } = await import('./migrate-store.js');
      return runMigrateStore(rest);
    }
    case 'gateway': {
      const { runGatewayCommand } = await import('./gateway-command.js');
      return runGatewayCommand(rest);
    }
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`keyplane: unknown command "${command}".\n\n${USAGE}\n`);
      return 2;
  }
}

async function runServe(args: string[]): Promise<number> {
  const { flagName, readServeConfig, serveConfigSchema } = await import('./serve-config.js');
  const settings = Object.keys(serveConfigSchema.shape);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        help: { type: 'boolean' },
        ...Object.fromEntries(settings.map((s) => [flagName(s).slice(2), { type: 'string' as const }])),
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`keyplane serve: ${(error as Error).message}\n\n${SERVE_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  const flags = Object.fromEntries(settings.map((s) => [s, values[flagName(s).slice(2)] as string | undefined]));
  const result = readServeConfig(flags, process.env);
  if (!result.ok) {
    process.stderr.write(`keyplane serve: invalid configuration\n${result.messages.map((m) => `  ${m}`).join('\n')}\n`);
    return 2;
  }

  const { serve } = await import('./serve.js');
  let service: Awaited<ReturnType<typeof serve>>;
  try {
    service = await serve(result.config);
  } catch (error) {
    process.stderr.write(`keyplane serve: could not start: ${(error as Error).message}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      service.app.log.info({ signal }, 'shutting down: finishing requests in flight');
      service.close().then(resolve, (error: unknown) => {
        process.stderr.write(`keyplane serve: error while shutting down: ${(error as Error).message}\n`);
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`keyplane: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
