import { redactSecrets, SECRET_REJECTION_MESSAGES } from '../../core/key-format.js';
import { effectiveLimit, type RateLimitDecision } from '../../core/rate-limit.js';
import type { ApiKeyRecord } from '../../core/types.js';
import { evaluateKey, type VerificationCode } from '../../core/verification.js';
import type { PresentedKeyLookup } from '../auth/presented-key.js';
import type { OperationId, RouteContext } from '../context.js';

/** What a judgement needs of the request that asks for it. */
type Asking = Pick<RouteContext<OperationId>, 'services' | 'caller' | 'now' | 'clientIp' | 'requestId'>;

export interface JudgementInput {
  /** The end client's address, for the key's IP rules; null when unknown. */
  clientIp: string | null;
  requiredScopes: readonly string[] | undefined;
  /** Which front door asked, for the audit trail. */
  via: 'verify' | 'gateway';
}

export type RefusalCode = Exclude<VerificationCode, 'VALID' | 'RATE_LIMITED'>;

/** The decision on a presented key, before either front door renders it. */
export type Judgement =
  | { kind: 'valid'; key: ApiKeyRecord; decision: RateLimitDecision }
  | { kind: 'rate_limited'; key: ApiKeyRecord; decision: RateLimitDecision }
  | {
      kind: 'refused';
      code: RefusalCode;
      detail: string;
      key: ApiKeyRecord | null;
      missingScopes?: string[];
      /** Hold the answer this long: the end client keeps failing. */
      holdMs: number;
    };

/**
 * The one verification of a key a gateway or backend asks about, behind both front doors
 * (`POST /v1/keys/verify` and `GET /v1/gateway/auth`). The verdict follows the contract's
 * order; a valid key counts against its own rate limit and its use is noted; a refusal goes
 * to the refusal recorder (never a write on the request path), and an end client that keeps
 * failing has its refusals held. Nothing crosses organizations: another organization's key
 * is unknown here.
 */
export function judgePresentedKey(context: Asking, lookup: PresentedKeyLookup, input: JudgementInput): Judgement | Promise<Judgement> {
  const { services, caller, now } = context;
  if (lookup.kind === 'malformed') {
    return refuse(context, input, 'MALFORMED', `The key is malformed: ${SECRET_REJECTION_MESSAGES[lookup.reason]}`, null);
  }
  if (lookup.kind === 'unknown' || lookup.match.entry.key.organizationId !== caller.organization.org.id) {
    return refuse(context, input, 'NOT_FOUND', `No key ${lookup.hint} exists in this organization.`, null, lookup.hint);
  }
  const { key, compiledIpRules } = lookup.match.entry;
  const { resolver, org } = caller.organization;
  const verdict = evaluateKey({
    key,
    presentedHashWasPrevious: lookup.match.previous,
    now,
    clientIp: input.clientIp,
    requiredScopes: input.requiredScopes,
    resolver,
    compiledIpRules,
  });
  if (!verdict.valid) {
    const judgement = refuse(context, input, verdict.code, verdict.detail, key, lookup.hint);
    return verdict.code === 'INSUFFICIENT_SCOPE' ? { ...judgement, missingScopes: verdict.missingScopes } : judgement;
  }
  const decision = services.limiter.consume(key.id, effectiveLimit(org, key), now);
  if (decision instanceof Promise) return decision.then((settled) => counted(context, key, settled));
  return counted(context, key, decision);
}

function counted(context: Asking, key: ApiKeyRecord, decision: RateLimitDecision): Judgement {
  // Not audited: a client over its limit would flood the trail; the answer says enough.
  if (!decision.allowed) return { kind: 'rate_limited', key, decision };
  context.services.usage.record(key.id, context.now);
  return { kind: 'valid', key, decision };
}

function refuse(
  context: Asking,
  input: JudgementInput,
  code: RefusalCode,
  detail: string,
  key: ApiKeyRecord | null,
  hint?: string,
): Extract<Judgement, { kind: 'refused' }> {
  // The end client's address is whatever the gateway sent, not necessarily an address: what
  // is recorded or quoted of it must not be a secret someone put there.
  const endClient = input.clientIp ? redactSecrets(input.clientIp) : undefined;
  context.services.refusals.record({
    // The end client, as the gateway names it; else the gateway itself.
    source: endClient ? `ip:${endClient}` : `caller:${context.caller.actor.id}`,
    organizationId: context.caller.organization.org.id,
    actor: context.caller.actor,
    targetType: key ? 'api_key' : null,
    targetId: key?.id ?? null,
    ip: context.clientIp,
    requestId: context.requestId,
    occurredAt: context.now,
    details: { code, via: input.via, ...(hint ? { hint } : {}), ...(endClient ? { presented_from: endClient } : {}) },
  });
  return { kind: 'refused', code, detail: redactSecrets(detail), key, holdMs: endClient ? holdForFailingClient(context, endClient) : 0 };
}

/**
 * Refusals of one end client are counted like failed authentications: past the limit a
 * minute, that client's refusing answers are held before they go out, so a flood of dead
 * keys through a gateway waits instead of taking the CPU from good keys. The verdict itself
 * is unchanged, and good keys are never held. Without an end client nothing is held: the
 * gateway's own clients would all wait.
 */
function holdForFailingClient(context: Asking, client: string): number {
  const { failedAuthentications, failedAuthenticationLimit, throttledAnswerHoldMs } = context.services;
  return failedAuthentications.consume(`client:${client}`, failedAuthenticationLimit, context.now).allowed ? 0 : throttledAnswerHoldMs;
}
