import type { ApiKeyChanges } from '../../store/store.js';
import type { ApiKeyRecord } from '../../core/types.js';
import type { RouteHandler } from '../context.js';
import { checkAuthorityOver, checkExpiry, checkIpRules, checkKeyRateLimit, checkScopes, findChangeableKey } from '../keys/key-rules.js';
import { iso, toApiKey } from '../serialize.js';
import { checkTextFields } from '../text-rules.js';

/** PATCH /v1/keys/{key_id}: merge-patch semantics; the next request sees the change. */
export const updateKey: RouteHandler<'updateKey'> = async (context) => {
  const { caller, now } = context;
  const input = context.body!;
  checkTextFields(input);
  const key = await findChangeableKey(context, context.params.key_id);
  checkAuthorityOver(caller, key, 'update');

  const changes: ApiKeyChanges = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.description !== undefined) changes.description = input.description;
  if (input.metadata !== undefined) changes.metadata = input.metadata;
  if (input.scopes !== undefined) changes.scopes = checkScopes(caller, input.scopes);
  if (input.ip_rules !== undefined) changes.ipRules = checkIpRules(input.ip_rules);
  if (input.rate_limit_per_minute !== undefined) changes.rateLimitPerMinute = checkKeyRateLimit(caller, input.rate_limit_per_minute);
  if (input.expires_at !== undefined || input.expires_in !== undefined || input.not_before !== undefined) {
    const expiry = checkExpiry(caller, now, input, key);
    changes.expiresAt = expiry.expiresAt;
    changes.notBefore = expiry.notBefore;
  }

  const diff = describeChanges(key, changes);
  if (Object.keys(diff).length === 0) return { status: 200, body: toApiKey(key, now) };

  changes.updatedAt = now;
  const updated = (await context.store.keys.update(key.organizationId, key.id, changes))!;
  await context.audit({ action: 'key.updated', targetType: 'api_key', targetId: key.id, details: { changes: diff } });
  await context.invalidate({ kind: 'key', id: key.id });
  return { status: 200, body: toApiKey(updated, now) };
};

const TIME_FIELDS = new Set(['expiresAt', 'notBefore']);
const FIELD_NAMES: Record<string, string> = {
  name: 'name',
  description: 'description',
  metadata: 'metadata',
  scopes: 'scopes',
  ipRules: 'ip_rules',
  rateLimitPerMinute: 'rate_limit_per_minute',
  expiresAt: 'expires_at',
  notBefore: 'not_before',
};

/** `{field: {from, to}}` for each field that really changes, in the contract's names. */
function describeChanges(key: ApiKeyRecord, changes: ApiKeyChanges): Record<string, { from: unknown; to: unknown }> {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(changes)) {
    const from = key[field as keyof ApiKeyRecord];
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    const show = (v: unknown) => (TIME_FIELDS.has(field) ? iso(v as number | null) : v);
    diff[FIELD_NAMES[field] ?? field] = { from: show(from), to: show(to) };
  }
  return diff;
}
