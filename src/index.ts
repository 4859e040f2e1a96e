/**
 * The `keyplane` package: the typed client and the contract's types. Nothing server-side is
 * exported from here, so importing the package never loads the server, the store or the
 * provider.
 *
 * @example
 * import { createKeyplaneClient, unwrap } from 'keyplane';
 */

export * from './client/index.js';
export type { components, operations, paths } from './api/schema.js';
