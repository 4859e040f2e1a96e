import type { RouteHandler } from '../context.js';
import { checkAuthorityOver, findKey } from '../keys/key-rules.js';
import { toApiKey } from '../serialize.js';
import { checkTextFields } from '../text-rules.js';

/**
 * POST /v1/keys/{key_id}/revoke: immediate and final; revoking twice changes nothing. Only a
 * caller that holds every scope of the key may revoke it, or the key itself.
 */
export const revokeKey: RouteHandler<'revokeKey'> = async (context) => {
  const { now } = context;
  checkTextFields(context.body);
  const key = await findKey(context, context.params.key_id);
  // Checked before the no-op answer too: fail closed, whatever the key's state.
  checkAuthorityOver(context.caller, key, 'revoke');
  if (key.revokedAt !== null) return { status: 200, body: toApiKey(key, now) };

  const revoked = (await context.store.keys.update(key.organizationId, key.id, { revokedAt: now, updatedAt: now }))!;
  await context.audit({
    action: 'key.revoked',
    targetType: 'api_key',
    targetId: key.id,
    details: { name: key.name, hint: key.hint, reason: context.body?.reason ?? null },
  });
  await context.invalidate({ kind: 'key', id: key.id });
  return { status: 200, body: toApiKey(revoked, now) };
};
