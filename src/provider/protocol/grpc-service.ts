/**
 * Turns a generated method table (generated/messages.ts `...Service`) into the service
 * definition @grpc/grpc-js wants, with our codec as (de)serializer: no protobufjs involved.
 * Tests use it to call a provider the way a gRPC client does; the provider itself serves
 * with grpc-server.ts, and grpc-js (a development dependency) is never in its bundle.
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type { MessageType } from './proto-wire.js';

/** One method of a generated service table. */
export interface GeneratedMethod {
  readonly path: string;
  readonly request: MessageType<unknown>;
  readonly response: MessageType<unknown>;
  readonly responseStream: boolean;
}

const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The grpc-js definition of a generated service (usable for servers and clients). */
export function grpcServiceDefinition<T extends Record<string, GeneratedMethod>>(
  methods: T,
): ServiceDefinition<{ [K in keyof T]: unknown }> {
  const out: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const [name, m] of Object.entries(methods)) {
    out[name] = {
      path: m.path,
      originalName: name,
      requestStream: false,
      responseStream: m.responseStream,
      requestSerialize: (v) => toBuffer(m.request.encode(v as never)),
      requestDeserialize: (b) => m.request.decode(b),
      responseSerialize: (v) => toBuffer(m.response.encode(v as never)),
      responseDeserialize: (b) => m.response.decode(b),
    };
  }
  return out as ServiceDefinition<{ [K in keyof T]: unknown }>;
}
