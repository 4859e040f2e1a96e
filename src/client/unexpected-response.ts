/**
 * Error answers without a problem document (a proxy's HTML "502 Bad Gateway", an empty 503, a
 * plain-text 404 from a misrouted path) are replaced by a synthesised problem with code
 * `UNEXPECTED_RESPONSE` and the same status, so that `error` from `client.api.*` always has
 * the problem shape its type promises.
 */

import { isProblem, type KeyplaneProblem } from './problem-error.js';

const SNIPPET_LENGTH = 200;

/** The `type` URI of synthesised problems. */
export const UNEXPECTED_RESPONSE_TYPE = 'https://keyplane.dev/problems/unexpected-response';

/** The problem document of `bodyText`, if it is one. */
export function parseProblem(bodyText: string): KeyplaneProblem | undefined {
  try {
    const parsed: unknown = JSON.parse(bodyText);
    return isProblem(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A problem describing an error answer that had none. `bodyText` must already be redacted;
 * its beginning is quoted in `detail` because a proxy's page usually says what went wrong.
 */
export function unexpectedResponseProblem(input: {
  status: number;
  statusText: string;
  contentType: string | null;
  bodyText: string;
  requestId: string | null;
  instance: string;
}): KeyplaneProblem {
  const snippet = input.bodyText.replace(/\s+/g, ' ').trim();
  const quoted = snippet.length > SNIPPET_LENGTH ? `${snippet.slice(0, SNIPPET_LENGTH)}…` : snippet;
  const what = snippet === '' ? 'an empty body' : `a body of type ${input.contentType ?? 'unknown'}`;
  const statusLine = `HTTP ${input.status}${input.statusText ? ` ${input.statusText}` : ''}`;
  return {
    type: UNEXPECTED_RESPONSE_TYPE,
    title: 'Unexpected response from the server',
    status: input.status,
    detail:
      `The server answered ${statusLine} with ${what} instead of a problem document; a proxy or ` +
      `load balancer in front of the Keyplane service may have answered.` +
      (quoted === '' ? '' : ` The body began: ${JSON.stringify(quoted)}`),
    instance: input.instance,
    code: 'UNEXPECTED_RESPONSE',
    request_id: input.requestId ?? '',
  };
}

/**
 * `response` itself when it is not an error or carries a problem document; otherwise a
 * response with the same status and headers whose body is a synthesised
 * `application/problem+json`. `bodyText` is the (redacted) body of `response`, already read;
 * `requestUrl` is the URL that was asked for.
 */
export function ensureProblemResponse(response: Response, bodyText: string, requestUrl: string): Response {
  if (response.status < 400 || parseProblem(bodyText) !== undefined) return response;
  const problem = unexpectedResponseProblem({
    status: response.status,
    statusText: response.statusText,
    contentType: response.headers.get('Content-Type'),
    bodyText,
    requestId: response.headers.get('X-Request-Id'),
    instance: pathOf(requestUrl),
  });
  const headers = new Headers(response.headers);
  headers.set('Content-Type', 'application/problem+json');
  // The original length and encoding describe the body that was replaced.
  headers.delete('Content-Length');
  headers.delete('Content-Encoding');
  headers.delete('Transfer-Encoding');
  return new Response(JSON.stringify(problem), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
