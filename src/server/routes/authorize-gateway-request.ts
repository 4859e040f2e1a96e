import { rateLimitHeaders } from '../../core/rate-limit.js';
import { VERIFICATION_PROBLEMS } from '../../core/verification.js';
import { presentedKey } from '../auth/credentials.js';
import { withPresentedKey } from '../auth/presented-key.js';
import { CHALLENGE } from '../auth/refusal.js';
import { withPolicy, type RouteContext, type RouteResult } from '../context.js';
import { identityHeaders } from '../keys/identity-headers.js';
import { judgePresentedKey, type Judgement } from '../keys/key-judgement.js';
import { ProblemError } from '../problem.js';

/**
 * GET /v1/gateway/auth: the gateways' front door to the same verification as
 * `POST /v1/keys/verify` (key-judgement.ts). The client's key comes in its own headers, as
 * the gateway passed them on; its address is the one the trusted gateway forwarded (the
 * pipeline already refused any other caller). The answer is in HTTP terms a gateway acts on:
 * 200 with identity headers, or the 401, 403 or 429 problem its client should get.
 */
export const authorizeGatewayRequest = withPolicy<'authorizeGatewayRequest'>({ rateLimit: 'handler' }, (context) => {
  const presented = presentedKey(context.headers, context.rawHeaders);
  if (presented === null) {
    throw new ProblemError('MISSING_KEY', 'Send an API key in the X-API-Key header or as "Authorization: Bearer <key>".', {
      headers: { 'WWW-Authenticate': CHALLENGE },
    });
  }
  if (typeof presented === 'object') {
    throw new ProblemError('MALFORMED_KEY', presented.ambiguous, { headers: { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_request"` } });
  }
  const input = { clientIp: context.clientIp, requiredScopes: context.query.scope, via: 'gateway' as const };
  return withPresentedKey(context.services, presented, (lookup) => {
    const judgement = judgePresentedKey(context, lookup, input);
    return judgement instanceof Promise ? judgement.then((settled) => answer(context, settled)) : answer(context, judgement);
  });
});

function answer(context: RouteContext<'authorizeGatewayRequest'>, judgement: Judgement): RouteResult {
  if (judgement.kind === 'refused') {
    const { code, detail, holdMs } = judgement;
    const problem = VERIFICATION_PROBLEMS[code];
    const status = code === 'IP_NOT_ALLOWED' || code === 'INSUFFICIENT_SCOPE' ? 403 : 401;
    const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_token"` } : {};
    throw new ProblemError(problem, detail, { headers, holdMs });
  }
  const { key, decision } = judgement;
  if (judgement.kind === 'rate_limited') {
    throw new ProblemError('RATE_LIMITED', `The key may make ${decision.limit} requests a minute. Try again in ${decision.retryAfterSeconds} seconds.`, {
      headers: rateLimitHeaders(decision),
    });
  }
  return { status: 200, headers: { ...identityHeaders(key, context.caller.organization.resolver), ...rateLimitHeaders(decision) } };
}
