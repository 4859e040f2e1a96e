/**
 * The requests made from a plan: create sends what is configured; update sends only what
 * changed in meaning (so equivalent notations cost no call), and clears what was removed; a
 * rotation that renews sends the new expiry.
 */
import { describe, expect, it } from 'vitest';
import { SchemaCodec, Unknown, type CtyValue } from '../../../src/provider/framework/index.js';
import type { KeyPolicy } from '../../../src/core/types.js';
import { expiryOnRenewal } from '../../../src/provider/resources/api-key-lifetime.js';
import type { ServiceResult } from '../../../src/provider/service-result.js';
import { createBody, updateBody } from '../../../src/provider/resources/api-key-mapping.js';
import { apiKeySchema, type ApiKeyPlan, type ApiKeyState } from '../../../src/provider/resources/api-key-schema.js';

const codec = new SchemaCodec(apiKeySchema);
const prior = codec.complete({
  id: 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K',
  name: 'CRM',
  description: 'sync',
  scopes: ['keys:read', 'keys:verify'],
  expires_at: '2030-01-01T00:00:00Z',
  not_before: null,
  metadata: null,
  rate_limit_per_minute: null,
  ip_rule: [{ action: 'allow', cidr: '10.0.0.1/8', note: null }],
  secret: 's',
  hint: 'h',
  status: 'active',
  created_at: '2026-01-01T00:00:00.000Z',
  rotated_at: null,
}) as ApiKeyState;
const plan = (changes: Record<string, CtyValue>) => ({ ...prior, ...changes }) as unknown as ApiKeyPlan;

describe('updateBody', () => {
  it('sends nothing when only the notation changed', () => {
    expect(
      updateBody(
        prior,
        plan({
          scopes: ['keys:verify', 'keys:read'],
          expires_at: '2030-01-01T01:00:00.000+01:00',
          ip_rule: [{ action: 'allow', cidr: '10.0.0.0/8', note: null }],
          metadata: {},
          rotation_triggers: { a: 'b' },
        }),
      ),
    ).toBeNull();
  });

  it('sends what changed, and clears what was removed', () => {
    expect(
      updateBody(
        prior,
        plan({ name: 'CRM (EU)', description: null, scopes: null, ip_rule: [], not_before: '2029-01-01T00:00:00Z', rate_limit_per_minute: 10 }),
      ),
    ).toEqual({ name: 'CRM (EU)', description: null, scopes: [], ip_rules: [], not_before: '2029-01-01T00:00:00Z', rate_limit_per_minute: 10 });
  });
});

describe('updateBody: the expiry', () => {
  it('never_expires clears an expiry, and sends nothing for a key that has none', () => {
    expect(updateBody(prior, plan({ never_expires: true, expires_at: null }))).toEqual({ expires_at: null });
    const never = { ...prior, expires_at: null, never_expires: true } as ApiKeyState;
    expect(updateBody(never, { ...never } as unknown as ApiKeyPlan)).toBeNull();
  });

  it('a new expires_after sends the lifetime, for the service to count from now; the same lifetime in another notation sends nothing', () => {
    const withLifetime = { ...prior, expires_after: '90d' } as ApiKeyState;
    expect(updateBody(withLifetime, plan({ expires_after: '30d', expires_at: Unknown }))).toEqual({ expires_in: 30 * 86_400 });
    expect(updateBody(withLifetime, plan({ expires_after: '2160h' }))).toBeNull();
    // A key that had none (imported, or with expires_at before) gets the lifetime from now.
    expect(updateBody(prior, plan({ expires_after: '1d', expires_at: Unknown }))).toEqual({ expires_in: 86_400 });
  });
});

describe('createBody', () => {
  const created = (values: Record<string, CtyValue>) => createBody(codec.complete({ name: 'n', expires_at: Unknown, secret: Unknown, ...values }) as ApiKeyPlan);

  it('leaves out the expiry not configured (the organization default applies) and empty rules', () => {
    expect(created({})).toEqual({ name: 'n' });
  });

  it('expires_after: the lifetime in seconds (the service counts it on its clock); never_expires: null; expires_at: as configured', () => {
    expect(created({ expires_after: '90d' })).toEqual({ name: 'n', expires_in: 90 * 86_400 });
    expect(created({ expires_after: '1h30m' })).toEqual({ name: 'n', expires_in: 5_400 });
    expect(created({ never_expires: true, expires_at: null })).toEqual({ name: 'n', expires_at: null });
    expect(created({ never_expires: false })).toEqual({ name: 'n' });
    expect(created({ expires_at: '2027-01-01T00:00:00Z' })).toEqual({ name: 'n', expires_at: '2027-01-01T00:00:00Z' });
  });
});

describe('expiryOnRenewal (the expiry sent with a rotation that renews the key)', () => {
  const policy = (defaultTtlSeconds: number | null, maxTtlSeconds: number | null): KeyPolicy => ({
    defaultTtlSeconds,
    maxTtlSeconds,
    issuerPrefix: 'nm',
    tagStyle: 'organization',
    environmentTag: null,
  });
  const lifetime = (expires_after: string | null) => ({ expires_at: null, expires_after, never_expires: null });
  const unread = async (): Promise<ServiceResult<KeyPolicy>> => {
    throw new Error('the policy is not needed with expires_after');
  };
  const read = (p: KeyPolicy) => async () => ({ data: p });

  it('is expires_after as a lifetime from the rotation, without reading the policy', async () => {
    expect(await expiryOnRenewal(lifetime('90d'), unread)).toEqual({ data: { expires_in: 90 * 86_400 } });
  });

  it("without expires_after, the organization's default lifetime from the rotation (capped at its maximum), or never", async () => {
    expect(await expiryOnRenewal(lifetime(null), read(policy(7 * 86_400, null)))).toEqual({ data: { expires_in: 7 * 86_400 } });
    expect(await expiryOnRenewal(lifetime(null), read(policy(90 * 86_400, 86_400)))).toEqual({ data: { expires_in: 86_400 } });
    expect(await expiryOnRenewal(lifetime(null), read(policy(null, null)))).toEqual({ data: { expires_at: null } });
  });

  it('is the failure to read the policy when it is needed', async () => {
    const error = { unreachable: 'Could not reach the Keyplane service' };
    expect(await expiryOnRenewal(lifetime(null), async () => ({ error }))).toEqual({ error });
  });
});
