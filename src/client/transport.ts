/**
 * A lighter way for the client to send an attempt than `fetch(new Request(...))`.
 *
 * The client reads every answer completely within the attempt's timeout, and builds a fresh
 * Request per attempt so that a retry can send the body again. On a fast connection those
 * WHATWG objects cost more than the exchange itself (each Request and each `clone()` makes
 * streams, signals and header lists). A fetch made for the client can therefore carry a
 * {@link Transport}: the client then hands it the parts of the attempt directly, and takes its
 * answer as complete. A fetch can also mark the responses it returns as complete
 * ({@link markBuffered}), so that the client does not copy them to read them.
 *
 * Kept apart from the Node.js implementation (node-http-fetch.ts) so that this module, like
 * the rest of the client, runs in browsers.
 */

/** One attempt, as a Request would carry it. */
export interface TransportRequest {
  url: string;
  method: string;
  headers: Headers;
  /** The body, already in memory; undefined for a request without one. */
  body: ArrayBuffer | undefined;
  /** Aborts the attempt (its timeout, or the caller's signal). */
  signal: AbortSignal;
  /** What to do with a redirect, as `Request.redirect`. */
  redirect: Request['redirect'];
}

/** Sends one attempt; resolves with a response whose body is wholly in memory. */
export type Transport = (request: TransportRequest) => Promise<Response>;

/** A fetch as the client calls it. */
export type FetchFunction = (request: Request) => Promise<Response>;

const transports = new WeakMap<FetchFunction, Transport>();
const buffered = new WeakSet<Response>();

/** Returns `fetch`, known from now on to also be callable as `transport`. */
export function withTransport<F extends FetchFunction>(fetch: F, transport: Transport): F {
  transports.set(fetch, transport);
  return fetch;
}

/** The transport `fetch` carries, if it was made with {@link withTransport}. */
export function transportOf(fetch: FetchFunction): Transport | undefined {
  return transports.get(fetch);
}

/** Records that `response`'s body is in memory, complete. Returns it. */
export function markBuffered(response: Response): Response {
  buffered.add(response);
  return response;
}

/** Whether `response` was made by a fetch that read the whole body before returning it. */
export function isBuffered(response: Response): boolean {
  return buffered.has(response);
}
