/**
 * `keyplane gateway nginx|caddy`: prints a gateway configuration that asks Keyplane about
 * every request (`GET /v1/gateway/auth`) before it reaches the upstream. What is printed is
 * what the gateway tests run (test/gateways), so the docs and the tool cannot drift.
 */
import { parseArgs } from 'node:util';
import { parseCidr } from '../core/cidr.js';
import { SCOPE_NAME_PATTERN } from '../core/scopes.js';
import { caddyConfig } from './gateway-caddy.js';
import { nginxConfig } from './gateway-nginx.js';
import type { GatewayPlan, GatewayRoute } from './gateway-plan.js';

export const GATEWAY_USAGE = `Usage: keyplane gateway nginx|caddy --keyplane URL --upstream URL [options]

Prints a configuration for nginx (auth_request) or Caddy (forward_auth) that asks Keyplane
about every request before passing it to the upstream, with the key's identity in
X-Keyplane-* headers. Save it and load it into the gateway; the comments at its top say how.

Options:
  --keyplane URL            Keyplane as the gateway reaches it, e.g. http://127.0.0.1:8080
  --upstream URL            the service the gateway protects, e.g. http://127.0.0.1:3000
  --listen [ADDR:]PORT      where the gateway listens (default 8000)
  --server-name NAME        the host name clients use (nginx server_name; Caddy site address)
  --route PATH=SCOPES       the scopes a key needs under PATH (a prefix), comma-separated;
                            repeat for several routes. "PATH=" means any valid key. Paths no
                            route covers need a valid key (no scope) unless "/" is a route.
  --real-ip-from CIDR       a proxy in front of the gateway (a load balancer) whose
                            X-Forwarded-For the gateway believes; repeat for several.
                            Without it the gateway is the edge: the client's address is the
                            connection's, never a header the client sent.
  --gateway-key-file FILE   nginx: the file holding nginx's own Keyplane key as the line
                              proxy_set_header X-Keyplane-Gateway-Key "<key>";
                            (default /etc/nginx/keyplane-gateway-key.conf)
  --gateway-key-env NAME    Caddy: the environment variable holding Caddy's own Keyplane key
                            (default KEYPLANE_GATEWAY_KEY)

Example:
  keyplane gateway nginx --keyplane http://127.0.0.1:8080 --upstream http://127.0.0.1:3000 \\
    --route /reports=reports:read --route /admin=admin > /etc/nginx/conf.d/keyplane.conf`;

export type { GatewayKind, GatewayPlan, GatewayRoute } from './gateway-plan.js';

export type GatewayPlanResult = { ok: true; plan: GatewayPlan } | { ok: false; messages: string[] };

const DEFAULT_KEY_FILE = '/etc/nginx/keyplane-gateway-key.conf';
const DEFAULT_KEY_ENV = 'KEYPLANE_GATEWAY_KEY';
// Path characters (RFC 3986) that mean nothing to either configuration language. No `%`:
// both gateways match the decoded path, so an encoded route would never match.
const ROUTE_PATH = /^\/[A-Za-z0-9._~:@!&+,=/-]*$/;

/** Checks `keyplane gateway <kind> <args>` into a plan; every problem is named. */
export function planGateway(kind: string, args: string[]): GatewayPlanResult {
  if (kind !== 'nginx' && kind !== 'caddy') return { ok: false, messages: [`the gateway is "nginx" or "caddy", not ${JSON.stringify(kind)}`] };
  let values: Record<string, string | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        keyplane: { type: 'string' },
        upstream: { type: 'string' },
        listen: { type: 'string' },
        'server-name': { type: 'string' },
        route: { type: 'string', multiple: true },
        'real-ip-from': { type: 'string', multiple: true },
        'gateway-key-file': { type: 'string' },
        'gateway-key-env': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    return { ok: false, messages: [(error as Error).message] };
  }
  const messages: string[] = [];
  const keyplane = readUrl('--keyplane', values.keyplane as string | undefined, messages, true);
  const upstream = readUrl('--upstream', values.upstream as string | undefined, messages, false);
  const listen = readListen((values.listen as string | undefined) ?? '8000', messages);
  const serverName = (values['server-name'] as string | undefined) ?? null;
  if (serverName !== null && !/^[A-Za-z0-9.-]+$/.test(serverName)) messages.push(`--server-name ${JSON.stringify(serverName)}: a host name (letters, digits, dots, hyphens)`);
  const routes = readRoutes((values.route as string[] | undefined) ?? [], messages);
  const realIpFrom = ((values['real-ip-from'] as string[] | undefined) ?? []).flatMap((entry) => {
    const parsed = parseCidr(entry);
    if (!parsed.ok) messages.push(`--real-ip-from ${JSON.stringify(entry)}: ${parsed.message}`);
    return parsed.ok ? [parsed.cidr.text] : [];
  });
  const gatewayKeyFile = (values['gateway-key-file'] as string | undefined) ?? DEFAULT_KEY_FILE;
  if (!/^[A-Za-z0-9._/-]+$/.test(gatewayKeyFile)) messages.push(`--gateway-key-file ${JSON.stringify(gatewayKeyFile)}: a path of letters, digits and . _ / -`);
  const gatewayKeyEnv = (values['gateway-key-env'] as string | undefined) ?? DEFAULT_KEY_ENV;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(gatewayKeyEnv)) messages.push(`--gateway-key-env ${JSON.stringify(gatewayKeyEnv)}: an environment variable name`);
  if (kind === 'nginx' && values['gateway-key-env'] !== undefined) messages.push('--gateway-key-env is for Caddy; nginx reads its key from --gateway-key-file');
  if (kind === 'caddy' && values['gateway-key-file'] !== undefined) messages.push('--gateway-key-file is for nginx; Caddy reads its key from --gateway-key-env');
  if (messages.length > 0 || !keyplane || !upstream || !listen) return { ok: false, messages };

  const command = [
    `keyplane gateway ${kind}`,
    `--keyplane ${keyplane.href.replace(/\/$/, '')}`,
    `--upstream ${upstream.origin}`,
    `--listen ${listen.address === null ? '' : `${listen.address}:`}${listen.port}`,
    ...(serverName === null ? [] : [`--server-name ${serverName}`]),
    ...routes.filter((route) => route.given).map((route) => `--route ${route.path}=${route.scopes.join(',')}`),
    ...realIpFrom.map((cidr) => `--real-ip-from ${cidr}`),
    ...(kind === 'nginx' && gatewayKeyFile !== DEFAULT_KEY_FILE ? [`--gateway-key-file ${gatewayKeyFile}`] : []),
    ...(kind === 'caddy' && gatewayKeyEnv !== DEFAULT_KEY_ENV ? [`--gateway-key-env ${gatewayKeyEnv}`] : []),
  ].join(' ');
  return {
    ok: true,
    plan: {
      kind,
      keyplane,
      upstream,
      listen,
      serverName,
      routes: routes.map(({ path, scopes }) => ({ path, scopes })),
      realIpFrom,
      gatewayKeyFile,
      gatewayKeyEnv,
      command,
    },
  };
}

/** The configuration text for a plan. */
export function gatewayConfig(plan: GatewayPlan): string {
  return plan.kind === 'nginx' ? nginxConfig(plan) : caddyConfig(plan);
}

/** Runs `keyplane gateway ...`; resolves with the exit code. */
export async function runGatewayCommand(args: string[]): Promise<number> {
  const [kind, ...rest] = args;
  if (kind === undefined || kind === '--help' || kind === '-h' || kind === 'help' || rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${GATEWAY_USAGE}\n`);
    return kind === undefined ? 2 : 0;
  }
  const result = planGateway(kind, rest);
  if (!result.ok) {
    process.stderr.write(`keyplane gateway: ${result.messages.join('\n  ')}\n\n${GATEWAY_USAGE}\n`);
    return 2;
  }
  process.stdout.write(gatewayConfig(result.plan));
  return 0;
}

function readUrl(flag: string, value: string | undefined, messages: string[], pathAllowed: boolean): URL | null {
  if (value === undefined) {
    messages.push(`${flag} is required`);
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    messages.push(`${flag} ${JSON.stringify(value)}: not a URL (e.g. http://127.0.0.1:8080)`);
    return null;
  }
  const problems = [
    url.protocol === 'http:' || url.protocol === 'https:' ? null : 'must start with http:// or https://',
    url.username || url.password ? 'must not carry a user or password' : null,
    url.search || url.hash ? 'must not carry a query or fragment' : null,
    !pathAllowed && url.pathname !== '/' ? 'must not carry a path (the gateway passes the request path on as it came)' : null,
    pathAllowed && !/^[A-Za-z0-9._~/-]*$/.test(url.pathname) ? 'has a path with characters a gateway configuration cannot hold' : null,
  ].filter((problem) => problem !== null);
  for (const problem of problems) messages.push(`${flag} ${value}: ${problem}`);
  return problems.length === 0 ? url : null;
}

function readListen(value: string, messages: string[]): GatewayPlan['listen'] | null {
  const match = /^(?:(\[[0-9A-Fa-f:.]+\]|[0-9.]+|localhost):)?(\d{1,5})$/.exec(value);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65_535) {
    messages.push(`--listen ${JSON.stringify(value)}: a port (8000) or an address and a port (127.0.0.1:8000, [::1]:8000)`);
    return null;
  }
  return { address: match[1] ?? null, port };
}

function readRoutes(entries: string[], messages: string[]): Array<GatewayRoute & { given: boolean }> {
  const routes: Array<GatewayRoute & { given: boolean }> = [];
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    const path = equals < 0 ? entry : entry.slice(0, equals);
    const scopes = equals < 0 ? [] : entry.slice(equals + 1).split(',').map((s) => s.trim()).filter(Boolean);
    if (equals < 0) messages.push(`--route ${JSON.stringify(entry)}: write PATH=SCOPES, e.g. /reports=reports:read (PATH= for any valid key)`);
    if (!ROUTE_PATH.test(path)) messages.push(`--route ${JSON.stringify(entry)}: the path must start with / and hold only letters, digits and . _ ~ : @ ! & + , = / -`);
    for (const scope of scopes) if (!SCOPE_NAME_PATTERN.test(scope)) messages.push(`--route ${JSON.stringify(entry)}: ${JSON.stringify(scope)} is not a scope name`);
    if (routes.some((route) => route.path === path)) messages.push(`--route ${path} is given twice`);
    if (scopes.length > 20) messages.push(`--route ${path}: at most 20 scopes`);
    routes.push({ path, scopes: [...new Set(scopes)].sort(), given: true });
  }
  if (!routes.some((route) => route.path === '/')) routes.push({ path: '/', scopes: [], given: false });
  // nginx picks the longest prefix whatever the order, Caddy sorts `handle` by path length:
  // written longest first, the file reads the way both decide.
  return routes.sort((a, b) => b.path.length - a.path.length || a.path.localeCompare(b.path));
}
