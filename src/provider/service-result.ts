/**
 * Calls to the service as values, the way the client hands them over (`{ data } | { error }`,
 * openapi-fetch style), with one addition: the client rejects when no answer came (the
 * service unreachable, no answer in time, or the provider stopping, which sends nothing new),
 * and {@link callService} turns those into an error value too. So a resource checks one
 * `error` for every failure it expects and turns it into diagnostics (resources/api-errors.ts);
 * only a bug still throws.
 */
import { isProblem, KeyplaneRequestError, type ApiResult, type KeyplaneProblem, type UnwrappedData } from '../client/index.js';
import { unexpectedResponseProblem } from '../client/unexpected-response.js';
import { isProviderStopped, ProviderStoppedError } from './framework/index.js';

/** The service answered with an error: its problem document and the HTTP status of the answer. */
export interface ServiceRefusal {
  problem: KeyplaneProblem;
  status: number;
  unreachable?: undefined;
}

/** No answer came: `unreachable` says why (the connection failed, it timed out, or the provider was stopped). */
export interface ServiceUnreachable {
  unreachable: string;
  problem?: undefined;
  status?: undefined;
}

/** Why a call gave no data. */
export type ServiceError = ServiceRefusal | ServiceUnreachable;

/** The data of a call, or why there is none. */
export type ServiceResult<T> = { data: T; error?: undefined } | { data?: undefined; error: ServiceError };

/**
 * Awaits a call of `client.api` and gives its data, or its failure as a {@link ServiceError}.
 * The answer's HTTP status wins over the one in the problem document (as `unwrap` has it).
 *
 * @example
 * const { data: key, error } = await callService(api.GET('/v1/keys/{key_id}', { params: { path: { key_id } } }));
 * if (error) return { state: null, diagnostics: apiErrorDiagnostics(error, `read the API key ${key_id}`) };
 */
export async function callService<R extends ApiResult>(call: Promise<R>): Promise<ServiceResult<UnwrappedData<R>>> {
  let result: R;
  try {
    result = await call;
  } catch (error) {
    return { error: { unreachable: unreachableReason(error) } };
  }
  const { response } = result;
  if (response.ok) return { data: result.data as UnwrappedData<R> };
  return { error: { problem: problemOf(result), status: response.status } };
}

/**
 * The problem document of an error answer. The client's fetch gives every error answer one (a
 * synthesised one when the server, or a proxy, sent none); an answer it let through without
 * one (a 3xx it did not follow) is described the same way.
 */
function problemOf({ error, response }: ApiResult): KeyplaneProblem {
  if (isProblem(error)) return error;
  const header = (name: string) => response.headers.get(name);
  const bodyText = typeof error === 'string' ? error : '';
  return unexpectedResponseProblem({ status: response.status, statusText: response.statusText, contentType: header('Content-Type'), bodyText, requestId: header('X-Request-Id'), instance: '' });
}

/** Why no answer came, worded for a diagnostic; anything but the client's own failures is a bug and is thrown on. */
function unreachableReason(error: unknown): string {
  if (isProviderStopped(error)) return new ProviderStoppedError().message;
  if (error instanceof KeyplaneRequestError) return error.message;
  throw error;
}

/** `(CODE, HTTP 404, request req_...)`: what to quote when asking for help. */
export function problemReference({ problem, status }: ServiceRefusal): string {
  return `(${problem.code}, HTTP ${status}${problem.request_id ? `, request ${problem.request_id}` : ''})`;
}
