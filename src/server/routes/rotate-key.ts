import { keyStatus, previousSecretExpiry } from '../../core/expiry.js';
import { generateSecret, secretHint, secretPartsFor } from '../../core/key-format.js';
import { hashSecret } from '../../core/secret-hash.js';
import type { ApiKeyChanges } from '../../store/store.js';
import type { RouteHandler } from '../context.js';
import { checkAuthorityOver, checkExpiry, findChangeableKey } from '../keys/key-rules.js';
import { iso, toApiKey } from '../serialize.js';

/**
 * POST /v1/keys/{key_id}/rotate: a new secret for the same key. The replaced secret keeps
 * working for the grace period; any older one stops at once (only two are ever valid). With
 * `expires_at` or `expires_in`, the key's expiry changes in the same write as its secret, checked as an
 * update's would be; that is how an expired key is rotated back into use.
 */
export const rotateKey: RouteHandler<'rotateKey'> = async (context) => {
  const { now } = context;
  const key = await findChangeableKey(context, context.params.key_id);
  // The answer holds a working secret of the key: handing it to a caller that does not hold
  // the key's scopes itself would be an escalation, as granting them on create would be.
  checkAuthorityOver(context.caller, key, 'rotate');
  const requested = context.body ?? {};
  // Checked before anything changes: a refused expiry rotates nothing.
  const renewing = requested.expires_at !== undefined || requested.expires_in !== undefined;
  const expiry = renewing ? checkExpiry(context.caller, now, requested, key) : null;
  // A key that had expired gets no grace: its secret had stopped working, and a renewed
  // expiry must not bring that secret back.
  const wasExpired = keyStatus(key, now) === 'expired';
  const grace = wasExpired ? 0 : (requested.grace_period ?? 0);
  const previousExpiresAt = previousSecretExpiry(now, grace);

  const secret = generateSecret(secretPartsFor(context.caller.organization.org));
  const changes: ApiKeyChanges = {
    secretHash: hashSecret(secret, context.services.serverSecret),
    hint: secretHint(secret),
    previousSecretHash: previousExpiresAt === null ? null : key.secretHash,
    previousSecretExpiresAt: previousExpiresAt,
    rotatedAt: now,
    updatedAt: now,
  };
  if (expiry) changes.expiresAt = expiry.expiresAt;
  const rotated = (await context.store.keys.update(key.organizationId, key.id, changes))!;
  const renewed = expiry && expiry.expiresAt !== key.expiresAt ? { expires_at: { from: iso(key.expiresAt), to: iso(expiry.expiresAt) } } : {};
  await context.audit({
    action: 'key.rotated',
    targetType: 'api_key',
    targetId: key.id,
    details: { grace_period: grace, previous_hint: key.hint, hint: rotated.hint, previous_secret_expires_at: iso(previousExpiresAt), ...renewed },
  });
  await context.invalidate({ kind: 'key', id: key.id });
  return { status: 200, body: { ...toApiKey(rotated, now), secret } };
};
