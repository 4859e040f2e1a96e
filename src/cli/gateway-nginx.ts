/**
 * The nginx configuration `keyplane gateway nginx` prints: `auth_request` to Keyplane for
 * every request, the identity headers copied onto the upstream request, and Keyplane's
 * refusals given to the client with their real status (auth_request alone turns a 429 or a
 * 503 into a 500). test/gateways/nginx.test.ts runs exactly this text.
 */
import { IDENTITY_HEADERS } from '../server/keys/identity-headers.js';
import { authPathAndQuery, hostPort, type GatewayPlan } from './gateway-plan.js';

/** `X-Keyplane-Key-Id` → `keyplane_key_id`, `Retry-After` → `keyplane_retry_after`: the variable holding Keyplane's answer. */
const variable = (header: string) => `keyplane_${header.toLowerCase().replace(/^x-keyplane-/, '').replaceAll('-', '_')}`;
/** `X-Keyplane-Key-Id` → `upstream_http_x_keyplane_key_id`: the header in the auth answer. */
const answered = (header: string) => `upstream_http_${header.toLowerCase().replaceAll('-', '_')}`;

/** Headers of a refusal the client needs, beside WWW-Authenticate (auth_request copies that). */
const REFUSAL_HEADERS = ['Retry-After', 'RateLimit-Policy', 'RateLimit'] as const;

/** The answers @keyplane_refused gives, by the status Keyplane gave. */
const REFUSALS: Array<[status: number, title: string, detail: string]> = [
  [401, 'Unauthorized', 'The API key is missing, malformed, unknown, expired, revoked or not yet valid. Send a valid key in the X-API-Key header or as "Authorization: Bearer <key>".'],
  [403, 'Forbidden', 'The API key may not make this request: it lacks a scope the route needs, or its IP rules refuse your address.'],
  [429, 'Too Many Requests', "The API key is over its rate limit. Try again after the number of seconds in the Retry-After header."],
  [503, 'Service Unavailable', "The gateway is not set up to ask Keyplane about keys (its address or its own key was refused). This is not about your key; try again later."],
];

export function nginxConfig(plan: GatewayPlan): string {
  const scopeSets = new Map(plan.routes.map((route) => [authLocation(route.scopes), route.scopes]));
  const keyplaneTls = plan.keyplane.protocol === 'https:';
  const upstreamTls = plan.upstream.protocol === 'https:';
  const lines = [
    `# nginx in front of ${plan.upstream.origin}: Keyplane (${plan.keyplane.href.replace(/\/$/, '')}) authorizes every request.`,
    '# Printed by:',
    `#   ${plan.command}`,
    '#',
    '# Put this file in /etc/nginx/conf.d/ (it belongs in the http block), then: nginx -t && nginx -s reload',
    '# Before that:',
    "# - Keyplane must believe this nginx: start it with --trusted-proxies listing the address nginx",
    '#   connects to it from (127.0.0.1 when both run on one machine).',
    "# - nginx's own Keyplane key (one holding keys:verify) goes in",
    `#   ${plan.gatewayKeyFile}, readable by root only, as one line:`,
    '#     proxy_set_header X-Keyplane-Gateway-Key "<the key>";',
    '#   (nginx does not read environment variables in its configuration.)',
    '# It defines the upstreams "keyplane" and "keyplane_protected": rename them if another file does too.',
    '',
    'upstream keyplane {',
    `    server ${hostPort(plan.keyplane)};`,
    '    keepalive 16;',
    '}',
    '',
    'upstream keyplane_protected {',
    `    server ${hostPort(plan.upstream)};`,
    '    keepalive 16;',
    '}',
    '',
    'server {',
    `    listen ${plan.listen.address === null ? '' : `${plan.listen.address}:`}${plan.listen.port};`,
    ...(plan.serverName === null ? [] : [`    server_name ${plan.serverName};`]),
    ...(plan.realIpFrom.length === 0
      ? []
      : [
          '',
          '    # The proxies in front of nginx: their X-Forwarded-For names the client, and $remote_addr',
          '    # becomes that client (the last address added by a proxy not listed here).',
          ...plan.realIpFrom.map((cidr) => `    set_real_ip_from ${cidr};`),
          '    real_ip_header X-Forwarded-For;',
          '    real_ip_recursive on;',
        ]),
    '',
    "    # Keyplane's answer, kept for the upstream request and for @keyplane_refused.",
    '    auth_request_set $keyplane_status $upstream_status;',
    ...[...IDENTITY_HEADERS, ...REFUSAL_HEADERS].map((header) => `    auth_request_set $${variable(header)} $${answered(header)};`),
    '',
    '    # auth_request passes a 401 or 403 on and turns any other refusal (429, 503) into a 500:',
    '    # @keyplane_refused answers each with the status Keyplane gave.',
    '    error_page 401 403 500 = @keyplane_refused;',
    '',
    '    # The upstream request. Each identity header replaces whatever the client sent under its',
    '    # name; an empty one (no metadata, no expiry) is not sent at all, and neither is the client\'s.',
    '    proxy_http_version 1.1;',
    '    proxy_set_header Connection "";',
    '    proxy_set_header Host $host;',
    '    proxy_set_header X-Forwarded-For $remote_addr;',
    '    proxy_set_header X-Forwarded-Proto $scheme;',
    ...IDENTITY_HEADERS.map((header) => `    proxy_set_header ${header} $${variable(header)};`),
    '    # The client\'s key stops here: the upstream learns who the client is, not its secret.',
    '    proxy_set_header X-API-Key "";',
    '    proxy_set_header Authorization "";',
    '    proxy_set_header X-Keyplane-Gateway-Key "";',
    ...(upstreamTls ? ['    proxy_ssl_server_name on;', '    proxy_ssl_verify on;', '    proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;'] : []),
    '',
    '    # Routes, and the scopes a key needs there. A route is a path prefix, matched without',
    '    # regard to case (as Caddy does, and as many upstreams route), first match in this order:',
    '    # the longest first.',
    ...plan.routes.flatMap((route) => [
      `    location ${route.path === '/' ? '/' : `~* ^${route.path.replace(/[.+]/g, '\\$&')}`} {`,
      `        auth_request ${authLocation(route.scopes)};`,
      `        proxy_pass ${upstreamTls ? 'https' : 'http'}://keyplane_protected;`,
      '    }',
    ]),
    '',
    '    # The question to Keyplane, one location per set of scopes: always GET, no body, only the',
    "    # client's key, the client's address and nginx's own key.",
    ...[...scopeSets].flatMap(([location, scopes]) => [
      `    location = ${location} {`,
      '        internal;',
      `        proxy_pass ${keyplaneTls ? 'https' : 'http'}://keyplane${authPathAndQuery(plan, scopes)};`,
      '        proxy_method GET;',
      '        proxy_pass_request_body off;',
      '        proxy_pass_request_headers off;',
      '        proxy_set_header Content-Length "";',
      '        proxy_set_header Connection "";',
      `        proxy_set_header Host ${plan.keyplane.host};`,
      '        proxy_set_header X-API-Key $http_x_api_key;',
      '        proxy_set_header Authorization $http_authorization;',
      plan.realIpFrom.length === 0
        ? "        # nginx is the edge: the client's address is the connection's, never a header it sent."
        : '        # The client as set_real_ip_from found it, never a header the client added itself.',
      '        proxy_set_header X-Forwarded-For $remote_addr;',
      `        include ${plan.gatewayKeyFile};`,
      ...(keyplaneTls
        ? [
            '        proxy_ssl_server_name on;',
            `        proxy_ssl_name ${plan.keyplane.hostname};`,
            '        proxy_ssl_verify on;',
            '        proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;',
          ]
        : []),
      '    }',
    ]),
    '',
    '    # A refusal, with the status and headers Keyplane gave (WWW-Authenticate comes with a 401',
    '    # already). Keyplane\'s body does not come through auth_request: this one says the same.',
    '    # Anything else (Keyplane unreachable, or an answer no gateway should get) is a 502.',
    '    location @keyplane_refused {',
    '        types { }',
    '        default_type application/problem+json;',
    ...REFUSAL_HEADERS.map((header) => `        add_header ${header} $${variable(header)} always;`),
    ...REFUSALS.map(([status, title, detail]) => `        if ($keyplane_status = ${status}) { return ${status} '${problem(status, title, detail)}'; }`),
    `        return 502 '${problem(502, 'Bad Gateway', 'The gateway could not get an answer from Keyplane about this request. Try again later.')}';`,
    '    }',
    '}',
    '',
  ];
  return lines.join('\n');
}

/** The internal location that asks about `scopes`. */
function authLocation(scopes: readonly string[]): string {
  return scopes.length === 0 ? '/_keyplane/any-key' : `/_keyplane/scopes/${scopes.join('+')}`;
}

/**
 * An RFC 9457 problem document on one line, as an nginx single-quoted string holds it: nginx
 * unescapes `\\`, `\'` and `\"` there, and would read a `$` as a variable (none is written).
 */
function problem(status: number, title: string, detail: string): string {
  const json = JSON.stringify({ type: 'about:blank', title, status, detail });
  return `${json.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}\\n`;
}
