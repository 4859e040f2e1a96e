/**
 * The request a call makes when the client's fetch carries a transport (transport.ts).
 *
 * openapi-fetch builds a WHATWG `Request` for every call, and the client then reads its body
 * back out of it. In the Terraform provider, a `Request` (its stream, signal, header list and
 * the clone made to read the body) cost more CPU than the rest of the call: about 0.5 ms of a
 * create's 1 ms in the provider. A transport is handed the attempt's parts directly, so
 * nothing needs a real `Request`; openapi-fetch takes the class to build from as an option,
 * and this one only keeps what it was given.
 *
 * Middleware (`client.api.use()`) is promised a real `Request`, so a client with middleware
 * builds real ones again (see {@link withCallRequests}).
 */
import type { Client } from 'openapi-fetch';

import { aroundEveryCall } from './around-every-call.js';

/** What openapi-fetch passes to the constructor: the call's headers as a `Headers`, its body serialized. */
interface CallRequestInit {
  method?: string;
  headers?: Headers;
  body?: unknown;
  signal?: AbortSignal | null;
  redirect?: Request['redirect'];
}

export class CallRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly signal: AbortSignal;
  readonly redirect: Request['redirect'];
  /** The serialized body as openapi-fetch made it; undefined without one. */
  readonly content: unknown;

  constructor(url: string, init: CallRequestInit = {}) {
    this.url = url;
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers ?? new Headers();
    this.signal = init.signal ?? new AbortController().signal;
    this.redirect = init.redirect ?? 'follow';
    this.content = init.body ?? undefined;
  }

  /** The body's bytes, or undefined. Bodies other than text (none in the contract) go through the standard reader. */
  async bytes(): Promise<ArrayBuffer | undefined> {
    const { content } = this;
    if (content === undefined) return undefined;
    if (typeof content === 'string') {
      const encoded = new TextEncoder().encode(content);
      return encoded.buffer.slice(encoded.byteOffset, encoded.byteOffset + encoded.byteLength) as ArrayBuffer;
    }
    return new Response(content as ConstructorParameters<typeof Response>[0]).arrayBuffer();
  }
}

/**
 * `api` whose calls build a {@link CallRequest} (openapi-fetch's per-call `Request` option)
 * until middleware is added; from then on every call builds a real `Request` again.
 */
export function withCallRequests<C extends Client<any, any>>(api: C): C {
  let middleware = false;
  const wrapped = aroundEveryCall(api, (options, call) => call(middleware ? options : { ...options, Request: CallRequest }));
  wrapped.use = (...added: Parameters<C['use']>) => {
    middleware = true;
    api.use(...added);
  };
  return wrapped;
}
