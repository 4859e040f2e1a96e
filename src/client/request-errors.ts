/**
 * Failures with no answer from the service: the connection failed, or an attempt took longer
 * than `timeoutMs`. `client.api.*` rejects with these (after its retries) rather than
 * returning them, because there is no response to return.
 */

/** What the request is about; the URL never contains the API key. */
interface RequestDescription {
  method: string;
  url: string;
  /** Attempts made, the failed last one included. */
  attempts: number;
}

/** Base class of `KeyplaneNetworkError` and `KeyplaneTimeoutError`; switch on `kind`. */
export abstract class KeyplaneRequestError extends Error {
  abstract readonly kind: 'network' | 'timeout';
  /** The HTTP method of the request. */
  readonly method: string;
  /** The request URL. */
  readonly url: string;
  /** Attempts made before giving up. */
  readonly attempts: number;

  protected constructor(message: string, request: RequestDescription, options?: { cause?: unknown }) {
    super(message, options);
    this.method = request.method;
    this.url = request.url;
    this.attempts = request.attempts;
  }
}

/** The service could not be reached or the connection broke (refused, reset, DNS, TLS...). */
export class KeyplaneNetworkError extends KeyplaneRequestError {
  override name = 'KeyplaneNetworkError';
  readonly kind = 'network' as const;

  /** `cause` is the underlying error, with the API key already removed from it. */
  constructor(request: RequestDescription, cause: unknown) {
    const why = cause instanceof Error ? describeCause(cause) : String(cause);
    super(
      `Could not reach the Keyplane service: ${request.method} ${request.url} failed ` +
        `after ${plural(request.attempts, 'attempt')}: ${why}`,
      request,
      { cause },
    );
  }
}

/** An attempt got no complete answer within `timeoutMs`. */
export class KeyplaneTimeoutError extends KeyplaneRequestError {
  override name = 'KeyplaneTimeoutError';
  readonly kind = 'timeout' as const;
  /** The per-attempt limit that was exceeded, in ms. */
  readonly timeoutMs: number;

  constructor(request: RequestDescription, timeoutMs: number) {
    super(
      `The Keyplane service did not answer ${request.method} ${request.url} ` +
        `within ${timeoutMs} ms (${plural(request.attempts, 'attempt')})`,
      request,
    );
    this.timeoutMs = timeoutMs;
  }
}

// undici reports every failure as "fetch failed" and puts the reason (ECONNREFUSED...) in `cause`.
function describeCause(error: Error): string {
  const inner = error.cause instanceof Error ? error.cause : undefined;
  const code = inner && 'code' in inner && typeof inner.code === 'string' ? inner.code : undefined;
  if (inner) return `${error.message} (${code ?? inner.message})`;
  return error.message;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
