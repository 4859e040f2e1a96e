import { DomainError, PROBLEMS, problemTypeUri, type ProblemCode } from '../core/problems.js';
import type { Issue, IssuePath } from '../core/issues.js';
import { redactSecrets } from '../core/key-format.js';
import type { components } from '../api/schema.js';

export type Problem = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];

/**
 * Builds the RFC 9457 body for `code`; `detail` must be safe to show (never a secret).
 * As a safety net, anything shaped like a secret in `detail` or `errors` (a field or query
 * parameter named after one, an unknown scope that is one) is replaced by its hint.
 */
export function problemBody(
  code: ProblemCode,
  detail: string,
  requestId: string,
  instance: string,
  errors?: FieldError[],
): Problem {
  const { status, title } = PROBLEMS[code];
  const body: Problem = { type: problemTypeUri(code), title, status, detail: redactSecrets(detail), instance, code, request_id: requestId };
  if (errors && errors.length > 0) {
    body.errors = errors.map((e) => ({ ...e, path: redactSecrets(e.path), message: redactSecrets(e.message) }));
  }
  return body;
}

/** `['ip_rules', 1, 'cidr']` under `body` → `body.ip_rules[1].cidr`, the contract's path form. */
export function formatIssuePath(where: string, path: IssuePath): string {
  let out = where;
  for (const step of path) out += typeof step === 'number' ? `[${step}]` : `.${step}`;
  return out;
}

/**
 * A request path without its query string, with anything shaped like a secret replaced by
 * its hint: the problem's `instance`, and what logs and audit events record of a path.
 */
export function instanceOf(url: string): string {
  const q = url.indexOf('?');
  return redactSecrets(q === -1 ? url : url.slice(0, q));
}


/**
 * An expected failure of a request, with the response headers it needs (`Retry-After`,
 * `WWW-Authenticate`). Thrown inside the request pipeline, turned into problem+json by the
 * error handler. `detail` is shown to the client: never put a secret in it.
 */
export class ProblemError extends DomainError {
  readonly headers: Record<string, string>;
  readonly fieldErrors: FieldError[] | undefined;
  /** Hold the answer this long before sending it (a client that keeps failing is slowed down). */
  readonly holdMs: number;

  constructor(
    code: ProblemCode,
    detail: string,
    options: { headers?: Record<string, string>; errors?: FieldError[]; holdMs?: number } = {},
  ) {
    super(code, detail);
    this.headers = options.headers ?? {};
    this.fieldErrors = options.errors;
    this.holdMs = options.holdMs ?? 0;
  }
}

/** A domain check's issues as a 4xx problem, each path placed under `where` (usually `body`). */
export function issuesProblem(code: ProblemCode, issues: readonly Issue[], where = 'body'): ProblemError {
  const errors = issues.map((issue) => ({ path: formatIssuePath(where, issue.path), message: issue.message }));
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  return new ProblemError(code, detail, { errors });
}
