import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ProblemCode } from '../core/problems.js';
import type { Contract } from './contract/contract.js';
import { formatIssuePath, instanceOf, problemBody, ProblemError, type FieldError } from './problem.js';

/**
 * Every failure leaves as RFC 9457 problem+json. Expected failures carry their code; errors
 * of the HTTP layer (bad JSON, a wrong media type, a body too large) get theirs here; any
 * other error is a bug: the client gets a 500 with the request id and nothing more, the log
 * gets the details.
 */
export function installErrorHandling(app: FastifyInstance, contract: Contract): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const mapped = mapError(error);
    if (mapped.code === 'INTERNAL_ERROR') {
      request.log.error({ err: error }, 'unexpected error');
    } else if (mapped.code === 'SERVICE_UNAVAILABLE') {
      request.log.warn({ err: error }, 'service unavailable');
    }
    sendProblem(request, reply, mapped.code, mapped.detail, mapped.errors, mapped.headers);
  });

  const routes = contract.operations.map((op) => ({
    method: op.method.toUpperCase(),
    pattern: new RegExp(`^${op.routerPath.replace(/:[^/]+/g, '[^/]+')}/?$`),
  }));
  app.setNotFoundHandler((request, reply) => {
    const path = instanceOf(request.url);
    const allowed = routes.filter((r) => r.pattern.test(path)).map((r) => r.method);
    if (allowed.length > 0) {
      sendProblem(request, reply, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}; use ${allowed.join(' or ')}.`, undefined, {
        Allow: allowed.join(', '),
      });
      return;
    }
    sendProblem(request, reply, 'NOT_FOUND', `There is no ${request.method} ${path} in this API; see the API reference for the operations there are.`);
  });
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
  return error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED' || error.code === '57P03' || error.code === 'ECONNREFUSED';
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
  if (headers) reply.headers(headers);
  reply.code(body.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}
