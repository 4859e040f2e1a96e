/**
 * The service's RFC 9457 problem documents as a type guard and as an exception.
 */

import type { components } from '../api/schema.js';

/** A problem document exactly as the contract defines it. */
export type Problem = components['schemas']['Problem'];

/** The contract's problem codes, e.g. `KEY_NOT_FOUND`. */
export type ProblemCode = components['schemas']['ProblemCode'];

/**
 * The code of a problem the client makes up itself: the server (or a proxy in front of it)
 * answered an error without a problem document, e.g. an HTML "502 Bad Gateway" page.
 */
export type ClientProblemCode = 'UNEXPECTED_RESPONSE';

/**
 * A problem as the client hands it over: the contract's `Problem`, whose `code` may also be
 * one the client synthesised. Every `Problem` is a `KeyplaneProblem`.
 */
export type KeyplaneProblem = Omit<Problem, 'code'> & { code: ProblemCode | ClientProblemCode };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * True when `x` has the shape of a problem document: the fields the contract requires, of the
 * right types. The `code` is not checked against the list, since the contract allows new codes.
 */
export function isProblem(x: unknown): x is KeyplaneProblem {
  return (
    isRecord(x) &&
    typeof x.type === 'string' &&
    typeof x.title === 'string' &&
    typeof x.status === 'number' &&
    typeof x.detail === 'string' &&
    typeof x.code === 'string' &&
    typeof x.request_id === 'string' &&
    (x.errors === undefined || Array.isArray(x.errors))
  );
}

/**
 * An error answer of the service, thrown by `unwrap`. Carries the whole problem document;
 * `status`, `code` and `requestId` are copied out for convenience.
 *
 * @example
 * try {
 *   unwrap(await client.api.GET('/v1/keys/{key_id}', { params: { path: { key_id } } }));
 * } catch (error) {
 *   if (error instanceof KeyplaneProblemError && error.code === 'KEY_NOT_FOUND') return undefined;
 *   throw error;
 * }
 */
export class KeyplaneProblemError extends Error {
  override name = 'KeyplaneProblemError';
  /** The HTTP status of the answer (taken from the response, which wins over the body). */
  readonly status: number;
  /** The problem document. */
  readonly problem: KeyplaneProblem;
  /** The stable, machine-readable reason, e.g. `KEY_NOT_FOUND` or `RATE_LIMITED`. */
  readonly code: KeyplaneProblem['code'];
  /** The request id to quote when asking for help; absent when no one assigned one. */
  readonly requestId: string | undefined;

  constructor(problem: KeyplaneProblem, status: number = problem.status) {
    const requestId = problem.request_id === '' ? undefined : problem.request_id;
    const where = requestId ? `, request ${requestId}` : '';
    super(`${problem.title}: ${problem.detail} (${problem.code}, HTTP ${status}${where})`);
    this.status = status;
    this.problem = problem;
    this.code = problem.code;
    this.requestId = requestId;
  }
}
