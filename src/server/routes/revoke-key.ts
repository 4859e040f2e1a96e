import type { RouteHandler } from '../context.js';
import { findKey } from '../keys/key-rules.js';
import { toApiKey } from '../serialize.js';

/** POST /v1/keys/{key_id}/revoke: immediate and final; revoking twice changes nothing. */
export const revokeKey: RouteHandler<'revokeKey'> = async (context) => {
  const { now } = context;
  const key = await findKey(context, context.params.key_id);
  if (key.revokedAt !== null) return { status: 200, body: toApiKey(key, now) };

  const revoked = (await context.store.keys.update(key.organizationId, key.id, { revokedAt: now, updatedAt: now }))!;
  await context.audit({
    action: 'key.revoked',
    targetType: 'api_key',
    targetId: key.id,
    details: { name: key.name, hint: key.hint, reason: context.body?.reason ?? null },
  });
  context.afterCommit(() => context.services.directory.forgetKey(key.id));
  return { status: 200, body: toApiKey(revoked, now) };
};
