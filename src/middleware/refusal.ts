/**
 * The answers the middleware sends instead of calling the handler: RFC 9457 problem+json with
 * the service's own problem codes, titles and statuses (src/core/problems.ts), so that a client
 * gets the same problem from a protected API as from Keyplane itself.
 */

import type { components } from '../api/schema.js';
import { PROBLEMS, problemTypeUri, type ProblemCode } from '../core/problems.js';

/** A problem document as the contract defines it. */
export type Problem = components['schemas']['Problem'];

/** The HTTP statuses the middleware refuses with. */
export type RefusalStatus = 401 | 403 | 429 | 503;

/** A refusal, ready to send: status, headers (`Content-Type` included) and the problem. */
export interface KeyplaneRefusal {
  status: RefusalStatus;
  headers: Record<string, string>;
  body: Problem;
}

/** The challenge sent with every 401, as the service sends it (RFC 6750). */
export const CHALLENGE = 'Bearer realm="keyplane"';

/**
 * Builds the refusal for `code`. `detail` is shown to the client: it must hold nothing but
 * what the client may know. `requestId` is the `X-Request-Id` of the service's answer this
 * refusal is based on ('' when the service was not asked), so an operator can find it in
 * the service's logs.
 */
export function refusal(code: ProblemCode, detail: string, requestId: string, headers: Record<string, string> = {}): KeyplaneRefusal {
  const { status, title } = PROBLEMS[code];
  return {
    status: status as RefusalStatus,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
    body: { type: problemTypeUri(code), title, status, detail, code, request_id: requestId },
  };
}

/** The refusal as a Fetch API `Response`. */
export function refusalResponse(refused: KeyplaneRefusal): Response {
  return new Response(JSON.stringify(refused.body), { status: refused.status, headers: refused.headers });
}
