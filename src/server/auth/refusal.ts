import type { ProblemCode } from '../../core/problems.js';
import type { Actor } from '../../core/types.js';
import { rateLimitHeaders } from '../../core/rate-limit.js';
import type { Services } from '../context.js';
import { instanceOf, ProblemError } from '../problem.js';
import type { AuthenticationRequest } from './authentication-request.js';

export const CHALLENGE = 'Bearer realm="keyplane"';

export interface RefusalContext {
  hint?: string;
  /** The key or member refused, when known. */
  actor?: Actor;
  organizationId?: string;
  challenge?: string;
  /** Headers the refusal sends besides (a cleared session cookie). */
  headers?: Record<string, string>;
}

/** The failure counters of a request: its client address, and the presented key's hint. */
function failureIds(request: AuthenticationRequest, hint: string | undefined): string[] {
  return hint === undefined ? [`ip:${request.clientIp}`] : [`ip:${request.clientIp}`, `hint:${hint}`];
}

/** 429 when the address or the hint has failed too often this minute; nothing otherwise. */
export function throwIfThrottled(services: Services, request: AuthenticationRequest, hint: string | undefined): void {
  const limit = services.failedAuthenticationLimit;
  for (const id of failureIds(request, hint)) {
    const decision = services.failedAuthentications.peek(id, limit, request.now);
    if (decision.allowed) continue;
    record(services, request, 'RATE_LIMITED', { hint });
    throw new ProblemError(
      'RATE_LIMITED',
      `Too many failed authentications from this ${id.startsWith('ip:') ? 'address' : 'key'} (more than ${limit} a minute). Try again in ${decision.retryAfterSeconds} seconds with a valid key.`,
      { headers: rateLimitHeaders(decision), holdMs: services.throttledAnswerHoldMs },
    );
  }
}

/**
 * The problem for a refused authentication, after noting it: in the audit trail (through the
 * recorder) and against the failure counters. Once those are spent the answer is 429.
 */
export function refuse(services: Services, request: AuthenticationRequest, code: ProblemCode, detail: string, context: RefusalContext = {}): ProblemError {
  throwIfThrottled(services, request, context.hint);
  for (const id of failureIds(request, context.hint)) services.failedAuthentications.consume(id, services.failedAuthenticationLimit, request.now);
  record(services, request, code, context);
  const status = code === 'INSUFFICIENT_SCOPE' || code === 'IP_NOT_ALLOWED' || code === 'CSRF_TOKEN_INVALID' ? 403 : 401;
  const headers: Record<string, string> = { ...context.headers };
  if (status === 401) {
    headers['WWW-Authenticate'] = context.challenge ?? `${CHALLENGE}, error="invalid_token"`;
  }
  return new ProblemError(code, detail, { headers });
}

function record(services: Services, request: AuthenticationRequest, code: ProblemCode, context: RefusalContext): void {
  services.refusals.record({
    source: `ip:${request.clientIp}`,
    organizationId: context.organizationId ?? null,
    actor: context.actor ?? null,
    targetType: null,
    targetId: null,
    ip: request.clientIp,
    requestId: request.requestId,
    occurredAt: request.now,
    details: {
      code,
      method: request.method,
      path: instanceOf(request.url),
      ...(context.hint ? { hint: context.hint } : {}),
    },
  });
}
