/**
 * Thrown by a write that would break a uniqueness rule: an organization slug or id that is
 * taken, a scope name that exists, a key id or secret hash that exists, a member e-mail
 * (ignoring case) or invitation hash that is taken, a session id or token hash that exists.
 * The server maps it to 409; every other database error is a bug or an outage and stays as it is.
 */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
  constructor(
    /** What was being written: `organization`, `api_key`, `scope`, `member` or `session`. */
    readonly entity: string,
    options?: { cause?: unknown },
  ) {
    super(`${entity} conflicts with an existing one`, options);
  }
}
