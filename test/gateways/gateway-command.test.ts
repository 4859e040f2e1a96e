/**
 * `keyplane gateway nginx|caddy` as a command: what it prints is what the gateway suites run
 * (nginx.test.ts, caddy.test.ts), the examples are that output byte for byte, bad input is
 * refused with exit 2 naming each problem, and the variants the suites do not run (HTTPS to
 * Keyplane and to the upstream, several proxies in front) still load in the real binaries.
 */
import { execFile, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { gatewayConfig, planGateway, type GatewayKind } from '../../src/cli/gateway-command.js';
import { freePort, killAllChildren, REPO_ROOT, runCli, tempDir } from '../helpers/process.js';
import { gatewayBinary, gatewayMissing, skipWithoutGateway } from './harness.js';

const run = promisify(execFile);
afterAll(() => killAllChildren());

const EXAMPLES: Record<GatewayKind, string> = { nginx: 'examples/gateways/nginx/keyplane.conf', caddy: 'examples/gateways/caddy/Caddyfile' };

/** The configuration for `args`, or the test fails with the messages. */
function configFor(kind: GatewayKind, args: string[]): string {
  const planned = planGateway(kind, args);
  if (!planned.ok) throw new Error(planned.messages.join('\n'));
  return gatewayConfig(planned.plan);
}

/** The arguments of the command a configuration names in its header ("#   keyplane gateway …"). */
function commandIn(config: string): { kind: GatewayKind; args: string[] } {
  const line = /^# {3}keyplane gateway (nginx|caddy) (.*)$/m.exec(config);
  if (!line) throw new Error('no "keyplane gateway" line in the header');
  return { kind: line[1] as GatewayKind, args: line[2]!.split(' ') };
}

describe('keyplane gateway', () => {
  // Each CLI run is a Node start-up: the tests that spawn one run concurrently.
  it.concurrent.for(['nginx', 'caddy'] as const)('%s: the CLI prints exactly the configuration the gateway suites run, and names the command that prints it', async (kind, { expect }) => {
    const args = ['--keyplane', 'http://127.0.0.1:8080', '--upstream', 'http://127.0.0.1:3000', '--route', '/reports=reports:read,reports:list', '--route', '/admin=admin'];
    const result = await runCli(['gateway', kind, ...args]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toBe(configFor(kind, args));
    // The header's command prints the same again (routes longest first, defaults written out).
    expect(commandIn(result.stdout)).toEqual({ kind, args: expect.any(Array) });
    expect(configFor(kind, commandIn(result.stdout).args)).toBe(result.stdout);
  });

  it.each(['nginx', 'caddy'] as const)('%s: the example is the output of the command its header names', async (kind) => {
    const example = await readFile(path.join(REPO_ROOT, EXAMPLES[kind]), 'utf8');
    const { kind: named, args } = commandIn(example);
    expect(named).toBe(kind);
    expect(example, `regenerate it: npx keyplane gateway ${kind} ${args.join(' ')} > ${EXAMPLES[kind]}`).toBe(configFor(kind, args));
  });

  it.concurrent('refuses bad input with exit 2, naming every problem', async ({ expect }) => {
    const [result, missing, unknown] = await Promise.all([
      runCli([
        'gateway',
        'nginx',
        '--keyplane',
        'ftp://keys',
        '--upstream',
        'http://127.0.0.1:3000/api',
        '--listen',
        '99999',
        '--route',
        '/reports',
        '--route',
        '/x;y=read',
        '--route',
        '/z=not a scope',
        '--real-ip-from',
        '10.0.0.300',
        '--gateway-key-env',
        'KEY',
      ]),
      runCli(['gateway', 'caddy']),
      runCli(['gateway', 'traefik', '--keyplane', 'http://k', '--upstream', 'http://u']),
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    for (const text of [
      '--keyplane ftp://keys: must start with http:// or https://',
      '--upstream http://127.0.0.1:3000/api: must not carry a path',
      '--listen "99999"',
      '--route "/reports": write PATH=SCOPES',
      '--route "/x;y=read": the path must start with /',
      '"not a scope" is not a scope name',
      '--real-ip-from "10.0.0.300"',
      '--gateway-key-env is for Caddy',
    ]) {
      expect(result.stderr).toContain(text);
    }
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--keyplane is required');
    expect(missing.stderr).toContain('--upstream is required');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('the gateway is "nginx" or "caddy", not "traefik"');
  });

  it.concurrent('is listed in `keyplane --help` and explains itself with --help', async ({ expect }) => {
    const [top, own] = await Promise.all([runCli(['--help']), runCli(['gateway', '--help'])]);
    expect(top.stdout).toContain('gateway nginx|caddy');
    expect(own.code).toBe(0);
    expect(own.stdout).toContain('Usage: keyplane gateway nginx|caddy --keyplane URL --upstream URL [options]');
  });

  it('paths no route names need a valid key: "/" is always covered, by any valid key unless a route says otherwise', () => {
    const defaulted = planGateway('nginx', ['--keyplane', 'http://k:8080', '--upstream', 'http://u:3000', '--route', '/a=x']);
    const given = planGateway('nginx', ['--keyplane', 'http://k:8080', '--upstream', 'http://u:3000', '--route', '/=x', '--route', '/a/b=y']);
    expect(defaulted.ok && defaulted.plan.routes).toEqual([
      { path: '/a', scopes: ['x'] },
      { path: '/', scopes: [] },
    ]);
    expect(given.ok && given.plan.routes).toEqual([
      { path: '/a/b', scopes: ['y'] },
      { path: '/', scopes: ['x'] },
    ]);
  });

  it("the examples' demo upstream decodes the identity headers", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'examples/gateways/demo-upstream.mjs')], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      const answer = await fetch(`http://127.0.0.1:${port}/reports/2026?x=1`, {
        headers: {
          'X-Keyplane-Key-Id': 'key_1',
          'X-Keyplane-Organization-Id': 'org_1',
          'X-Keyplane-Key-Name': encodeURIComponent('Zoë’s reports'),
          'X-Keyplane-Scopes': 'reports:read reports:write',
          'X-Keyplane-Metadata': Buffer.from('{"plan":"pro"}').toString('base64url'),
          'X-Keyplane-Expires-At': '',
        },
      });
      expect(await answer.json()).toEqual({
        method: 'GET',
        path: '/reports/2026?x=1',
        key: { id: 'key_1', organization_id: 'org_1', name: 'Zoë’s reports', scopes: ['reports:read', 'reports:write'], metadata: { plan: 'pro' }, expires_at: null },
      });
    } finally {
      child.kill();
    }
  });

  const variants = ['--keyplane', 'https://keys.example.com/keyplane', '--upstream', 'https://api.internal:8443', '--server-name', 'api.example.com', '--listen', '127.0.0.1:8000', '--route', '/reports=reports:read', '--real-ip-from', '10.0.0.0/8', '--real-ip-from', '2001:db8::/32'];

  const skipNginx = skipWithoutGateway('nginx');
  it.skipIf(skipNginx)(`nginx: HTTPS both ways, a server name and proxies in front pass \`nginx -t\`${skipNginx ? ` (${gatewayMissing('nginx')})` : ''}`, async () => {
    const { dir, remove } = await tempDir('keyplane-nginx-t-');
    try {
      const keyFile = path.join(dir, 'key.conf');
      await writeFile(keyFile, 'proxy_set_header X-Keyplane-Gateway-Key "nm_operator_example";\n');
      const config = configFor('nginx', [...variants, '--gateway-key-file', keyFile]);
      expect(config).toContain('proxy_pass https://keyplane/keyplane/v1/gateway/auth?scope=reports:read;');
      expect(config).toContain('proxy_ssl_name keys.example.com;');
      expect(config).toContain('set_real_ip_from 2001:db8::/32;');
      await writeFile(path.join(dir, 'nginx.conf'), `events {}\nhttp {\n    include ${path.join(dir, 'keyplane.conf')};\n}\n`);
      const user = process.getuid?.() === 0 ? ' user root;' : '';
      // -t resolves the upstreams' host names: keep them to names that resolve everywhere.
      const resolvable = config.replaceAll('keys.example.com:443', '127.0.0.1:443').replaceAll('api.internal:8443', '127.0.0.1:8443');
      await writeFile(path.join(dir, 'keyplane.conf'), resolvable);
      const { stderr } = await run(gatewayBinary('nginx')!, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', `error_log stderr; pid ${path.join(dir, 'nginx.pid')};${user}`]);
      expect(stderr).toContain('test is successful');
    } finally {
      await remove();
    }
  });

  const skipCaddy = skipWithoutGateway('caddy');
  it.skipIf(skipCaddy)(`caddy: HTTPS both ways, a server name and proxies in front adapt, and the Caddyfile is as \`caddy fmt\` writes it${skipCaddy ? ` (${gatewayMissing('caddy')})` : ''}`, async () => {
    const { dir, remove } = await tempDir('keyplane-caddy-adapt-');
    try {
      for (const [name, config] of [
        ['variants', configFor('caddy', variants)],
        ['example', await readFile(path.join(REPO_ROOT, EXAMPLES.caddy), 'utf8')],
      ] as const) {
        const file = path.join(dir, `${name}.Caddyfile`);
        await writeFile(file, config);
        const env = { ...process.env, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
        const adapted = await run(gatewayBinary('caddy')!, ['adapt', '--config', file, '--adapter', 'caddyfile'], { env });
        expect(adapted.stderr, name).not.toMatch(/"level":"(warn|error)"/);
        const formatted = await run(gatewayBinary('caddy')!, ['fmt', file], { env });
        expect(formatted.stdout, name).toBe(config);
      }
      expect(configFor('caddy', variants)).toContain('forward_auth https://keys.example.com:443 {');
      expect(configFor('caddy', variants)).toContain('uri /keyplane/v1/gateway/auth?scope=reports:read');
    } finally {
      await remove();
    }
  });
});
