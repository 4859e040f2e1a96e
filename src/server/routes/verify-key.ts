import type { components } from '../../api/schema.js';
import { rateLimitHeader, rateLimitPolicyHeader, type RateLimitDecision } from '../../core/rate-limit.js';
import { withPresentedKey } from '../auth/presented-key.js';
import { withPolicy, type RouteContext, type RouteResult } from '../context.js';
import { judgePresentedKey, type Judgement } from '../keys/key-judgement.js';
import { validVerdictJson, verifiedKey, verifiedKeyJson } from '../keys/verdict-json.js';

type VerifyKeyResponse = components['schemas']['VerifyKeyResponse'];

/**
 * POST /v1/keys/verify, the hot path: a gateway asks whether a presented key may make a
 * request. A question, not a change (the contract marks it `x-keyplane-safe`): it runs in no
 * transaction, is never replayed, and writes nothing on the request path. A key this node has
 * cached is answered without an `await`; a malformed one costs no lookup at all. The
 * judgement is shared with the gateways' front door (key-judgement.ts); this renders it as
 * the contract's verdict.
 *
 * Rate limit: the verification counts against the presented key, not the calling gateway's.
 */
export const verifyKey = withPolicy<'verifyKey'>({ rateLimit: 'handler' }, (context) => {
  const input = context.body!;
  return withPresentedKey(context.services, input.key, (lookup) => {
    const judgement = judgePresentedKey(context, lookup, { clientIp: input.ip ?? null, requiredScopes: input.required_scopes, via: 'verify' });
    return judgement instanceof Promise ? judgement.then((settled) => verdict(context, settled)) : verdict(context, judgement);
  });
});

function verdict(context: RouteContext<'verifyKey'>, judgement: Judgement): RouteResult {
  const { resolver } = context.caller.organization;
  if (judgement.kind === 'refused') {
    const { code, detail, key, missingScopes, holdMs } = judgement;
    const body: VerifyKeyResponse = {
      valid: false,
      code,
      detail,
      key: key ? verifiedKey(key, resolver, context.now) : null,
      ...(missingScopes ? { missing_scopes: missingScopes } : {}),
    };
    return { status: 200, body, holdMs };
  }
  const { key, decision } = judgement;
  // The presented key's limit, in the headers too, so a gateway can pass them to its client.
  // Not Retry-After: on a 200 it would tell an HTTP client to wait for this very answer; the
  // RateLimit header's `t` and the body's `reset_seconds` say when the key may go on.
  const headers = limitHeaders(decision);
  if (judgement.kind === 'rate_limited') {
    const body: VerifyKeyResponse = {
      valid: false,
      code: 'RATE_LIMITED',
      detail: `The key may make ${decision.limit} requests a minute; try again in ${decision.resetSeconds} seconds.`,
      key: verifiedKey(key, resolver, context.now),
      rate_limit: { limit: decision.limit, remaining: decision.remaining, reset_seconds: decision.resetSeconds },
    };
    return { status: 200, headers, body };
  }
  // The answer of the hot path, serialized from the key's cached JSON (see verdict-json.ts).
  return { status: 200, headers, json: validVerdictJson(verifiedKeyJson(key, resolver, context.now), decision) };
}

function limitHeaders(decision: RateLimitDecision): Record<string, string> {
  return { 'RateLimit-Policy': rateLimitPolicyHeader(decision.limit, decision.windowSeconds), RateLimit: rateLimitHeader(decision) };
}
