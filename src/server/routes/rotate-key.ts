import { previousSecretExpiry } from '../../core/expiry.js';
import { generateSecret, secretHint, secretPartsFor } from '../../core/key-format.js';
import { hashSecret } from '../../core/secret-hash.js';
import type { RouteHandler } from '../context.js';
import { checkAuthorityOver, findChangeableKey } from '../keys/key-rules.js';
import { iso, toApiKey } from '../serialize.js';

/**
 * POST /v1/keys/{key_id}/rotate: a new secret for the same key. The replaced secret keeps
 * working for the grace period; any older one stops at once (only two are ever valid).
 */
export const rotateKey: RouteHandler<'rotateKey'> = async (context) => {
  const { now } = context;
  const key = await findChangeableKey(context, context.params.key_id);
  // The answer holds a working secret of the key: handing it to a caller that does not hold
  // the key's scopes itself would be an escalation, as granting them on create would be.
  checkAuthorityOver(context.caller, key, 'rotate');
  const grace = context.body?.grace_period ?? 0;
  const previousExpiresAt = previousSecretExpiry(now, grace);

  const secret = generateSecret(secretPartsFor(context.caller.organization.org));
  const rotated = (await context.store.keys.update(key.organizationId, key.id, {
    secretHash: hashSecret(secret, context.services.serverSecret),
    hint: secretHint(secret),
    previousSecretHash: previousExpiresAt === null ? null : key.secretHash,
    previousSecretExpiresAt: previousExpiresAt,
    rotatedAt: now,
    updatedAt: now,
  }))!;
  await context.audit({
    action: 'key.rotated',
    targetType: 'api_key',
    targetId: key.id,
    details: { grace_period: grace, previous_hint: key.hint, hint: rotated.hint, previous_secret_expires_at: iso(previousExpiresAt) },
  });
  await context.invalidate({ kind: 'key', id: key.id });
  return { status: 200, body: { ...toApiKey(rotated, now), secret } };
};
