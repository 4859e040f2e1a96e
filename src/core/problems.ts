/**
 * The one catalogue of problems the service reports. Every failure a client can see has a
 * stable `code` here with its HTTP status and a public title; the HTTP layer maps them to
 * RFC 9457 problem+json and nothing else invents a status. Titles are public: they must
 * never carry internal detail (that goes to the log).
 */

import type { Issue } from './issues.js';

/** A catalogue entry: the HTTP status and the short title shown to clients. */
export interface ProblemDefinition {
  status: number;
  title: string;
}

/** Every problem code with its HTTP status and default public title. */
export const PROBLEMS = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },

  MISSING_KEY: { status: 401, title: 'No API key was sent' },
  MALFORMED_KEY: { status: 401, title: 'The API key is malformed' },
  UNKNOWN_KEY: { status: 401, title: 'The API key is not known' },
  EXPIRED_KEY: { status: 401, title: 'The API key has expired' },
  REVOKED_KEY: { status: 401, title: 'The API key has been revoked' },
  KEY_NOT_YET_VALID: { status: 401, title: 'The API key is not valid yet' },
  INVALID_CREDENTIALS: { status: 401, title: 'The e-mail or password is not right' },
  INVALID_SESSION: { status: 401, title: 'The session has ended' },
  SESSION_REQUIRED: { status: 401, title: 'This operation is for a signed-in member' },
  INVITATION_INVALID: { status: 401, title: 'The invitation link is not valid' },

  INSUFFICIENT_SCOPE: { status: 403, title: 'The API key lacks a required scope' },
  IP_NOT_ALLOWED: { status: 403, title: "The client address is not allowed by the key's IP rules" },
  SCOPE_ESCALATION: { status: 403, title: 'The caller may not grant, or act on a key that holds, scopes it does not hold' },
  OPERATOR_ONLY: { status: 403, title: 'Only the operator organization may do this' },
  CSRF_TOKEN_INVALID: { status: 403, title: 'The X-CSRF-Token header is missing or wrong' },

  NOT_FOUND: { status: 404, title: 'No such resource' },
  KEY_NOT_FOUND: { status: 404, title: 'No such API key' },
  SCOPE_NOT_FOUND: { status: 404, title: 'No such scope' },
  ORGANIZATION_NOT_FOUND: { status: 404, title: 'No such organization' },
  MEMBER_NOT_FOUND: { status: 404, title: 'No such member' },
  SESSION_NOT_FOUND: { status: 404, title: 'No such session' },

  METHOD_NOT_ALLOWED: { status: 405, title: 'The method is not allowed on this resource' },

  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    title: 'The Idempotency-Key was already used with a different request',
  },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    status: 409,
    title: 'A request with this Idempotency-Key is still in progress',
  },
  IDEMPOTENCY_REPLAY_STALE: {
    status: 409,
    title: 'The answer to replay holds a secret that is no longer valid',
  },
  KEY_REVOKED: { status: 409, title: 'The API key is revoked and cannot be changed' },
  SCOPE_EXISTS: { status: 409, title: 'A scope with this name already exists' },
  SCOPE_IN_USE: { status: 409, title: 'The scope is still used by keys or other scopes' },
  SCOPE_BUILT_IN: { status: 409, title: 'Built-in scopes cannot be created, changed or deleted' },
  ORGANIZATION_SLUG_TAKEN: { status: 409, title: 'The organization slug is already taken' },
  MEMBER_EMAIL_TAKEN: { status: 409, title: 'A member with this e-mail already exists' },
  MEMBER_NOT_ACTIVE: { status: 409, title: 'The member is not in a state that allows this' },
  MEMBER_SELF_CHANGE: { status: 409, title: 'A member cannot do this to themselves' },

  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be application/json' },

  UNKNOWN_SCOPE: { status: 422, title: 'A scope named in the request does not exist' },
  INVALID_IP_RULE: { status: 422, title: 'An IP rule is not valid' },
  INVALID_EXPIRY: { status: 422, title: 'The expiry is not valid' },
  TTL_EXCEEDS_POLICY: {
    status: 422,
    title: "The key would live longer than the organization's policy allows",
  },
  SCOPE_CYCLE: { status: 422, title: 'Scope includes would form a cycle' },
  INVALID_SCOPE_INCLUDES: { status: 422, title: 'A scope includes a scope it may not include' },
  INVALID_POLICY: { status: 422, title: "The organization's key policy is not valid" },
  INVALID_RATE_LIMIT: { status: 422, title: 'The rate limit is not valid' },
  INVALID_TEXT: { status: 422, title: 'A text field holds characters that cannot be shown safely' },
  WEAK_PASSWORD: { status: 422, title: 'The password is too short or too easy to guess' },

  RATE_LIMITED: { status: 429, title: 'Too many requests' },

  // 500 is for bugs only: nothing a client sends may produce it.
  INTERNAL_ERROR: { status: 500, title: 'Internal error' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'The service is temporarily unavailable' },
  // A gateway's misconfiguration is not its client's fault: never a 401 or 403 the client
  // would take for its own, and the gateway fails closed.
  GATEWAY_NOT_TRUSTED: { status: 503, title: 'The gateway is not one of the trusted proxies' },
  GATEWAY_KEY_REFUSED: { status: 503, title: "The gateway's own Keyplane key was refused" },
} as const satisfies Record<string, ProblemDefinition>;

/** The stable, machine-readable code of a problem, e.g. `UNKNOWN_KEY`. */
export type ProblemCode = keyof typeof PROBLEMS;

/** Every problem code, in catalogue order. */
export const PROBLEM_CODES = Object.keys(PROBLEMS) as ProblemCode[];

/** True when `value` is a code of the catalogue (for codes read back from storage or a response). */
export function isProblemCode(value: string): value is ProblemCode {
  return Object.prototype.hasOwnProperty.call(PROBLEMS, value);
}

/**
 * The problem's `type` URI: `https://keyplane.dev/problems/<code in lower-kebab-case>`,
 * e.g. `UNKNOWN_KEY` → `https://keyplane.dev/problems/unknown-key`.
 */
export function problemTypeUri(code: ProblemCode): string {
  return `https://keyplane.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`;
}

/**
 * An expected failure thrown by domain code when returning a value is impractical (deep
 * inside a transaction, say). The HTTP layer maps it to problem+json with `code`'s status.
 * `detail` is shown to the client, so it must never contain a secret or internal state.
 * Prefer returning a result value; throw this only where a return would have to travel far.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: ProblemCode;
  readonly detail: string;
  readonly errors: Issue[] | undefined;

  constructor(code: ProblemCode, detail: string, errors?: Issue[]) {
    super(detail);
    this.code = code;
    this.detail = detail;
    this.errors = errors;
  }

  /** The HTTP status of `code`. */
  get status(): number {
    return PROBLEMS[this.code].status;
  }
}
