/**
 * The `fetch` the client gives openapi-fetch: it adds the auth, `User-Agent` and
 * `Idempotency-Key` headers, bounds every attempt with a timeout, retries with backoff, and
 * makes sure error answers carry a problem document.
 *
 * Why a custom fetch and not openapi-fetch middleware (0.17): openapi-fetch calls `fetch`
 * exactly once per call, between the `onRequest` and `onResponse` middleware, and offers a
 * middleware no way to send the request again other than calling a fetch itself from
 * `onResponse`/`onError`, after the body of the `Request` it was handed has been consumed.
 * A fetch, on the other hand, sees the whole exchange (answers and thrown network errors
 * alike), can build a fresh `Request` for each attempt so that the body is sent again intact,
 * and can give each attempt its own `AbortSignal`. So one logical call is one `fetch` call
 * here: the `Idempotency-Key` is chosen once, before the first attempt, and every retry
 * reuses it; and middleware a caller adds with `client.api.use()` sees one request and the
 * final response, not each attempt. (A per-call `fetch` option passed to `client.api.GET()`
 * replaces this one, and with it auth and retries: do not pass one.)
 */

import { raceAbort, sleep } from './abort.js';
import { CallRequest } from './call-request.js';
import { newIdempotencyKey } from './idempotency-key.js';
import type { ResolvedClientOptions, RetryEvent } from './client-options.js';
import { redactError, redactText } from './redact.js';
import { isSafeRequest } from './safe-operations.js';
import { KeyplaneNetworkError, KeyplaneTimeoutError } from './request-errors.js';
import { decideRetry, isRepeatableRequest, type AttemptOutcome } from './retry-policy.js';
import { isBuffered, transportOf, type FetchFunction } from './transport.js';
import { ensureProblemResponse, parseProblem } from './unexpected-response.js';

export type { FetchFunction } from './transport.js';

/** An attempt that got a complete answer: the response, and its body as text when it is an error. */
interface Answer {
  response: Response;
  /** The body of an error answer, redacted; '' for other answers (their body is left for the caller). */
  errorBody: string;
}

/** An attempt that got no answer; turned into a public error once no retry follows. */
class AttemptFailure {
  constructor(
    readonly kind: 'network' | 'timeout',
    readonly cause: unknown,
  ) {}
}

/** Builds the fetch described above from checked options. */
export function createKeyplaneFetch(options: ResolvedClientOptions): FetchFunction {
  const { apiKey, authStyle, timeoutMs, retry, userAgent, csrfToken } = options;
  const send = options.fetch;
  // A fetch made for the client (node-http-fetch.ts) takes the attempt's parts directly.
  const transport = transportOf(send);

  function keyplaneHeaders(input: Request | CallRequest): Headers {
    const headers = new Headers(input.headers);
    if (csrfToken) {
      // Session mode: the browser sends the cookie; a change also needs the session's token.
      const token = csrfToken();
      if (token !== null && !['GET', 'HEAD'].includes(input.method.toUpperCase())) headers.set('X-CSRF-Token', token);
    } else if (authStyle === 'bearer') headers.set('Authorization', `Bearer ${apiKey}`);
    else headers.set('X-API-Key', apiKey);
    // A browser names itself (and refuses to let a page change User-Agent).
    if (!csrfToken && !headers.has('User-Agent')) headers.set('User-Agent', userAgent);
    // Generated once per logical call, before any attempt, so every retry carries the same
    // key and the service answers a repeat with the first response. A key the caller set wins.
    // A POST that changes nothing (verification) gets none: it must never be replayed.
    if (input.method.toUpperCase() === 'POST' && !headers.has('Idempotency-Key') && !isSafeRequest(input.method, input.url)) {
      headers.set('Idempotency-Key', newIdempotencyKey());
    }
    return headers;
  }

  /**
   * One attempt: request out, whole answer in, within `timeoutMs`. Each attempt sends a new
   * Request made from `input` (method, URL, mode...) with `init` (the headers, and the body
   * read once into memory, since a body stream can be sent only once), or hands the same to
   * the transport.
   */
  async function attempt(input: Request | CallRequest, init: RequestInit & { headers: Headers; body: ArrayBuffer | undefined }, callerSignal: AbortSignal): Promise<Answer> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`attempt timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const onCallerAbort = (): void => controller.abort(callerSignal.reason);
    callerSignal.addEventListener('abort', onCallerAbort, { once: true });
    let response: Response | undefined;
    try {
      if (callerSignal.aborted) throw callerSignal.reason;
      const sent = transport
        ? transport({ url: input.url, method: input.method, headers: init.headers, body: init.body, signal: controller.signal, redirect: input.redirect })
        : send(input instanceof CallRequest
            ? new Request(input.url, { method: input.method, redirect: input.redirect, ...init, signal: controller.signal })
            : new Request(input, { ...init, signal: controller.signal }));
      response = await raceAbort(sent, controller.signal);
      let errorBody = '';
      if (!transport && !isBuffered(response)) {
        // The body is read here, under the same timeout, so that a server which sends headers
        // and then stalls is a timeout too. Reading a clone leaves `response` readable.
        const bytes = await raceAbort(response.clone().arrayBuffer(), controller.signal);
        if (response.status >= 400) errorBody = new TextDecoder().decode(bytes);
      } else if (response.status >= 400) {
        errorBody = await response.clone().text();
      }
      return { response, errorBody: errorBody === '' ? '' : redactText(errorBody, apiKey) };
    } catch (error) {
      void response?.body?.cancel().catch(() => undefined);
      if (callerSignal.aborted) throw callerSignal.reason;
      throw new AttemptFailure(timedOut ? 'timeout' : 'network', error);
    } finally {
      clearTimeout(timer);
      callerSignal.removeEventListener('abort', onCallerAbort);
    }
  }

  return async function keyplaneFetch(input: Request | CallRequest): Promise<Response> {
    const headers = keyplaneHeaders(input);
    // Read from a clone: openapi-fetch hands `input` to `onResponse` middleware afterwards.
    const body = input instanceof CallRequest ? await input.bytes() : input.body === null ? undefined : await input.clone().arrayBuffer();
    const init = { headers, body, ...(csrfToken ? { credentials: 'same-origin' as const } : {}) };
    const callerSignal = input.signal;
    const repeatable = isSafeRequest(input.method, input.url) || isRepeatableRequest(input.method, headers);
    const description = { method: input.method, url: input.url };

    for (let attemptNumber = 1; ; attemptNumber += 1) {
      let answer: Answer | undefined;
      let failure: AttemptFailure | undefined;
      try {
        answer = await attempt(input, init, callerSignal);
      } catch (error) {
        if (!(error instanceof AttemptFailure)) throw error; // the caller aborted: no retry
        failure = error;
      }
      const outcome: AttemptOutcome = answer
        ? {
            kind: 'response',
            status: answer.response.status,
            retryAfter: answer.response.headers.get('Retry-After'),
            problemCode: answer.errorBody ? parseProblem(answer.errorBody)?.code : undefined,
          }
        : { kind: failure?.kind ?? 'network' };

      const decision = decideRetry(retry, { attempt: attemptNumber, repeatable, outcome, nowMs: Date.now() });
      if (!decision.retry) {
        if (answer) return ensureProblemResponse(answer.response, answer.errorBody, input.url);
        const attempts = { ...description, attempts: attemptNumber };
        if (failure?.kind === 'timeout') throw new KeyplaneTimeoutError(attempts, timeoutMs);
        throw new KeyplaneNetworkError(attempts, redactError(failure?.cause, apiKey));
      }
      retry.onRetry?.({ ...description, attempt: attemptNumber, delayMs: decision.delayMs, reason: reasonOf(outcome) });
      await sleep(decision.delayMs, callerSignal);
    }
  };
}

function reasonOf(outcome: AttemptOutcome): RetryEvent['reason'] {
  return outcome.kind === 'response' ? { kind: 'status', status: outcome.status } : { kind: outcome.kind };
}
