/**
 * The entry point of a provider process: `await serveProvider(handlers)`.
 */
import { ProviderService } from './generated/messages.js';
import { GrpcError, GrpcStatus, type GrpcMethodHandler } from './grpc-server.js';
import type { ProviderHandlers } from './provider-handlers.js';
import {
  invokeProviderRpc,
  reportToStderr,
  UnimplementedError,
  type ErrorReporter,
  type ProviderMethod,
} from './provider-rpcs.js';
import { startPluginServer, type PluginProcessOptions, type PluginServer, type ServiceRegistration } from './plugin-server.js';

/** Options of {@link serveProvider}. */
export interface ServeProviderOptions extends PluginProcessOptions {
  /** Receives exceptions thrown by handlers (default: stderr, visible under TF_LOG). */
  onError?: ErrorReporter;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The tfplugin6.Provider gRPC service backed by the handlers, every RPC through the table. */
export function createProviderService(handlers: ProviderHandlers, report: ErrorReporter = reportToStderr): ServiceRegistration {
  const methods = new Map<string, GrpcMethodHandler>();
  for (const method of Object.keys(ProviderService) as ProviderMethod[]) {
    const { path, request, response } = ProviderService[method];
    const call = async (bytes: Uint8Array): Promise<Uint8Array> => {
      let decoded: ReturnType<typeof request.decode>;
      try {
        decoded = request.decode(bytes);
      } catch (error) {
        throw new GrpcError(GrpcStatus.INTERNAL, `Error deserializing request: ${message(error)}`);
      }
      let answer: Awaited<ReturnType<typeof invokeProviderRpc>>;
      try {
        answer = await invokeProviderRpc(handlers, method, decoded as never, report);
      } catch (error) {
        throw new GrpcError(error instanceof UnimplementedError ? GrpcStatus.UNIMPLEMENTED : GrpcStatus.INTERNAL, message(error));
      }
      try {
        return (response.encode as (value: unknown) => Uint8Array)(answer);
      } catch (error) {
        throw new GrpcError(GrpcStatus.INTERNAL, `Error serializing response: ${message(error)}`);
      }
    };
    methods.set(path, { responseStream: false, call });
  }
  return methods;
}

/**
 * Serves the provider as a Terraform plugin process (protocol 6). Resolves once Terraform has
 * been told where to connect; the process then lives until Terraform shuts it down. When the
 * executable was not started by Terraform, prints why on stderr and exits 1.
 *
 * Nothing may write to stdout before the handshake line (Terraform would fail with
 * "Unrecognized remote plugin message"): log to stderr, which Terraform shows under TF_LOG.
 */
export function serveProvider(handlers: ProviderHandlers, options: ServeProviderOptions = {}): Promise<PluginServer | undefined> {
  return startPluginServer([createProviderService(handlers, options.onError)], options);
}
