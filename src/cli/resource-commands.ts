import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { components } from '../api/schema.js';
import { createKeyplaneClient, KeyplaneConfigError, KeyplaneProblemError, KeyplaneRequestError, unwrap } from '../client/index.js';
import { parseDuration } from '../core/duration.js';
import { integer, required, UsageError, type Command, type Options, type Values } from './command.js';
import { MEMBER_COMMANDS } from './member-commands.js';
import { displayText, renderRecord, renderTable } from './table.js';

type Schemas = components['schemas'];

const CONNECTION_OPTIONS: Options = {
  endpoint: { type: 'string' },
  'api-key': { type: 'string' },
  'auth-style': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
};

/** The flags of {@link expiryFields}. */
const EXPIRY_OPTIONS: Options = {
  'expires-at': { type: 'string' },
  'expires-in': { type: 'string' },
  'never-expires': { type: 'boolean' },
};

const KEY_FIELD_OPTIONS: Options = {
  name: { type: 'string' },
  description: { type: 'string' },
  scope: { type: 'string', multiple: true },
  ...EXPIRY_OPTIONS,
  'not-before': { type: 'string' },
  allow: { type: 'string', multiple: true },
  deny: { type: 'string', multiple: true },
  metadata: { type: 'string', multiple: true },
  'rate-limit': { type: 'string' },
};

const CONNECTION_USAGE = `Connection: --endpoint URL (KEYPLANE_ENDPOINT), --api-key KEY (KEYPLANE_API_KEY),
            --auth-style x-api-key|bearer, --json for machine-readable output`;

const KEY_COMMANDS: Record<string, Command> = {
  create: {
    usage: `keyplane keys create --name NAME [--description TEXT] [--scope S]... [--expires-at RFC3339 | --expires-in DURATION | --never-expires]
                     [--not-before RFC3339] [--allow CIDR]... [--deny CIDR]... [--metadata k=v]... [--rate-limit N]
  --expires-in: e.g. 90d, 36h, or seconds, counted from now by the service's clock.`,
    options: KEY_FIELD_OPTIONS,
    async run(api, _positionals, values) {
      const body = keyFields(values) as Schemas['CreateKeyRequest'];
      if (!body.name) throw new UsageError('--name is required');
      const key = unwrap(await api.POST('/v1/keys', { body }));
      return {
        json: key,
        text: `${renderRecord(keySummary(key))}\n\nsecret      ${key.secret}\n\nThe secret is shown only this once: store it now.`,
      };
    },
  },
  list: {
    usage: 'keyplane keys list [--status active|expired|revoked|not_yet_valid] [--scope S] [--name TEXT] [--limit N]',
    options: { status: { type: 'string' }, scope: { type: 'string' }, name: { type: 'string' }, limit: { type: 'string' } },
    async run(api, _positionals, values) {
      const keys: Schemas['ApiKey'][] = [];
      const max = values.limit ? Number(values.limit) : Infinity;
      let cursor: string | undefined;
      do {
        const page = unwrap(
          await api.GET('/v1/keys', {
            params: {
              query: {
                status: values.status as Schemas['KeyStatus'] | undefined,
                scope: values.scope as string | undefined,
                name: values.name as string | undefined,
                limit: Math.min(200, max - keys.length),
                cursor,
              },
            },
          }),
        );
        keys.push(...page.data);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && keys.length < max);
      return {
        json: keys,
        text: renderTable(
          ['id', 'name', 'status', 'scopes', 'expires_at', 'hint'],
          keys.map((k) => [k.id, k.name, k.status, k.scopes.join(' '), k.expires_at, k.hint]),
        ),
      };
    },
  },
  get: {
    usage: 'keyplane keys get KEY_ID',
    async run(api, [id]) {
      const key = unwrap(await api.GET('/v1/keys/{key_id}', { params: { path: { key_id: required(id, 'KEY_ID') } } }));
      return { json: key, text: renderRecord(keySummary(key)) };
    },
  },
  update: {
    usage: `keyplane keys update KEY_ID [--name NAME] [--description TEXT] [--scope S]... [--expires-at RFC3339 | --expires-in DURATION | --never-expires]
                     [--not-before RFC3339] [--allow CIDR]... [--deny CIDR]... [--metadata k=v]... [--rate-limit N]
  Lists given (scopes, rules, metadata) replace the key's whole list.`,
    options: KEY_FIELD_OPTIONS,
    async run(api, [id], values) {
      const body = keyFields(values) as Schemas['UpdateKeyRequest'];
      if (Object.keys(body).length === 0) throw new UsageError('give at least one field to change');
      const key = unwrap(await api.PATCH('/v1/keys/{key_id}', { params: { path: { key_id: required(id, 'KEY_ID') } }, body }));
      return { json: key, text: renderRecord(keySummary(key)) };
    },
  },
  revoke: {
    usage: 'keyplane keys revoke KEY_ID [--reason TEXT]',
    options: { reason: { type: 'string' } },
    async run(api, [id], values) {
      const reason = values.reason as string | undefined;
      const key = unwrap(
        await api.POST('/v1/keys/{key_id}/revoke', {
          params: { path: { key_id: required(id, 'KEY_ID') } },
          body: reason === undefined ? {} : { reason },
        }),
      );
      return { json: key, text: `Revoked ${key.id} (${displayText(key.name)}) at ${key.revoked_at}. It can never be used again.` };
    },
  },
  rotate: {
    usage: `keyplane keys rotate KEY_ID [--grace-period DURATION] [--expires-at RFC3339 | --expires-in DURATION | --never-expires]
  --grace-period: e.g. 24h, 1d12h, or seconds: 86400. --expires-at or --expires-in renews the expiry with the new secret.`,
    options: { 'grace-period': { type: 'string' }, ...EXPIRY_OPTIONS },
    async run(api, [id], values) {
      const body: Schemas['RotateKeyRequest'] = expiryFields(values);
      if (values['grace-period'] !== undefined) body.grace_period = durationFlag(values['grace-period'] as string, '--grace-period');
      const key = unwrap(await api.POST('/v1/keys/{key_id}/rotate', { params: { path: { key_id: required(id, 'KEY_ID') } }, body }));
      const until = key.previous_secret_expires_at ? `The old secret works until ${key.previous_secret_expires_at}.` : 'The old secret no longer works.';
      return { json: key, text: `${renderRecord(keySummary(key))}\n\nsecret      ${key.secret}\n\nShown only this once. ${until}` };
    },
  },
  verify: {
    usage: `keyplane keys verify KEY|- [--scope S]... [--ip ADDRESS]
  Checks a presented key (use "-" to read it from standard input, which keeps it out of
  the process list). Exits 0 when valid, 1 when not.`,
    options: { scope: { type: 'string', multiple: true }, ip: { type: 'string' } },
    async run(api, [presented], values) {
      const key = required(presented, 'KEY') === '-' ? readFileSync(0, 'utf8').trim() : presented!;
      const verdict = unwrap(
        await api.POST('/v1/keys/verify', {
          body: { key, required_scopes: values.scope as string[] | undefined, ip: values.ip as string | undefined },
        }),
      );
      const lines = [`${verdict.valid ? 'valid' : 'NOT valid'}: ${verdict.code}`, displayText(verdict.detail)];
      if (verdict.key) lines.push(`key ${verdict.key.id} (${displayText(verdict.key.name)}), scopes: ${verdict.key.effective_scopes.join(' ')}`);
      return { json: verdict, text: lines.join('\n'), exitCode: verdict.valid ? 0 : 1 };
    },
  },
};

const SCOPE_COMMANDS: Record<string, Command> = {
  list: {
    usage: 'keyplane scopes list',
    async run(api) {
      const { data } = unwrap(await api.GET('/v1/scopes'));
      return {
        json: data,
        text: renderTable(['name', 'includes', 'built_in', 'description'], data.map((s) => [s.name, s.includes.join(' '), s.built_in ? 'yes' : 'no', s.description])),
      };
    },
  },
  get: {
    usage: 'keyplane scopes get NAME',
    async run(api, [name]) {
      const scope = unwrap(await api.GET('/v1/scopes/{scope_name}', { params: { path: { scope_name: required(name, 'NAME') } } }));
      return { json: scope, text: renderRecord(scope) };
    },
  },
  create: {
    usage: 'keyplane scopes create NAME [--description TEXT] [--include SCOPE]...',
    options: { description: { type: 'string' }, include: { type: 'string', multiple: true } },
    async run(api, [name], values) {
      const scope = unwrap(
        await api.POST('/v1/scopes', {
          body: {
            name: required(name, 'NAME'),
            description: values.description as string | undefined,
            includes: (values.include as string[] | undefined) ?? [],
          },
        }),
      );
      return { json: scope, text: renderRecord(scope) };
    },
  },
  update: {
    usage: 'keyplane scopes update NAME [--description TEXT] [--include SCOPE]...  (includes given replace the list)',
    options: { description: { type: 'string' }, include: { type: 'string', multiple: true } },
    async run(api, [name], values) {
      const body: Schemas['UpdateScopeRequest'] = {};
      if (values.description !== undefined) body.description = values.description as string;
      if (values.include !== undefined) body.includes = values.include as string[];
      if (Object.keys(body).length === 0) throw new UsageError('give --description or --include');
      const scope = unwrap(await api.PATCH('/v1/scopes/{scope_name}', { params: { path: { scope_name: required(name, 'NAME') } }, body }));
      return { json: scope, text: renderRecord(scope) };
    },
  },
  delete: {
    usage: 'keyplane scopes delete NAME',
    async run(api, [name]) {
      unwrap(await api.DELETE('/v1/scopes/{scope_name}', { params: { path: { scope_name: required(name, 'NAME') } } }));
      return { json: { deleted: name }, text: `Deleted scope ${name}.` };
    },
  },
};

/** The actions of each resource command. */
const GROUPS = { keys: KEY_COMMANDS, scopes: SCOPE_COMMANDS, members: MEMBER_COMMANDS } satisfies Record<string, Record<string, Command>>;

/** The resource commands `keyplane <group> <action>`. */
export type ResourceGroup = keyof typeof GROUPS;

/** `keyplane keys|scopes|members ...`: the typed client from a shell. */
export async function runResourceCommand(group: ResourceGroup, args: string[]): Promise<number> {
  const commands: Record<string, Command> = GROUPS[group];
  const [action, ...rest] = args;
  const groupUsage = () =>
    `Usage:\n${Object.values(commands).map((c) => `  ${c.usage}`).join('\n')}\n\n${CONNECTION_USAGE}\n`;
  // Own actions only: `keyplane keys constructor` is an unknown action, not Object's.
  const command = action && Object.hasOwn(commands, action) ? commands[action] : undefined;
  if (!command) {
    const out = action === undefined || action === '--help' ? process.stdout : process.stderr;
    out.write(`${action && action !== '--help' ? `keyplane ${group}: unknown action "${action}".\n\n` : ''}${groupUsage()}`);
    return action === '--help' ? 0 : 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...CONNECTION_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`Usage: ${command.usage}\n\n${CONNECTION_USAGE}\n`);
      return 0;
    }
    const client = createKeyplaneClient({
      endpoint: (values.endpoint as string | undefined) ?? process.env.KEYPLANE_ENDPOINT ?? 'http://127.0.0.1:8080',
      apiKey: (values['api-key'] as string | undefined) ?? process.env.KEYPLANE_API_KEY ?? '',
      authStyle: values['auth-style'] === 'bearer' ? 'bearer' : 'x-api-key',
    });
    const output = await command.run(client.api, positionals, values as Values);
    process.stdout.write(`${values.json ? JSON.stringify(output.json, null, 2) : output.text}\n`);
    return output.exitCode ?? 0;
  } catch (error) {
    return report(`keyplane ${group} ${action}`, error, command.usage);
  }
}

function report(prefix: string, error: unknown, usage: string): number {
  if (error instanceof KeyplaneProblemError) {
    // A problem repeats what the server was sent or holds: shown as harmlessly as a table.
    const fields = (error.problem.errors ?? []).map((e) => `\n  ${displayText(e.path)}: ${displayText(e.message)}`).join('');
    process.stderr.write(`${prefix}: ${error.status} ${error.code}: ${displayText(error.problem.detail)}${fields}\n  (request id ${error.requestId ?? '-'})\n`);
    return 1;
  }
  if (error instanceof KeyplaneRequestError || error instanceof KeyplaneConfigError) {
    process.stderr.write(`${prefix}: ${error.message}\n`);
    return 1;
  }
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${prefix}: ${(error as Error).message}\n\nUsage: ${usage}\n`);
    return 2;
  }
  throw error;
}

/** --never-expires, --expires-at and --expires-in as the request's fields (the service refuses two of them together). */
function expiryFields(values: Values): Pick<Schemas['UpdateKeyRequest'], 'expires_at' | 'expires_in'> {
  const fields: Pick<Schemas['UpdateKeyRequest'], 'expires_at' | 'expires_in'> = {};
  if (values['never-expires']) fields.expires_at = null;
  else if (values['expires-at'] !== undefined) fields.expires_at = values['expires-at'] as string;
  if (values['expires-in'] !== undefined) fields.expires_in = durationFlag(values['expires-in'] as string, '--expires-in');
  return fields;
}

function keyFields(values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = { ...expiryFields(values) };
  if (values.name !== undefined) body.name = values.name;
  if (values.description !== undefined) body.description = values.description;
  if (values.scope !== undefined) body.scopes = values.scope;
  if (values['not-before'] !== undefined) body.not_before = values['not-before'];
  if (values.allow !== undefined || values.deny !== undefined) {
    body.ip_rules = [
      ...((values.allow as string[] | undefined) ?? []).map((cidr) => ({ action: 'allow', cidr })),
      ...((values.deny as string[] | undefined) ?? []).map((cidr) => ({ action: 'deny', cidr })),
    ];
  }
  if (values.metadata !== undefined) {
    body.metadata = Object.fromEntries(
      (values.metadata as string[]).map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1) throw new UsageError(`--metadata ${JSON.stringify(pair)} must be key=value`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
    );
  }
  if (values['rate-limit'] !== undefined) body.rate_limit_per_minute = integer(values['rate-limit'] as string, '--rate-limit');
  return body;
}

function keySummary(key: Schemas['ApiKey']): Record<string, unknown> {
  return {
    id: key.id,
    name: key.name,
    status: key.status,
    hint: key.hint,
    scopes: key.scopes,
    expires_at: key.expires_at ?? 'never',
    not_before: key.not_before,
    ip_rules: key.ip_rules.map((r) => `${r.action} ${r.cidr}`),
    metadata: key.metadata,
    created_at: key.created_at,
    last_used_at: key.last_used_at,
  };
}

/**
 * A duration flag, written as Terraform and the constructs take it (`24h`, `1d12h`, from
 * src/core) or as whole seconds (`86400`, what the API takes), so the same text works everywhere.
 */
function durationFlag(text: string, flag: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.message}, or whole seconds such as 86400`);
  return parsed.seconds;
}
