/**
 * From errors-as-values to exceptions, for callers that prefer them.
 */

import { isProblem, KeyplaneProblemError } from './problem-error.js';
import { unexpectedResponseProblem } from './unexpected-response.js';

/** The shape of every `client.api.*` result: `{ data, response }` or `{ error, response }`. */
export interface ApiResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * The `data` of a result. For an operation without a response body (204) it is `undefined`,
 * typed `undefined` rather than `never` so that the code after `unwrap` is not unreachable.
 */
export type UnwrappedData<R extends ApiResult> = [Exclude<R['data'], undefined>] extends [never]
  ? undefined
  : Exclude<R['data'], undefined>;

/**
 * Returns `result.data`, or throws `KeyplaneProblemError` when the service answered an error.
 * Network failures and timeouts never reach here: `client.api.*` rejects with
 * `KeyplaneNetworkError` / `KeyplaneTimeoutError` itself.
 *
 * @example
 * const key = unwrap(await client.api.POST('/v1/keys', { body: { name: 'CI', scopes: ['keys:read'] } }));
 * console.log(key.secret);
 */
export function unwrap<R extends ApiResult>(result: R): UnwrappedData<R> {
  const { response } = result;
  if (response.ok) return result.data as UnwrappedData<R>;
  if (isProblem(result.error)) throw new KeyplaneProblemError(result.error, response.status);
  // Only when the result did not come through a Keyplane client's fetch, which always
  // supplies a problem for an error answer.
  throw new KeyplaneProblemError(
    unexpectedResponseProblem({
      status: response.status,
      statusText: response.statusText,
      contentType: response.headers.get('Content-Type'),
      bodyText: typeof result.error === 'string' ? result.error : '',
      requestId: response.headers.get('X-Request-Id'),
      instance: '',
    }),
    response.status,
  );
}
