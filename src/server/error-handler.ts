import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newRequestId } from '../core/ids.js';
import { DomainError, type ProblemCode } from '../core/problems.js';
import { isDatabaseUnavailable, StoreConflictError } from '../store/errors.js';
import type { AnswerHold } from './answer-hold.js';
import type { Contract } from './contract/contract.js';
import { formatIssuePath, instanceOf, problemBody, ProblemError, type FieldError } from './problem.js';

/**
 * Every failure leaves as RFC 9457 problem+json. Expected failures carry their code; errors
 * of the HTTP layer (bad JSON, a wrong media type, a body too large) get theirs here; any
 * other error is a bug: the client gets a 500 with the request id and nothing more, the log
 * gets the details.
 */
export function installErrorHandling(app: FastifyInstance, contract: Contract, hold: AnswerHold): void {
  const methods = methodsOf(contract);
  const notFound = (request: FastifyRequest, reply: FastifyReply): void => answerNoRoute(request, reply, methods);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // A body Fastify could not parse for a request no route takes: the route is the problem.
    if (request.is404) return notFound(request, reply);
    const mapped = mapError(error);
    if (mapped.code === 'INTERNAL_ERROR') {
      request.log.error({ err: error }, 'unexpected error');
    } else if (mapped.code === 'SERVICE_UNAVAILABLE') {
      request.log.warn({ err: error }, 'service unavailable');
    }
    // A client that keeps failing waits for its answer (see AnswerHold).
    const holdMs = error instanceof ProblemError ? error.holdMs : 0;
    return hold.after(holdMs, () => sendProblem(request, reply, mapped.code, mapped.detail, mapped.errors, mapped.headers));
  });
  app.setNotFoundHandler(notFound);
}

/** The methods the contract has for a request path, e.g. `/v1/keys/x` → GET, PATCH. */
function methodsOf(contract: Contract): (path: string) => string[] {
  const routes = contract.operations.map((op) => ({
    method: op.method.toUpperCase(),
    pattern: new RegExp(`^${op.routerPath.replace(/:[^/]+/g, '[^/]+')}/?$`),
    concrete: !op.routerPath.includes(':'),
  }));
  return (path) => {
    const matching = routes.filter((r) => r.pattern.test(path));
    // As in OpenAPI, a concrete path (`/v1/keys/verify`) wins over a templated one
    // (`/v1/keys/{key_id}`): only its own methods are allowed there.
    const concrete = matching.filter((r) => r.concrete);
    return (concrete.length > 0 ? concrete : matching).map((r) => r.method);
  };
}

/** 405 with `Allow` when the path exists with other methods, 404 otherwise. */
function answerNoRoute(request: FastifyRequest, reply: FastifyReply, methods: (path: string) => string[]): void {
  const path = instanceOf(request.url);
  const allowed = methods(path);
  if (allowed.length > 0) {
    sendProblem(request, reply, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}; use ${allowed.join(' or ')}.`, undefined, {
      Allow: allowed.join(', '),
    });
    return;
  }
  sendProblem(request, reply, 'NOT_FOUND', `There is no ${request.method} ${path} in this API; see the API reference for the operations there are.`);
}

/**
 * Fastify's own refusals before a route runs (a path parameter that does not percent-decode,
 * or one longer than the router keeps) as problems: Fastify's default bodies are not
 * problem+json, and they quote the URL, which may hold a secret. For Fastify's
 * `frameworkErrors` option.
 */
export function frameworkErrorHandler(contract: Contract): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  const methods = methodsOf(contract);
  return (error, request, reply) => {
    if (!methods(instanceOf(request.url)).includes(request.method)) return answerNoRoute(request, reply, methods);
    const detail =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'A path segment is longer than any id or name of this API; check the URL.'
        : 'The URL does not decode: fix its percent-encoding.';
    sendProblem(request, reply, 'VALIDATION_FAILED', detail, [{ path: 'path', message: 'is not a valid URL path' }]);
  };
}

/**
 * Requests Node's HTTP parser refuses (bytes that are not HTTP/1.1, headers over the size
 * limit) get a problem too, with a request id that is in the log. Nothing of the request is
 * repeated: the raw bytes may hold a secret.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = newRequestId();
  this.log.debug({ err: error, request_id: requestId }, 'refused a malformed HTTP request');
  const detail =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'The request headers are larger than this service accepts (16 KiB).'
      : 'The request is not valid HTTP/1.1 (or arrived too slowly); check what the client sends.';
  const { instance: _instance, ...body } = problemBody('VALIDATION_FAILED', detail, requestId, '');
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${body.status} Bad Request\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(error);
}

interface Mapped {
  code: ProblemCode;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

function mapError(error: FastifyError): Mapped {
  if (error instanceof ProblemError) {
    return { code: error.code, detail: error.detail, errors: error.fieldErrors, headers: error.headers };
  }
  if (error instanceof DomainError) {
    const errors = error.errors?.map((issue) => ({ path: formatIssuePath('body', issue.path), message: issue.message }));
    return { code: error.code, detail: error.detail, errors };
  }
  if (error instanceof StoreConflictError) {
    // Two requests raced to create the same thing; the database let one win.
    switch (error.entity) {
      case 'organization':
        return { code: 'ORGANIZATION_SLUG_TAKEN', detail: 'The slug was taken by a concurrent request; choose another.' };
      case 'scope':
        return { code: 'SCOPE_EXISTS', detail: 'A scope with this name was created by a concurrent request.' };
      case 'member':
        return { code: 'MEMBER_EMAIL_TAKEN', detail: 'A member with this e-mail was added by a concurrent request (e-mails are compared ignoring case).' };
      default:
        return { code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS', detail: 'A concurrent request is changing the same object; retry.', headers: { 'Retry-After': '1' } };
    }
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send the body as application/json, or send no body.' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is larger than this service accepts (256 KiB).' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'MALFORMED_JSON', detail: 'The Content-Type is application/json but the body is empty; send a JSON object or no Content-Type.' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'MALFORMED_JSON', detail: 'The Content-Length does not match the body.' };
  }
  if (error.statusCode === 400 && (error instanceof SyntaxError || /JSON|prototype|constructor/i.test(error.message))) {
    // The parser's own message quotes the body, which may hold a secret: never repeat it.
    const position = /position (\d+)/.exec(error.message)?.[1];
    const where = position === undefined ? '' : ` (near character ${position})`;
    return { code: 'MALFORMED_JSON', detail: `The request body is not valid JSON${where}; fix its syntax and retry.` };
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { code: error.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED', detail: 'The request is not valid HTTP for this API.' };
  }
  if (isBusyDatabase(error)) {
    return { code: 'SERVICE_UNAVAILABLE', detail: 'The database is busy. Retry shortly.', headers: { 'Retry-After': '1' } };
  }
  return { code: 'INTERNAL_ERROR', detail: 'Something unexpected went wrong on our side. Quote the request id when you report it.' };
}

function isBusyDatabase(error: { code?: string }): boolean {
  return isDatabaseUnavailable(error);
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ProblemCode,
  detail: string,
  errors?: FieldError[],
  headers?: Record<string, string>,
): void {
  const body = problemBody(code, detail, request.id, instanceOf(request.url), errors);
  // Set here too: a URL the router cannot decode is answered before any hook has run.
  reply.header('X-Request-Id', request.id);
  if (headers) reply.headers(headers);
  reply.code(body.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}
