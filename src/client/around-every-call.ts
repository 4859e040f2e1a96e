/**
 * Wraps every call of an openapi-fetch client (`GET`, `POST`... and `request`) the same way;
 * the client's wrappers (caller-signal.ts, call-request.ts) each change a call's options.
 */
import type { Client } from 'openapi-fetch';

/** A call's options, as openapi-fetch takes them. */
export type CallOptions = Record<string, unknown> | undefined;

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/** `api` whose calls go through `around`, which makes the call with the options it chooses. */
export function aroundEveryCall<C extends Client<any, any>>(
  api: C,
  around: (options: CallOptions, call: (options: CallOptions) => Promise<unknown>) => Promise<unknown>,
): C {
  const wrapped = { ...api } as Record<string, unknown>;
  for (const method of METHODS) {
    const call = api[method] as (url: unknown, options: CallOptions) => Promise<unknown>;
    wrapped[method] = (url: unknown, options: CallOptions) => around(options, (chosen) => call(url, chosen));
  }
  const request = api.request as (method: unknown, url: unknown, options: CallOptions) => Promise<unknown>;
  wrapped.request = (method: unknown, url: unknown, options: CallOptions) => around(options, (chosen) => request(method, url, chosen));
  return wrapped as unknown as C;
}
