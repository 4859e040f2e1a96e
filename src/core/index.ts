/**
 * The domain core: pure rules shared by the server, the store, the Terraform provider and
 * the CDKTF constructs. Nothing here performs I/O beyond node:crypto randomness and hashing.
 */

export * from './types.js';
export * from './issues.js';
export * from './problems.js';
export * from './base62.js';
export { crc32 } from './crc32.js';
export * from './key-format.js';
export * from './secret-hash.js';
export * from './ids.js';
export * from './cidr.js';
export * from './ip-rules.js';
export * from './scopes.js';
export * from './scope-catalog.js';
export * from './expiry.js';
export * from './duration.js';
export * from './timestamp.js';
export * from './key-fields.js';
export * from './display-text.js';
export * from './key-policy.js';
export * from './rate-limit.js';
export * from './verification.js';
