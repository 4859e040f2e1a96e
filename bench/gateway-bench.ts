/**
 * `npm run bench -- --only gateway`: what asking Keyplane costs a request through a gateway.
 * In one run, under autocannon at 50 connections:
 * - the forward-auth endpoint beside verification for the same keys (the same judgement
 *   behind both, so GET /v1/gateway/auth should be as fast as POST /v1/keys/verify);
 * - Debian's nginx in front of a trivial upstream, proxying straight to it, and the same
 *   nginx with the configuration `keyplane gateway nginx` prints (an auth_request to
 *   Keyplane before every request).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gatewayConfig, planGateway } from '../src/cli/gateway-command.js';
import { cycle, measure, type LoadResult } from './load.js';
import { startBaseline, startService } from './processes.js';
import { seedDatabase } from './seed.js';

const NGINX = '/usr/sbin/nginx';

export interface GatewayBenchOptions {
  seconds: number;
  keys: number;
}

/** The gateway part of the report, as Markdown lines. */
export async function benchGateway(options: GatewayBenchOptions): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'keyplane-gateway-bench-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    log(`seeding ${options.keys} keys`);
    const db = await seedDatabase(path.join(dir, 'gateway.db'), options.keys);
    const service = await startService(db.path, db.serverSecret, 5000, ['--trusted-proxies=127.0.0.1']);
    stops.push(service.stop);
    const verifyKeys = cycle(db.sampleSecrets);
    const authKeys = cycle(db.sampleSecrets);
    const verify = (seconds: number) =>
      measure({
        name: 'POST /v1/keys/verify (key, scope read, client address)',
        url: `${service.url}/v1/keys/verify`,
        method: 'POST',
        headers: { 'x-api-key': db.gatewaySecret },
        body: () => JSON.stringify({ key: verifyKeys(), required_scopes: ['read'], ip: '203.0.113.7' }),
        serverPid: service.child.pid,
        seconds,
      });
    const forwardAuth = (seconds: number) =>
      measure({
        name: 'GET /v1/gateway/auth?scope=read (the same keys, as a gateway asks)',
        url: `${service.url}/v1/gateway/auth?scope=read`,
        headers: { 'x-keyplane-gateway-key': db.gatewaySecret, 'x-forwarded-for': '203.0.113.7' },
        headersPerRequest: () => ({ 'x-api-key': authKeys() }),
        serverPid: service.child.pid,
        seconds,
      });
    // Warm-up: every sampled key into the cache, the JIT through both paths.
    await verify(2);
    await forwardAuth(2);
    const verified = await verify(options.seconds);
    const authorized = await forwardAuth(options.seconds);

    if (!isExecutable(NGINX)) {
      return [
        `Gateways (${options.keys.toLocaleString('en')} keys, 50 connections):`,
        '',
        ...endpointRows(verified, authorized),
        '',
        "nginx rows not measured: Debian's nginx is not installed (apt-get install nginx).",
        '',
      ];
    }
    const upstream = await startBaseline();
    stops.push(upstream.stop);
    const keyFile = path.join(dir, 'gateway-key.conf');
    await writeFile(keyFile, `proxy_set_header X-Keyplane-Gateway-Key "${db.gatewaySecret}";\n`, { mode: 0o600 });
    const directPort = await freePort();
    const gatedPort = await freePort();
    const planned = planGateway('nginx', [
      '--keyplane',
      service.url,
      '--upstream',
      new URL(upstream.url).origin,
      '--listen',
      `127.0.0.1:${gatedPort}`,
      '--route',
      '/baseline=read',
      '--gateway-key-file',
      keyFile,
    ]);
    if (!planned.ok) throw new Error(planned.messages.join('; '));
    const direct = [
      'upstream direct_upstream {',
      `    server ${new URL(upstream.url).host};`,
      '    keepalive 16;',
      '}',
      'server {',
      `    listen 127.0.0.1:${directPort};`,
      '    location / {',
      '        proxy_http_version 1.1;',
      '        proxy_set_header Connection "";',
      '        proxy_pass http://direct_upstream;',
      '    }',
      '}',
      '',
    ].join('\n');
    stops.push(await startNginx(dir, [direct, gatewayConfig(planned.plan)]));
    const nginxKeys = cycle(db.sampleSecrets);
    const throughNginx = (name: string, port: number) =>
      measure({ name, url: `http://127.0.0.1:${port}/baseline`, headersPerRequest: () => ({ 'x-api-key': nginxKeys() }), seconds: options.seconds });
    await throughNginx('warm-up', gatedPort);
    const straight = await throughNginx('nginx → upstream (proxy_pass, keepalive)', directPort);
    const gated = await throughNginx('nginx → Keyplane (auth_request) → upstream, `keyplane gateway nginx` as printed', gatedPort);
    // Measured again after the gated run, so that a drift of the machine shows.
    const straightAgain = await throughNginx('nginx → upstream, again', directPort);

    const ratio = (a: LoadResult, b: LoadResult) => a.requestsPerSecond / b.requestsPerSecond;
    const directRate = (straight.requestsPerSecond + straightAgain.requestsPerSecond) / 2;
    const nginxRow = (r: LoadResult, withRatio: boolean) =>
      `| ${r.name} | ${rate(r)} | ${r.p50} | ${r.p99} | ${withRatio ? `${(r.requestsPerSecond / directRate).toFixed(2)}×` : '—'} | — | ${r.non2xx + r.errors} |`;
    const targets: Array<[string, boolean, string]> = [
      ['GET /v1/gateway/auth ≥ 0.9× POST /v1/keys/verify (same judgement)', ratio(authorized, verified) >= 0.9, `${ratio(authorized, verified).toFixed(2)}×`],
      [
        'every request through nginx answered 200',
        [straight, gated, straightAgain].every((r) => r.non2xx + r.errors === 0),
        `${[straight, gated, straightAgain].map((r) => r.non2xx + r.errors).join(', ')} non-2xx/errors`,
      ],
      [
        'the Keyplane hop through nginx (informative)',
        true,
        `${(gated.requestsPerSecond / directRate).toFixed(2)}× the direct throughput; p50 ${gated.p50} ms vs ${straight.p50}/${straightAgain.p50} ms direct, p99 ${gated.p99} vs ${straight.p99}/${straightAgain.p99} ms`,
      ],
    ];
    return [
      `Gateways (nginx ${nginxVersion()}, ${options.keys.toLocaleString('en')} keys, 50 connections; the ratio of the nginx rows is against the mean of the two direct runs):`,
      '',
      ...endpointRows(verified, authorized),
      nginxRow(straight, false),
      nginxRow(gated, true),
      nginxRow(straightAgain, false),
      '',
      '| target | met | measured |',
      '|---|---|---|',
      ...targets.map(([name, met, measured]) => `| ${name} | ${met ? 'yes' : '**no**'} | ${measured} |`),
      '',
    ];
  } finally {
    for (const stop of stops.reverse()) await stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function endpointRows(verified: LoadResult, authorized: LoadResult): string[] {
  const cpu = (r: LoadResult) => (r.serverCpuMicros === null ? '—' : Math.round(r.serverCpuMicros).toLocaleString('en'));
  const row = (r: LoadResult, vs: string) => `| ${r.name} | ${rate(r)} | ${r.p50} | ${r.p99} | ${vs} | ${cpu(r)} | ${r.non2xx + r.errors} |`;
  return [
    '| measurement | req/s | p50 ms | p99 ms | vs | server CPU µs/request | non-2xx/errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row(verified, '—'),
    row(authorized, `${(authorized.requestsPerSecond / verified.requestsPerSecond).toFixed(2)}× verify`),
  ];
}

/**
 * nginx in the foreground with `servers` in its http block, in `dir`; resolves once it
 * listens, with its stop. As root its workers run as root too (the folder is private).
 */
async function startNginx(dir: string, servers: string[]): Promise<() => Promise<void>> {
  const files = servers.map((_, i) => path.join(dir, `server-${i}.conf`));
  await Promise.all(servers.map((text, i) => writeFile(files[i]!, text)));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `    ${name}_temp_path ${path.join(dir, name)};`);
  const main = path.join(dir, 'nginx.conf');
  await writeFile(main, ['worker_processes 1;', 'events {}', 'http {', '    access_log off;', ...temp, ...files.map((file) => `    include ${file};`), '}', ''].join('\n'));
  const user = process.getuid?.() === 0 ? ' user root;' : '';
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', main, '-g', `daemon off; error_log stderr crit; pid ${path.join(dir, 'nginx.pid')};${user}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (child.exitCode !== null) throw new Error(`nginx did not start:\n${errors}`);
  return async () => {
    if (child.exitCode === null) child.kill('SIGQUIT');
    await exited;
  };
}

function nginxVersion(): string {
  // `nginx -v` writes "nginx version: nginx/1.22.1" on stderr.
  return spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.replace(/^.*nginx\//s, '').trim();
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const rate = (r: LoadResult) => Math.round(r.requestsPerSecond).toLocaleString('en');

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
