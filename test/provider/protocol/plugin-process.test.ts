/**
 * The provider as a process, the way go-plugin sees it: environment in, handshake line out,
 * gRPC over mutual TLS on a unix socket, Shutdown, signals and an orphaned process.
 * The process is the bundled smoke provider (test/provider/fixtures/smoke-provider.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../../../src/provider/protocol/certificate.js';
import * as pb from '../../../src/provider/protocol/generated/messages.js';
import { grpcServiceDefinition } from '../../../src/provider/protocol/grpc-service.js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../../src/provider/protocol/handshake.js';
import { makeMirror } from '../../helpers/terraform.js';

const entry = fileURLToPath(new URL('../fixtures/smoke-provider.ts', import.meta.url));
const clientCert = createSelfSignedCertificate({ purpose: 'client' }); // plays Terraform's part
let root: string;
let executable: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'keyplane-process-test-'));
  ({ executable } = await makeMirror({ root, entry, type: 'smoke' }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const pluginEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
  PLUGIN_PROTOCOL_VERSIONS: '5,6',
  PLUGIN_CLIENT_CERT: clientCert.certPem,
  PLUGIN_UNIX_SOCKET_DIR: root,
});

interface Started {
  child: ChildProcess;
  line: string;
  /** Milliseconds from spawn to the handshake line. */
  ms: number;
  exited: Promise<number | null>;
}

function startPlugin(command = executable, args: string[] = []): Promise<Started> {
  const started = performance.now();
  const child = spawn(command, args, { env: pluginEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const newline = stdout.indexOf('\n');
      if (newline >= 0) resolve({ child, line: stdout.slice(0, newline), ms: performance.now() - started, exited });
    });
    void exited.then((code) => reject(new Error(`plugin exited (${code}) before the handshake: ${stderr}`)));
  });
}

/** A gRPC client for a generated service, authenticated like Terraform (or not at all). */
type ServiceClient = InstanceType<ReturnType<typeof makeGenericClientConstructor>>;

function connect(line: string, methods: Parameters<typeof grpcServiceDefinition>[0], withClientCert = true): ServiceClient {
  const [, , , address, , certB64] = line.split('|');
  const serverPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(certB64!, 'base64').toString('base64')}\n-----END CERTIFICATE-----\n`;
  const creds = withClientCert
    ? credentials.createSsl(Buffer.from(serverPem), Buffer.from(clientCert.keyPem), Buffer.from(clientCert.certPem))
    : credentials.createSsl(Buffer.from(serverPem));
  const Ctor = makeGenericClientConstructor(grpcServiceDefinition(methods), 'test');
  return new Ctor(`unix://${address}`, creds, { 'grpc.ssl_target_name_override': 'localhost' });
}

function unary<Res>(client: ServiceClient, method: string, request: object = {}): Promise<Res> {
  return new Promise((resolve, reject) =>
    client[method]!(request, { deadline: Date.now() + 5000 }, (err: ServiceError | null, res: Res) => (err ? reject(err) : resolve(res))),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('plugin process', () => {
  it('explains itself and exits 1 when run by hand', () => {
    const result = spawnSync(executable, [], { env: { ...process.env, [MAGIC_COOKIE_KEY]: '' }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Terraform provider plugin.*not run directly/s);
  });

  it('prints the handshake line quickly (measured, not asserted)', async () => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = await startPlugin();
      runs.push(p.ms);
      expect(p.line).toMatch(/^1\|6\|unix\|\/.+\/plugin\.sock\|grpc\|[A-Za-z0-9+/]+$/);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    }
    const baseline: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      baseline.push(performance.now() - t);
    }
    console.log(
      `[startup] spawn → handshake line: median ${median(runs).toFixed(0)} ms ` +
        `(runs ${runs.map((r) => r.toFixed(0)).join(', ')}); bare \`node -e 0\` median ${median(baseline).toFixed(0)} ms`,
    );
  });

  it('serves tfplugin6.Provider over mutual TLS and exits on Shutdown, removing its socket', async () => {
    const p = await startPlugin();
    const socket = p.line.split('|')[3]!;
    expect(existsSync(socket)).toBe(true);
    const provider = connect(p.line, pb.ProviderService);
    const schema = await unary<pb.GetProviderSchema_Response>(provider, 'GetProviderSchema');
    expect(Object.keys(schema.resourceSchemas)).toEqual(['smoke_echo']);
    expect(schema.serverCapabilities).toMatchObject({ planDestroy: true, getProviderSchemaOptional: true });
    await expect(unary(provider, 'GetMetadata')).rejects.toMatchObject({ code: 12 }); // UNIMPLEMENTED

    const stdio = connect(p.line, pb.plugin_GRPCStdioService);
    const stream = stdio.StreamStdio!({});
    // go-plugin keeps this stream open; it must end (with any status) when the process stops.
    const streamEnded = new Promise<void>((resolve) => {
      stream.on('error', () => resolve());
      stream.on('status', () => resolve());
    });
    stream.resume();

    const controller = connect(p.line, pb.plugin_GRPCControllerService);
    const stoppedAt = performance.now();
    await unary(controller, 'Shutdown');
    expect(await p.exited).toBe(0);
    console.log(`[shutdown] Shutdown RPC → process exit: ${(performance.now() - stoppedAt).toFixed(0)} ms`);
    await streamEnded;
    expect(existsSync(dirname(socket))).toBe(false);
    for (const c of [provider, stdio, controller]) c.close();
  });

  it('refuses a client without a certificate', async () => {
    const p = await startPlugin();
    const anonymous = connect(p.line, pb.ProviderService, false);
    await expect(unary(anonymous, 'GetProviderSchema')).rejects.toMatchObject({ code: 14 }); // UNAVAILABLE
    anonymous.close();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(existsSync(dirname(p.line.split('|')[3]!))).toBe(false);
  });

  it('ignores SIGINT (Terraform sends StopProvider instead)', async () => {
    const p = await startPlugin();
    p.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    expect(p.child.exitCode).toBe(null);
    const provider = connect(p.line, pb.ProviderService);
    expect(await unary<pb.StopProvider_Response>(provider, 'StopProvider')).toEqual({ error: '' });
    provider.close();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('exits by itself when its parent dies', async () => {
    // sh starts the plugin in the background, reports its pid and waits; it is killed once the
    // plugin has shaken hands (the plugin notes its parent before it does), so a slow start
    // cannot outlive the parent and leave nothing to notice.
    const p = await startPlugin('/bin/sh', ['-c', `"$0" & echo "$!"; wait`, executable]);
    const pid = Number(p.line);
    const handshake = await new Promise<string>((resolve) => {
      let out = '';
      p.child.stdout!.on('data', (c: string) => {
        out += c;
        if (out.includes('\n')) resolve(out);
      });
    });
    expect(handshake).toMatch(/^1\|6\|unix\|/);
    p.child.kill('SIGKILL');
    await p.exited; // the parent is gone
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && isAlive(pid)) await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(dirname(handshake.split('|')[3]!))).toBe(false);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
