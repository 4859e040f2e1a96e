/**
 * A go-plugin plugin process: checks the handshake environment, serves gRPC over mutual TLS on a
 * unix socket, prints the handshake line, serves go-plugin's controller and stdio services, and
 * makes sure the process goes away (Shutdown RPC, SIGTERM, or its parent dying) without leaving
 * its socket behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSelfSignedCertificate } from './certificate.js';
import { plugin_Empty, plugin_GRPCControllerService, plugin_GRPCStdioService } from './generated/messages.js';
import { listenGrpc, type GrpcMethodHandler, type GrpcServer, type ResponseStream } from './grpc-server.js';
import { formatHandshakeLine, isHandshakeError, readHandshakeEnv } from './handshake.js';

/** The methods of a gRPC service to serve, by path (`/tfplugin6.Provider/ReadResource`). */
export type ServiceRegistration = ReadonlyMap<string, GrpcMethodHandler>;

/** Process plumbing, injectable so tests can run a server in-process. */
export interface PluginProcessOptions {
  env?: NodeJS.ProcessEnv;
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
  /** Ends the process (default `process.exit`). */
  exit?: (code: number) => void;
  /** Exit when the parent process goes away (default true). */
  watchParent?: boolean;
  /** Ignore SIGINT and stop on SIGTERM (default true). */
  handleSignals?: boolean;
}

/** A running plugin server. */
export interface PluginServer {
  /** The unix socket path announced in the handshake. */
  socketPath: string;
  /** The handshake line that was printed (with its newline). */
  handshakeLine: string;
  /** Stops serving, removes the socket, then calls `exit(0)`. Idempotent. */
  stop(): Promise<void>;
}

// Terraform sends whole states and schemas in one message; go-plugin's Go side allows large
// messages too. 256 MiB is far beyond any real provider message.
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
const PARENT_POLL_MS = 500;
const SHUTDOWN_GRACE_MS = 250;

/**
 * Starts a plugin server for the given services. Resolves once the handshake line is printed,
 * or with undefined after reporting a bad environment on stderr and calling `exit(1)` (someone
 * ran the executable by hand).
 */
export async function startPluginServer(
  services: ServiceRegistration[],
  options: PluginProcessOptions = {},
): Promise<PluginServer | undefined> {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const exit = options.exit ?? ((code: number) => process.exit(code));

  const handshake = readHandshakeEnv(env);
  if (isHandshakeError(handshake)) {
    stderr.write(`${handshake.error}\n`);
    exit(1);
    return undefined;
  }

  const cert = createSelfSignedCertificate();
  const socketDir = mkdtempSync(join(handshake.socketDir ?? tmpdir(), 'keyplane-plugin-'));
  const socketPath = join(socketDir, 'plugin.sock');

  const stdioStreams = new Set<ResponseStream>();
  let server: GrpcServer | undefined;
  let stopping: Promise<void> | undefined;
  const endStdio = (): void => {
    for (const stream of stdioStreams) stream.end();
  };
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      endStdio();
      await server?.close(SHUTDOWN_GRACE_MS);
      rmSync(socketDir, { recursive: true, force: true });
      exit(0);
    })());

  const emptyResponse = plugin_Empty.encode({});
  const methods = new Map<string, GrpcMethodHandler>([
    [
      plugin_GRPCControllerService.Shutdown.path,
      {
        responseStream: false,
        // Terraform is done with this process: answer, then go (go-plugin kills us after 2 s).
        // The stdio stream ends first: go-plugin closes the connection as soon as it has this
        // answer, and would log the stream as cancelled.
        call: () => {
          endStdio();
          setImmediate(() => void stop());
          return Promise.resolve(emptyResponse);
        },
      },
    ],
    [
      plugin_GRPCStdioService.StreamStdio.path,
      {
        responseStream: true,
        // We write nothing through it (stderr goes to Terraform's log directly); keep it open
        // until shutdown so go-plugin does not log a closed stream.
        open: (_request, stream) => {
          stdioStreams.add(stream);
          stream.onClose(() => stdioStreams.delete(stream));
        },
      },
    ],
  ]);
  for (const service of services) for (const [path, handler] of service) methods.set(path, handler);

  try {
    server = await listenGrpc(socketPath, {
      certPem: cert.certPem,
      keyPem: cert.keyPem,
      clientCaPem: handshake.clientCertPem, // only Terraform's client certificate is accepted
      methods,
      maxMessageBytes: MAX_MESSAGE_BYTES,
    });
  } catch (err) {
    rmSync(socketDir, { recursive: true, force: true });
    throw err;
  }

  if (options.handleSignals ?? true) {
    // Ctrl-C reaches every process of the group; Terraform itself then sends StopProvider.
    // Dying here would lose the result of an in-flight apply.
    process.on('SIGINT', () => {});
    process.on('SIGTERM', () => void stop());
  }
  if (options.watchParent ?? true) {
    // When Terraform dies we are re-parented. Stdin is no signal: Terraform passes its own,
    // which may be /dev/null or a closed pipe while it is alive and well.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) void stop();
    }, PARENT_POLL_MS).unref();
  }

  const handshakeLine = formatHandshakeLine({ network: 'unix', address: socketPath, certDer: cert.der });
  stdout.write(handshakeLine);
  return { socketPath, handshakeLine, stop };
}
