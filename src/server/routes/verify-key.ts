import type { components } from '../../api/schema.js';
import { parseSecret, redactSecrets, secretHint, SECRET_REJECTION_MESSAGES } from '../../core/key-format.js';
import { effectiveLimit } from '../../core/rate-limit.js';
import { hashSecret } from '../../core/secret-hash.js';
import { keyStatus } from '../../core/expiry.js';
import { evaluateKey, type VerificationCode } from '../../core/verification.js';
import type { ApiKeyRecord } from '../../core/types.js';
import type { RouteContext, RouteHandler } from '../context.js';
import { iso } from '../serialize.js';

type VerifyKeyResponse = components['schemas']['VerifyKeyResponse'];

/**
 * POST /v1/keys/verify, the hot path: a gateway asks whether a presented key may make a
 * request. A known key costs no database round trip (the directory caches it); a malformed
 * one costs no lookup at all. Only a refusal writes (its audit event).
 */
export const verifyKey: RouteHandler<'verifyKey'> = async (context) => {
  const { services, caller, now } = context;
  const input = context.body!;
  const parsed = parseSecret(input.key);
  if (!parsed.ok) {
    return refused(context, 'MALFORMED', `The key is malformed: ${SECRET_REJECTION_MESSAGES[parsed.reason]}`, null);
  }
  const match = await services.directory.keyByHash(hashSecret(input.key, services.serverSecret));
  // Nothing crosses organizations: another organization's key is unknown here.
  if (!match || match.entry.key.organizationId !== caller.key.organizationId) {
    return refused(context, 'NOT_FOUND', `No key ${secretHint(input.key)} exists in this organization.`, null, secretHint(input.key));
  }
  const { key, compiledIpRules } = match.entry;
  const { resolver, org } = caller.organization;
  const verdict = evaluateKey({
    key,
    presentedHashWasPrevious: match.previous,
    now,
    clientIp: input.ip ?? null,
    requiredScopes: input.required_scopes,
    resolver,
    compiledIpRules,
  });
  if (!verdict.valid) {
    const extra = verdict.code === 'INSUFFICIENT_SCOPE' ? { missing_scopes: verdict.missingScopes } : {};
    return refused(context, verdict.code, verdict.detail, key, key.hint, extra);
  }

  const decision = services.limiter.consume(key.id, effectiveLimit(org, key), now);
  const rate_limit = { limit: decision.limit, remaining: decision.remaining, reset_seconds: decision.resetSeconds };
  if (!decision.allowed) {
    // Not audited: a client over its limit would flood the trail; the answer says enough.
    const body: VerifyKeyResponse = {
      valid: false,
      code: 'RATE_LIMITED',
      detail: `The key may make ${decision.limit} requests a minute; try again in ${decision.resetSeconds} seconds.`,
      key: verifiedKey(context, key),
      rate_limit,
    };
    return { status: 200, body };
  }
  services.usage.record(key.id, now);
  const body: VerifyKeyResponse = {
    valid: true,
    code: 'VALID',
    detail: 'The key is valid for this request.',
    key: verifiedKey(context, key),
    rate_limit,
  };
  return { status: 200, body };
};

function verifiedKey(context: RouteContext<'verifyKey'>, key: ApiKeyRecord): components['schemas']['VerifiedKey'] {
  return {
    id: key.id,
    name: key.name,
    scopes: key.scopes,
    effective_scopes: [...context.caller.organization.resolver.resolve(key.scopes)].sort(),
    metadata: key.metadata,
    expires_at: iso(key.expiresAt),
    status: keyStatus(key, context.now),
  };
}

async function refused(
  context: RouteContext<'verifyKey'>,
  code: Exclude<VerificationCode, 'VALID' | 'RATE_LIMITED'>,
  detail: string,
  key: ApiKeyRecord | null,
  hint?: string,
  extra: Partial<VerifyKeyResponse> = {},
) {
  // `ip` is whatever the gateway sent, not necessarily an address: what is recorded or
  // quoted of it must not be a secret someone put there.
  const ip = context.body?.ip;
  await context.audit({
    action: 'auth.refused',
    targetType: key ? 'api_key' : null,
    targetId: key?.id ?? null,
    details: { code, via: 'verify', ...(hint ? { hint } : {}), ...(ip ? { presented_from: redactSecrets(ip) } : {}) },
  });
  const body: VerifyKeyResponse = { valid: false, code, detail: redactSecrets(detail), key: key ? verifiedKey(context, key) : null, ...extra };
  return { status: 200, body };
}
