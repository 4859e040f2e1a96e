/**
 * Terraform plugin protocol 6 for a provider written in TypeScript: handshake, TLS, gRPC
 * services, and the msgpack/JSON codec for Terraform values. Knows nothing of API keys; the
 * provider framework builds on these exports.
 */
export { serveProvider, createProviderService, type ServeProviderOptions } from './serve-provider.js';
export type { PluginServer, PluginProcessOptions } from './plugin-server.js';
export type * from './provider-handlers.js';
export { invokeProviderRpc, UnimplementedError, type ErrorReporter, type ProviderMethod } from './provider-rpcs.js';
export {
  attributePath,
  errorDiagnostic,
  formatAttributePath,
  hasErrors,
  warningDiagnostic,
  type AttributePath,
  type Diagnostic,
  type PathStep,
  type Severity,
} from './diagnostic-messages.js';
export {
  CtyCodecError,
  TypedValue,
  Unknown,
  decodeDynamicValue,
  decodeJson,
  decodeMsgpack,
  encodeDynamicValue,
  encodeMsgpack,
  inferCtyType,
  isUnknown,
  type CtyValue,
  type DynamicValueBytes,
  type JsonDecodeOptions,
} from './cty-codec.js';
export {
  CtyTypeError,
  ctyTypeEquals,
  ctyTypeToJson,
  describeCtyType,
  hasDynamicTypes,
  parseCtyType,
  type CtyAttributeTypes,
  type CtyType,
} from './cty-type.js';
export type * from './schema-types.js';
export { attributeCtyType, blockToCtyType, schemaToProto } from './schema-convert.js';
