import type { components } from '../../api/schema.js';
import { redactSecrets, SECRET_REJECTION_MESSAGES } from '../../core/key-format.js';
import { effectiveLimit, rateLimitHeader, rateLimitPolicyHeader } from '../../core/rate-limit.js';
import { evaluateKey, type VerificationCode } from '../../core/verification.js';
import type { ApiKeyRecord } from '../../core/types.js';
import { loadPresentedKey, peekPresentedKey, type PresentedKeyLookup } from '../auth/presented-key.js';
import { withPolicy, type RouteContext, type RouteResult } from '../context.js';
import { validVerdictJson, verifiedKey, verifiedKeyJson } from '../keys/verdict-json.js';

type VerifyKeyResponse = components['schemas']['VerifyKeyResponse'];

/**
 * POST /v1/keys/verify, the hot path: a gateway asks whether a presented key may make a
 * request. A question, not a change (the contract marks it `x-keyplane-safe`): it runs in no
 * transaction, is never replayed, and writes nothing on the request path. Refusals go to the
 * refusal recorder, uses to the usage recorder, both written off the request path. A key this
 * node has cached is answered without an `await`; a malformed one costs no lookup at all.
 *
 * Rate limit: the verification counts against the presented key, not the calling gateway's.
 */
export const verifyKey = withPolicy<'verifyKey'>({ rateLimit: 'handler' }, (context) => {
  const { services } = context;
  const peek = peekPresentedKey(services.directory, services.serverSecret, context.body!.key);
  if (peek.kind !== 'miss') return answer(context, peek);
  return loadPresentedKey(services.directory, peek).then((lookup) => answer(context, lookup));
});

function answer(context: RouteContext<'verifyKey'>, lookup: PresentedKeyLookup): RouteResult {
  const { services, caller, now } = context;
  const input = context.body!;
  if (lookup.kind === 'malformed') {
    return refused(context, 'MALFORMED', `The key is malformed: ${SECRET_REJECTION_MESSAGES[lookup.reason]}`, null);
  }
  // Nothing crosses organizations: another organization's key is unknown here.
  if (lookup.kind === 'unknown' || lookup.match.entry.key.organizationId !== caller.organization.org.id) {
    return refused(context, 'NOT_FOUND', `No key ${lookup.hint} exists in this organization.`, null, lookup.hint);
  }
  const { key, compiledIpRules } = lookup.match.entry;
  const { resolver, org } = caller.organization;
  const verdict = evaluateKey({
    key,
    presentedHashWasPrevious: lookup.match.previous,
    now,
    clientIp: input.ip ?? null,
    requiredScopes: input.required_scopes,
    resolver,
    compiledIpRules,
  });
  if (!verdict.valid) {
    const extra = verdict.code === 'INSUFFICIENT_SCOPE' ? { missing_scopes: verdict.missingScopes } : {};
    return refused(context, verdict.code, verdict.detail, key, lookup.hint, extra);
  }

  const decision = services.limiter.consume(key.id, effectiveLimit(org, key), now);
  // The presented key's limit, in the headers too, so a gateway can pass them to its client.
  // Not Retry-After: on a 200 it would tell an HTTP client to wait for this very answer; the
  // RateLimit header's `t` and the body's `reset_seconds` say when the key may go on.
  const headers = { 'RateLimit-Policy': rateLimitPolicyHeader(decision.limit, decision.windowSeconds), RateLimit: rateLimitHeader(decision) };
  if (!decision.allowed) {
    // Not audited: a client over its limit would flood the trail; the answer says enough.
    const body: VerifyKeyResponse = {
      valid: false,
      code: 'RATE_LIMITED',
      detail: `The key may make ${decision.limit} requests a minute; try again in ${decision.resetSeconds} seconds.`,
      key: verifiedKey(key, resolver, now),
      rate_limit: { limit: decision.limit, remaining: decision.remaining, reset_seconds: decision.resetSeconds },
    };
    return { status: 200, headers, body };
  }
  services.usage.record(key.id, now);
  // The answer of the hot path, serialized from the key's cached JSON (see verdict-json.ts).
  return { status: 200, headers, json: validVerdictJson(verifiedKeyJson(key, resolver, now), decision) };
}

function refused(
  context: RouteContext<'verifyKey'>,
  code: Exclude<VerificationCode, 'VALID' | 'RATE_LIMITED'>,
  detail: string,
  key: ApiKeyRecord | null,
  hint?: string,
  extra: Partial<VerifyKeyResponse> = {},
): RouteResult {
  // `ip` is whatever the gateway sent, not necessarily an address: what is recorded or
  // quoted of it must not be a secret someone put there.
  const ip = context.body?.ip;
  const presentedFrom = ip ? redactSecrets(ip) : undefined;
  context.services.refusals.record({
    // The end client, as the gateway names it; else the gateway itself.
    source: presentedFrom ? `ip:${presentedFrom}` : `caller:${context.caller.actor.id}`,
    organizationId: context.caller.organization.org.id,
    actor: context.caller.actor,
    targetType: key ? 'api_key' : null,
    targetId: key?.id ?? null,
    ip: context.clientIp,
    requestId: context.requestId,
    occurredAt: context.now,
    details: { code, via: 'verify', ...(hint ? { hint } : {}), ...(presentedFrom ? { presented_from: presentedFrom } : {}) },
  });
  const body: VerifyKeyResponse = { valid: false, code, detail: redactSecrets(detail), key: key ? verifiedKey(key, context.caller.organization.resolver, context.now) : null, ...extra };
  return { status: 200, body, holdMs: presentedFrom ? holdForFailingClient(context, presentedFrom) : 0 };
}

/**
 * Refusals of one end client (the `ip` the gateway sends) are counted like failed
 * authentications: past the limit a minute, that client's refusing verdicts are held before
 * they go out, so a flood of dead keys through a gateway waits instead of taking the CPU from
 * good keys. The verdict itself is unchanged, and good keys are never held. Without an `ip`
 * nothing is held: the gateway's own clients would all wait.
 */
function holdForFailingClient(context: RouteContext<'verifyKey'>, client: string): number {
  const { failedAuthentications, failedAuthenticationLimit, throttledAnswerHoldMs } = context.services;
  return failedAuthentications.consume(`client:${client}`, failedAuthenticationLimit, context.now).allowed ? 0 : throttledAnswerHoldMs;
}
