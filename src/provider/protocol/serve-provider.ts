/**
 * The entry point of a provider process: `await serveProvider(handlers)`.
 */
import { status, type sendUnaryData, type ServerUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { ProviderService } from './generated/messages.js';
import { grpcServiceDefinition } from './grpc-service.js';
import type { ProviderHandlers } from './provider-handlers.js';
import {
  invokeProviderRpc,
  reportToStderr,
  UnimplementedError,
  type ErrorReporter,
  type ProviderMethod,
} from './provider-rpcs.js';
import { startPluginServer, type PluginProcessOptions, type PluginServer, type ServiceRegistration } from './server.js';

/** Options of {@link serveProvider}. */
export interface ServeProviderOptions extends PluginProcessOptions {
  /** Receives exceptions thrown by handlers (default: stderr, visible under TF_LOG). */
  onError?: ErrorReporter;
}

/** The tfplugin6.Provider gRPC service backed by the handlers, every RPC through the table. */
export function createProviderService(handlers: ProviderHandlers, report: ErrorReporter = reportToStderr): ServiceRegistration {
  const implementation: UntypedServiceImplementation = {};
  for (const method of Object.keys(ProviderService) as ProviderMethod[]) {
    const handle = (call: ServerUnaryCall<never, unknown>, callback: sendUnaryData<unknown>): void => {
      invokeProviderRpc(handlers, method, call.request, report).then(
        (response) => callback(null, response),
        (error: unknown) =>
          callback({
            code: error instanceof UnimplementedError ? status.UNIMPLEMENTED : status.INTERNAL,
            details: error instanceof Error ? error.message : String(error),
          }),
      );
    };
    implementation[method] = handle as UntypedServiceImplementation[string];
  }
  return { definition: grpcServiceDefinition(ProviderService), implementation };
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
