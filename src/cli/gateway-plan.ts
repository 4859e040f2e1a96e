/**
 * What `keyplane gateway` writes a configuration from (gateway-command.ts checks the
 * arguments into it), and what the nginx and Caddy writers share.
 */

export type GatewayKind = 'nginx' | 'caddy';

/** One protected path prefix and the scopes a key needs there (all of them). */
export interface GatewayRoute {
  path: string;
  scopes: string[];
}

/** What a gateway configuration is made from, checked. */
export interface GatewayPlan {
  kind: GatewayKind;
  keyplane: URL;
  upstream: URL;
  listen: { address: string | null; port: number };
  serverName: string | null;
  /** Longest path first; always ends with `/` (given, or any valid key). */
  routes: GatewayRoute[];
  realIpFrom: string[];
  gatewayKeyFile: string;
  gatewayKeyEnv: string;
  /** The command that prints this configuration again. */
  command: string;
}

/** The auth URL's path and query for a set of scopes, under Keyplane's base path. */
export function authPathAndQuery(plan: GatewayPlan, scopes: readonly string[]): string {
  const base = plan.keyplane.pathname.replace(/\/+$/, '');
  const query = scopes.map((scope) => `scope=${scope}`).join('&');
  return `${base}/v1/gateway/auth${query ? `?${query}` : ''}`;
}

/** `host:port` of a URL, with the scheme's default port written out. */
export function hostPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}
