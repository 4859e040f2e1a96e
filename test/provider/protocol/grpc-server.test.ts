/**
 * The gRPC server of a plugin process (grpc-server.ts), spoken to by @grpc/grpc-js, a real gRPC
 * client, and by a bare HTTP/2 client for what grpc-js would not send.
 */
import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, makeGenericClientConstructor, Metadata, type ServiceError } from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../../../src/provider/protocol/certificate.js';
import { GrpcError, GrpcStatus, listenGrpc, type GrpcMethodHandler, type GrpcServer, type ResponseStream } from '../../../src/provider/protocol/grpc-server.js';

const serverCert = createSelfSignedCertificate();
const clientCert = createSelfSignedCertificate({ purpose: 'client' });
const MAX = 64 * 1024;

let dir: string;
let socketPath: string;
let server: GrpcServer | undefined;
let openStreams: ResponseStream[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyplane-grpc-test-'));
  socketPath = join(dir, 'plugin.sock');
  openStreams = [];
});
afterEach(async () => {
  await server?.close(100);
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const unary = (call: (request: Uint8Array) => Promise<Uint8Array>): GrpcMethodHandler => ({ responseStream: false, call });

async function start(methods: Record<string, GrpcMethodHandler>): Promise<void> {
  server = await listenGrpc(socketPath, {
    certPem: serverCert.certPem,
    keyPem: serverCert.keyPem,
    clientCaPem: clientCert.certPem,
    methods: new Map(Object.entries(methods)),
    maxMessageBytes: MAX,
  });
}

const bytes = (b: Buffer | Uint8Array) => Buffer.from(b);
const definition = {
  Echo: { path: '/test.Test/Echo', requestStream: false, responseStream: false, requestSerialize: bytes, requestDeserialize: bytes, responseSerialize: bytes, responseDeserialize: bytes },
  Watch: { path: '/test.Test/Watch', requestStream: false, responseStream: true, requestSerialize: bytes, requestDeserialize: bytes, responseSerialize: bytes, responseDeserialize: bytes },
  Missing: { path: '/test.Test/Missing', requestStream: false, responseStream: false, requestSerialize: bytes, requestDeserialize: bytes, responseSerialize: bytes, responseDeserialize: bytes },
};

function grpcClient() {
  const Ctor = makeGenericClientConstructor(definition, 'Test');
  return new Ctor(
    `unix://${socketPath}`,
    credentials.createSsl(Buffer.from(serverCert.certPem), Buffer.from(clientCert.keyPem), Buffer.from(clientCert.certPem)),
    { 'grpc.ssl_target_name_override': 'localhost' },
  );
}

function call(method: 'Echo' | 'Missing', request: Buffer): Promise<Buffer> {
  const client = grpcClient();
  return new Promise<Buffer>((resolve, reject) =>
    client[method]!(request, new Metadata(), { deadline: Date.now() + 5000 }, (err: ServiceError | null, res: Buffer) => {
      client.close();
      if (err) reject(err);
      else resolve(res);
    }),
  );
}

/** A bare HTTP/2 exchange: headers and body in, response headers, body and trailers out. */
async function rawExchange(headers: Record<string, string>, body: Buffer) {
  const session: ClientHttp2Session = connect('https://localhost', {
    createConnection: () =>
      tlsConnect({ path: socketPath, servername: 'localhost', ca: serverCert.certPem, cert: clientCert.certPem, key: clientCert.keyPem, ALPNProtocols: ['h2'] }),
  });
  try {
    const stream = session.request({ ':method': 'POST', ':path': '/test.Test/Echo', te: 'trailers', ...headers });
    const answer = { headers: {} as IncomingHttpHeaders, trailers: {} as IncomingHttpHeaders, body: Buffer.alloc(0) };
    stream.on('response', (h) => (answer.headers = h));
    stream.on('trailers', (t) => (answer.trailers = t));
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.end(body);
    await new Promise<void>((resolve, reject) => {
      stream.on('close', resolve);
      stream.on('error', reject);
    });
    answer.body = Buffer.concat(chunks);
    return answer;
  } finally {
    session.close();
  }
}

/** A gRPC message on the wire: flag byte (0: not compressed), 4-byte length, the bytes. */
function frame(message: Buffer): Buffer {
  const out = Buffer.alloc(5 + message.length);
  out.writeUInt32BE(message.length, 1);
  message.copy(out, 5);
  return out;
}

describe('listenGrpc', () => {
  it('answers unary calls with what the handler returns', async () => {
    await start({ '/test.Test/Echo': unary(async (request) => Buffer.concat([Buffer.from('echo:'), request])) });
    expect((await call('Echo', Buffer.from('hello'))).toString()).toBe('echo:hello');
    expect((await call('Echo', Buffer.alloc(0))).toString()).toBe('echo:');
  });

  it('serves calls in parallel', async () => {
    await start({ '/test.Test/Echo': unary(async (request) => new Promise((resolve) => setTimeout(() => resolve(request), 50))) });
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call('Echo', Buffer.from(String(i)))));
    expect(answers.map(String)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('answers with the status of a GrpcError, its message intact, and INTERNAL for any other error', async () => {
    await start({
      '/test.Test/Echo': unary(async (request) => {
        if (request.toString() === 'grpc') throw new GrpcError(GrpcStatus.UNIMPLEMENTED, 'not here: 100% ünïcode\nnext line');
        throw new Error('a bug');
      }),
    });
    await expect(call('Echo', Buffer.from('grpc'))).rejects.toMatchObject({ code: 12, details: 'not here: 100% ünïcode\nnext line' });
    await expect(call('Echo', Buffer.from('other'))).rejects.toMatchObject({ code: 13, details: 'a bug' });
  });

  it('answers UNIMPLEMENTED for a method it does not serve', async () => {
    await start({});
    await expect(call('Missing', Buffer.from('x'))).rejects.toMatchObject({ code: 12, details: expect.stringContaining('/test.Test/Missing') });
  });

  it('refuses a message larger than the limit with RESOURCE_EXHAUSTED', async () => {
    let called = false;
    await start({ '/test.Test/Echo': unary(async (r) => ((called = true), r)) });
    await expect(call('Echo', Buffer.alloc(MAX + 1))).rejects.toMatchObject({ code: 8 });
    expect(called).toBe(false);
    expect((await call('Echo', Buffer.alloc(MAX))).length).toBe(MAX);
  });

  it('keeps a server stream open until it is ended, then ends it with OK', async () => {
    await start({ '/test.Test/Watch': { responseStream: true, open: (_request, stream) => openStreams.push(stream) } });
    const client = grpcClient();
    const stream = client.Watch!(Buffer.alloc(0));
    const status = new Promise<{ code: number }>((resolve) => stream.on('status', resolve));
    stream.on('data', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(openStreams).toHaveLength(1);
    openStreams[0]!.end();
    expect((await status).code).toBe(0);
    client.close();
  });

  it('ends the call with DEADLINE_EXCEEDED when the grpc-timeout passes first', async () => {
    await start({ '/test.Test/Echo': unary(() => new Promise(() => undefined)) });
    const answer = await rawExchange({ 'content-type': 'application/grpc', 'grpc-timeout': '100m' }, frame(Buffer.from('x')));
    expect(answer.headers['grpc-status'] ?? answer.trailers['grpc-status']).toBe('4');
  });

  it('answers a request that is not gRPC with HTTP 415', async () => {
    await start({ '/test.Test/Echo': unary(async (r) => r) });
    const answer = await rawExchange({ 'content-type': 'application/json' }, Buffer.from('{}'));
    expect(answer.headers[':status']).toBe(415);
  });

  it('refuses compressed messages, which Terraform never sends', async () => {
    await start({ '/test.Test/Echo': unary(async (r) => r) });
    const compressed = frame(Buffer.from('x'));
    compressed[0] = 1;
    const answer = await rawExchange({ 'content-type': 'application/grpc', 'grpc-encoding': 'gzip' }, compressed);
    expect(answer.headers['grpc-status']).toBe('12');
  });

  it('lets a call in flight finish when closed', async () => {
    await start({ '/test.Test/Echo': unary(async (request) => new Promise((resolve) => setTimeout(() => resolve(request), 100))) });
    const pending = call('Echo', Buffer.from('late'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const closed = server!.close(2000);
    server = undefined;
    expect((await pending).toString()).toBe('late');
    await closed;
  });
});
