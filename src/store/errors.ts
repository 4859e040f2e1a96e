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

/** PostgreSQL SQLSTATEs that mean "no database right now", not "your query is wrong". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Errors of the network or of the driver with no SQLSTATE, raised when the connection is gone. */
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection ended)/;

/**
 * Whether `error` says the database cannot be reached right now (stopped, restarting, network
 * gone, out of connections, a busy SQLite file): the request may succeed if retried shortly,
 * so it is a 503, never a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true;
    if (code.startsWith('08') && code.length === 5) return true; // connection exception class
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code)) return true;
  }
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}
