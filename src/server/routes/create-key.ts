import type { RouteHandler } from '../context.js';
import { checkExpiry, checkIpRules, checkKeyRateLimit, checkScopes } from '../keys/key-rules.js';
import { newKey } from '../keys/new-key.js';
import { iso, toApiKey } from '../serialize.js';
import { checkTextFields } from '../text-rules.js';

/** POST /v1/keys: the only place besides rotation where a secret is made and shown. */
export const createKey: RouteHandler<'createKey'> = async (context) => {
  const { caller, now, body } = context;
  const input = body!;
  checkTextFields(input);
  const scopes = checkScopes(caller, input.scopes ?? []);
  const ipRules = checkIpRules(input.ip_rules ?? []);
  const { expiresAt, notBefore } = checkExpiry(caller, now, input);
  const rateLimitPerMinute = checkKeyRateLimit(caller, input.rate_limit_per_minute ?? null);

  const { key, secret } = newKey(
    caller.organization.org,
    {
      name: input.name,
      description: input.description ?? null,
      scopes,
      expiresAt,
      notBefore,
      ipRules,
      metadata: input.metadata ?? {},
      rateLimitPerMinute,
    },
    { now, createdBy: caller.actor, serverSecret: context.services.serverSecret },
  );
  await context.store.keys.insert(key);
  await context.audit({
    action: 'key.created',
    targetType: 'api_key',
    targetId: key.id,
    details: { name: key.name, scopes, expires_at: iso(expiresAt), not_before: iso(notBefore), ip_rules: ipRules, hint: key.hint },
  });
  return {
    status: 201,
    headers: { Location: `/v1/keys/${key.id}` },
    body: { ...toApiKey(key, now), secret },
  };
};
