/**
 * The Caddyfile site `keyplane gateway caddy` prints: `forward_auth` to Keyplane for every
 * request and the identity headers copied onto the upstream request. Caddy hands any answer
 * but a 2xx to the client as Keyplane gave it (status, headers, body), so 401, 403, 429 and
 * 503 need nothing more. test/gateways/caddy.test.ts runs exactly this text.
 */
import { IDENTITY_HEADERS } from '../server/keys/identity-headers.js';
import { authPathAndQuery, hostPort, type GatewayPlan } from './gateway-plan.js';

export function caddyConfig(plan: GatewayPlan): string {
  const keyplane = `${plan.keyplane.protocol === 'https:' ? 'https://' : ''}${hostPort(plan.keyplane)}`;
  const upstream = `${plan.upstream.protocol === 'https:' ? 'https://' : ''}${hostPort(plan.upstream)}`;
  const site = `http://${plan.serverName ?? ''}:${plan.listen.port}`;
  const env = `{env.${plan.gatewayKeyEnv}}`;
  const lines = [
    `# Caddy in front of ${plan.upstream.origin}: Keyplane (${plan.keyplane.href.replace(/\/$/, '')}) authorizes every request.`,
    '# Printed by:',
    `#   ${plan.command}`,
    '#',
    '# Add this site to your Caddyfile (/etc/caddy/Caddyfile on Debian). Before Caddy loads it:',
    '# - Keyplane must believe this Caddy: start it with --trusted-proxies listing the address Caddy',
    `#   connects to it from (127.0.0.1 when both run on one machine)${plan.realIpFrom.length > 0 ? ', and the proxies below' : ''}.`,
    "# - Caddy's own Keyplane key (one holding keys:verify) comes from the environment variable",
    `#   ${plan.gatewayKeyEnv}. With Debian's service: systemctl edit caddy, add`,
    '#     [Service]',
    `#     Environment=${plan.gatewayKeyEnv}=<the key>`,
    '#   then systemctl restart caddy (a reload does not read the environment again).',
    '# For HTTPS, write the domain name alone as the site address: Caddy gets the certificate.',
    '',
    `${site} {`,
    ...(plan.listen.address === null ? [] : [`\tbind ${plan.listen.address.replace(/^\[(.*)\]$/, '$1')}`]),
    ...plan.routes.flatMap((route, i) => [
      ...(i > 0 || plan.listen.address !== null ? [''] : []),
      `\t# ${route.path === '/' ? 'Any other path' : route.path}: ${route.scopes.length === 0 ? 'any valid key' : `a key with ${route.scopes.join(' and ')}`}`,
      `\thandle${route.path === '/' ? '' : ` ${route.path}*`} {`,
      '\t\troute {',
      '\t\t\t# Nothing the client sent as X-Keyplane-* reaches Keyplane or the upstream.',
      '\t\t\trequest_header -X-Keyplane-*',
      `\t\t\tforward_auth ${keyplane} {`,
      ...(route.scopes.length === 0
        ? ["\t\t\t\t# The empty query is needed: without a query of its own, Caddy sends Keyplane the client's.", `\t\t\t\turi ${authPathAndQuery(plan, [])}?`]
        : [`\t\t\t\turi ${authPathAndQuery(plan, route.scopes)}`]),
      '\t\t\t\theader_up Host {upstream_hostport}',
      `\t\t\t\theader_up X-Keyplane-Gateway-Key ${env}`,
      ...(plan.realIpFrom.length === 0
        ? []
        : [
            '\t\t\t\t# The proxies in front of Caddy, whose X-Forwarded-For Caddy passes on (it replaces',
            "\t\t\t\t# anyone else's with the connection's address).",
            `\t\t\t\ttrusted_proxies ${plan.realIpFrom.join(' ')}`,
          ]),
      `\t\t\t\tcopy_headers ${IDENTITY_HEADERS.join(' ')}`,
      '\t\t\t}',
      "\t\t\t# The client's key stops here: the upstream learns who the client is, not its secret.",
      '\t\t\trequest_header -X-API-Key',
      '\t\t\trequest_header -Authorization',
      ...(plan.realIpFrom.length === 0
        ? [`\t\t\treverse_proxy ${upstream}`]
        : [`\t\t\treverse_proxy ${upstream} {`, `\t\t\t\ttrusted_proxies ${plan.realIpFrom.join(' ')}`, '\t\t\t}']),
      '\t\t}',
      '\t}',
    ]),
    '}',
    '',
  ];
  return lines.join('\n');
}
