/**
 * The requests made from a plan: create sends what is configured; update sends only what
 * changed in meaning (so equivalent notations cost no call), and clears what was removed.
 */
import { describe, expect, it } from 'vitest';
import { SchemaCodec, Unknown, type CtyValue } from '../../../src/provider/framework/index.js';
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

describe('createBody', () => {
  it('leaves out the expiry not configured (the organization default applies) and empty rules', () => {
    expect(createBody(codec.complete({ name: 'n', expires_at: Unknown, secret: Unknown }) as ApiKeyPlan)).toEqual({ name: 'n' });
  });
});
