/**
 * Real gateways for the gateway tests: Debian's nginx and Caddy, each in a temporary folder
 * on a free port, loaded with exactly what `keyplane gateway nginx|caddy` prints, in front of
 * a real upstream (node:http) that records what reaches it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gatewayConfig, planGateway, type GatewayKind } from '../../src/cli/gateway-command.js';
import { freePort, sleep } from '../helpers/process.js';

/** Where Debian's packages put each gateway. */
const BINARIES: Record<GatewayKind, string> = { nginx: '/usr/sbin/nginx', caddy: '/usr/bin/caddy' };

/** The path of a gateway's binary, or null when it is not installed. */
export function gatewayBinary(kind: GatewayKind): string | null {
  try {
    accessSync(BINARIES[kind], constants.X_OK);
    return BINARIES[kind];
  } catch {
    return null;
  }
}

/** What a skipped gateway suite says about itself, so a skip never reads as a pass. */
export function gatewayMissing(kind: GatewayKind): string {
  return `skipped: Debian's ${kind} is not installed (apt-get install ${kind})`;
}

/**
 * True when a gateway's tests must be skipped. In CI (`CI` set) a missing gateway is an
 * error, not a skip: .ci/run installs both, so its absence means the setup broke.
 */
export function skipWithoutGateway(kind: GatewayKind): boolean {
  if (gatewayBinary(kind) !== null) return false;
  if (process.env.CI) throw new Error(`Debian's ${kind} is not installed, and CI must run the gateway tests: .ci/run should have installed it (apt-get install ${kind})`);
  return true;
}

/** One request as the upstream received it. */
export interface UpstreamRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** Names and values as they came, to see a header sent twice. */
  rawHeaders: string[];
  body: string;
}

export interface Upstream {
  url: string;
  requests: UpstreamRequest[];
  close(): Promise<void>;
}

/** An upstream that answers 200 `{"upstream": true}` and records every request. */
export async function startUpstream(): Promise<Upstream> {
  const requests: UpstreamRequest[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      requests.push({ method: request.method!, url: request.url!, headers: request.headers, rawHeaders: request.rawHeaders, body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"upstream":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface GatewayOptions {
  keyplaneUrl: string;
  upstreamUrl: string;
  /** The gateway's own Keyplane key (holding keys:verify). */
  gatewayKey: string;
  /** `keyplane gateway` arguments beyond --keyplane, --upstream, --listen and the key's place. */
  args?: string[];
}

export interface Gateway {
  kind: GatewayKind;
  url: string;
  /** The configuration as `keyplane gateway` printed it. */
  config: string;
  /** What the gateway wrote on stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts nginx or Caddy on a free port of 127.0.0.1 with the configuration `keyplane gateway`
 * prints for `options`. Only what the gateway needs to run outside /etc is added around it:
 * for nginx a main nginx.conf that includes it (as Debian's includes conf.d/), for Caddy the
 * global options that keep it from touching the machine (no admin endpoint, nothing saved).
 */
export async function startGateway(kind: GatewayKind, options: GatewayOptions): Promise<Gateway> {
  const dir = await mkdtemp(path.join(tmpdir(), `keyplane-${kind}-`));
  const port = await freePort();
  const keyFile = path.join(dir, 'keyplane-gateway-key.conf');
  const planned = planGateway(kind, [
    '--keyplane',
    options.keyplaneUrl,
    '--upstream',
    options.upstreamUrl,
    '--listen',
    `127.0.0.1:${port}`,
    ...(kind === 'nginx' ? ['--gateway-key-file', keyFile] : []),
    ...(options.args ?? []),
  ]);
  if (!planned.ok) throw new Error(`keyplane gateway ${kind}: ${planned.messages.join('; ')}`);
  const config = gatewayConfig(planned.plan);
  let child: ChildProcess;
  if (kind === 'nginx') {
    await writeFile(keyFile, `proxy_set_header X-Keyplane-Gateway-Key "${options.gatewayKey}";\n`, { mode: 0o600 });
    await writeFile(path.join(dir, 'keyplane.conf'), config);
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `    ${name}_temp_path ${path.join(dir, name)};`);
    await writeFile(path.join(dir, 'nginx.conf'), ['events {}', 'http {', '    access_log off;', ...temp, `    include ${path.join(dir, 'keyplane.conf')};`, '}', ''].join('\n'));
    // As root, nginx would run its workers as "nobody", who cannot enter the private folder.
    const user = process.getuid?.() === 0 ? ' user root;' : '';
    child = spawn(gatewayBinary('nginx')!, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', `daemon off; error_log stderr; pid ${path.join(dir, 'nginx.pid')};${user}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } else {
    const file = path.join(dir, 'Caddyfile');
    await writeFile(file, `{\n\tadmin off\n\tgrace_period 1s\n}\n\n${config}`);
    child = spawn(gatewayBinary('caddy')!, ['run', '--config', file, '--adapter', 'caddyfile'], {
      env: { ...process.env, KEYPLANE_GATEWAY_KEY: options.gatewayKey, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    throw new Error(`${kind} did not start: ${(error as Error).message}\n${output}\nconfiguration:\n${config}`);
  }
  return { kind, url: `http://127.0.0.1:${port}`, config, output: () => output, stop };
}

async function waitForPort(port: number, hasExited: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('the process exited');
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(25);
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

/** An answer through a gateway, read whole. */
export interface GatewayAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** A request through a gateway (not the harness's contract-checked fetch: this is not Keyplane). */
export async function through(gateway: Gateway, pathAndQuery: string, init: RequestInit = {}): Promise<GatewayAnswer> {
  const response = await fetch(`${gateway.url}${pathAndQuery}`, { ...init, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The status of a GET sent with `rawPath` exactly as written (fetch would normalize `..`). */
export function rawStatus(gateway: Gateway, rawPath: string, headers: Record<string, string>): Promise<number> {
  const { hostname, port } = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path: rawPath, headers, timeout: 10_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end();
  });
}
