import { newKeyId } from '../../core/ids.js';
import { generateSecret, secretHint, secretPartsFor } from '../../core/key-format.js';
import { hashSecret } from '../../core/secret-hash.js';
import type { Actor, ApiKeyRecord, Organization } from '../../core/types.js';

/** The fields a new key is made with; everything else starts empty. */
export type NewKeyFields = Pick<
  ApiKeyRecord,
  'name' | 'description' | 'scopes' | 'expiresAt' | 'notBefore' | 'ipRules' | 'metadata' | 'rateLimitPerMinute'
>;

/**
 * A new key of `org` with a fresh secret. The record holds only the secret's keyed hash and
 * hint; the secret itself is returned beside it to be shown once and then forgotten.
 */
export function newKey(
  org: Organization,
  fields: NewKeyFields,
  context: { now: number; createdBy: Actor; serverSecret: Buffer },
): { key: ApiKeyRecord; secret: string } {
  const secret = generateSecret(secretPartsFor(org));
  const { now } = context;
  const key: ApiKeyRecord = {
    id: newKeyId(now),
    organizationId: org.id,
    ...fields,
    hint: secretHint(secret),
    secretHash: hashSecret(secret, context.serverSecret),
    previousSecretHash: null,
    previousSecretExpiresAt: null,
    createdAt: now,
    createdBy: context.createdBy,
    updatedAt: now,
    lastUsedAt: null,
    revokedAt: null,
    rotatedAt: null,
  };
  return { key, secret };
}
