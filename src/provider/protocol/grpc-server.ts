/**
 * A small gRPC server on node:http2, with exactly what a Terraform plugin process serves:
 * unary methods and one server-streaming method that never sends (go-plugin's stdio stream),
 * over mutual TLS, without compression.
 *
 * Why not @grpc/grpc-js: Terraform starts 3-5 provider processes per command, and loading
 * grpc-js cost 30-40 ms of each start (a third of a provider's start-up beyond bare Node);
 * each call also went through its interceptors, metadata objects and stream wrappers. The wire
 * protocol needed here is small (gRPC over HTTP/2: a 5-byte length prefix per message, the
 * status in trailers) and Node's http2 module speaks the HTTP/2 part.
 */
import { constants, createSecureServer, type Http2SecureServer, type Http2Session, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';

/** The gRPC status codes this server answers with. */
export const GrpcStatus = {
  OK: 0,
  DEADLINE_EXCEEDED: 4,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
} as const;

/** A gRPC status code. */
export type GrpcStatusCode = (typeof GrpcStatus)[keyof typeof GrpcStatus];

/** An error a method handler throws to answer with a given status instead of INTERNAL. */
export class GrpcError extends Error {
  override name = 'GrpcError';
  constructor(
    readonly code: GrpcStatusCode,
    message: string,
  ) {
    super(message);
  }
}

/** The open response of a server-streaming call. */
export interface ResponseStream {
  /** Ends the call with status OK (nothing happens once the call is over). */
  end(): void;
  /** Called once when the call is over, whoever ended it. */
  onClose(listener: () => void): void;
}

/** How one method is served, keyed by its path (`/tfplugin6.Provider/ReadResource`). */
export type GrpcMethodHandler =
  | {
      responseStream: false;
      /** The encoded request message in, the encoded response message out; throws {@link GrpcError}. */
      call(request: Uint8Array): Promise<Uint8Array>;
    }
  | {
      responseStream: true;
      /** Takes the call; it lasts until `stream.end()` or the client goes away. */
      open(request: Uint8Array, stream: ResponseStream): void;
    };

/** What {@link listenGrpc} needs. */
export interface GrpcServerOptions {
  /** The server's certificate and private key, PEM. */
  certPem: string;
  keyPem: string;
  /** The only CA client certificates may come from, PEM; a client without one is refused. */
  clientCaPem: string;
  methods: ReadonlyMap<string, GrpcMethodHandler>;
  /** Largest request message accepted, in bytes. */
  maxMessageBytes: number;
}

/** A listening server. */
export interface GrpcServer {
  /**
   * Stops accepting connections and lets calls in progress finish; after `graceMs` the rest
   * are cut. Resolves when every connection is closed.
   */
  close(graceMs: number): Promise<void>;
}

const PREFIX_BYTES = 5;
const CONTENT_TYPE = 'application/grpc+proto';

/** Starts serving on a unix socket; resolves once it listens. */
export async function listenGrpc(socketPath: string, options: GrpcServerOptions): Promise<GrpcServer> {
  const server = createSecureServer({
    key: options.keyPem,
    cert: options.certPem,
    ca: options.clientCaPem,
    requestCert: true,
    rejectUnauthorized: true,
    // As grpc-js does: Node's own session memory limit degrades badly when reached, and one
    // message (a schema, a large state) may be big.
    maxSessionMemory: Number.MAX_SAFE_INTEGER,
    maxSendHeaderBlockLength: Number.MAX_SAFE_INTEGER,
  });
  const sessions = new Set<Http2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined); // a client that goes away mid-call is no reason to crash
  });
  // A TLS error (a client without a certificate) ends that connection only.
  server.on('secureConnection', (socket) => socket.on('error', () => undefined));
  server.on('stream', (stream, headers) => serveCall(stream, headers, options));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { close: (graceMs) => closeServer(server, sessions, graceMs) };
}

function closeServer(server: Http2SecureServer, sessions: Set<Http2Session>, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      for (const session of sessions) session.destroy();
    }, graceMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    // server.close waits for open sessions; a graceful close (GOAWAY) lets calls in flight end.
    for (const session of sessions) session.close();
  });
}

function serveCall(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, options: GrpcServerOptions): void {
  stream.on('error', () => undefined); // reset by the client: nothing left to answer
  const contentType = headers['content-type'];
  if (typeof contentType !== 'string' || !contentType.startsWith('application/grpc')) {
    stream.respond({ ':status': 415 }, { endStream: true });
    return;
  }
  const path = headers[':path'] ?? '';
  const handler = options.methods.get(path);
  if (!handler) {
    stream.resume(); // the request body is of no interest
    endWithStatus(stream, GrpcStatus.UNIMPLEMENTED, `The server does not implement the method ${path}`);
    return;
  }
  const deadline = deadlineTimer(stream, headers['grpc-timeout']);

  const chunks: Buffer[] = [];
  let received = 0;
  let tooLarge = false;
  stream.on('data', (chunk: Buffer) => {
    if (tooLarge) return;
    received += chunk.length;
    if (received > options.maxMessageBytes + PREFIX_BYTES) {
      tooLarge = true;
      chunks.length = 0;
      endWithStatus(stream, GrpcStatus.RESOURCE_EXHAUSTED, `Received message larger than max (${received} vs. ${options.maxMessageBytes})`);
      return;
    }
    chunks.push(chunk);
  });
  stream.on('end', () => {
    if (tooLarge) return;
    const request = unframe(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received), headers['grpc-encoding']);
    if (request instanceof GrpcError) {
      endWithStatus(stream, request.code, request.message);
      return;
    }
    if (handler.responseStream) {
      clearTimeout(deadline);
      openStream(stream, handler, request);
      return;
    }
    handler.call(request).then(
      (response) => {
        clearTimeout(deadline);
        sendMessage(stream, response);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        if (error instanceof GrpcError) endWithStatus(stream, error.code, error.message);
        else endWithStatus(stream, GrpcStatus.INTERNAL, error instanceof Error ? error.message : String(error));
      },
    );
  });
}

/** The one message of a unary request body, or the error to answer with. */
function unframe(body: Buffer, encoding: string | string[] | undefined): Uint8Array | GrpcError {
  if (body.length < PREFIX_BYTES) return new GrpcError(GrpcStatus.INTERNAL, 'The request carries no message');
  const compressed = body[0] !== 0;
  const length = body.readUInt32BE(1);
  if (body.length !== PREFIX_BYTES + length) {
    return new GrpcError(GrpcStatus.INTERNAL, 'The request does not hold exactly one message');
  }
  if (compressed) {
    // Terraform never compresses; supporting it would mean loading zlib at every start.
    return new GrpcError(GrpcStatus.UNIMPLEMENTED, `Compressed messages (grpc-encoding ${String(encoding ?? 'identity')}) are not supported`);
  }
  return body.subarray(PREFIX_BYTES);
}

function openStream(stream: ServerHttp2Stream, handler: Extract<GrpcMethodHandler, { responseStream: true }>, request: Uint8Array): void {
  stream.respond({ ':status': 200, 'content-type': CONTENT_TYPE, 'grpc-accept-encoding': 'identity' }, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(GrpcStatus.OK), 'grpc-message': 'OK' }));
  handler.open(request, {
    end: () => {
      if (!stream.closed && !stream.destroyed) stream.end();
    },
    onClose: (listener) => stream.once('close', listener),
  });
}

function sendMessage(stream: ServerHttp2Stream, message: Uint8Array): void {
  if (stream.closed || stream.destroyed || stream.headersSent) return;
  const frame = Buffer.allocUnsafe(PREFIX_BYTES + message.length);
  frame[0] = 0;
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, PREFIX_BYTES);
  stream.respond({ ':status': 200, 'content-type': CONTENT_TYPE, 'grpc-accept-encoding': 'identity' }, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(GrpcStatus.OK), 'grpc-message': 'OK' }));
  stream.end(frame);
}

/** A trailers-only answer: the status, and no message. */
function endWithStatus(stream: ServerHttp2Stream, code: GrpcStatusCode, message: string): void {
  if (stream.closed || stream.destroyed || stream.headersSent) return;
  stream.respond(
    { ':status': 200, 'content-type': CONTENT_TYPE, 'grpc-status': String(code), 'grpc-message': percentEncode(message) },
    { endStream: true },
  );
}

/** grpc-message is percent-encoded: every byte outside printable ASCII, and `%` itself. */
function percentEncode(message: string): string {
  return /^[\x20-\x24\x26-\x7e]*$/.test(message)
    ? message
    : [...Buffer.from(message, 'utf8')].map((b) => (b >= 0x20 && b <= 0x7e && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

const TIMEOUT_UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000001 };

/** Answers DEADLINE_EXCEEDED when the client's `grpc-timeout` passes before the answer. */
function deadlineTimer(stream: ServerHttp2Stream, header: string | string[] | undefined): NodeJS.Timeout | undefined {
  const match = typeof header === 'string' ? /^(\d{1,8})([HMSmun])$/.exec(header) : null;
  if (!match) return undefined;
  const ms = Number(match[1]) * TIMEOUT_UNIT_MS[match[2]!]!;
  const timer = setTimeout(() => {
    endWithStatus(stream, GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded');
    if (!stream.closed) stream.close(constants.NGHTTP2_CANCEL);
  }, Math.min(ms, 2 ** 31 - 1));
  timer.unref();
  return timer;
}
