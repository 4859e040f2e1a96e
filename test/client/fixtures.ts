/**
 * Shared values of the client tests: a key, response bodies typed from the contract, and a
 * client with short, deterministic delays.
 */

import type { components } from '../../src/api/schema.js';
import { createKeyplaneClient, type KeyplaneClient, type KeyplaneClientOptions } from '../../src/client/index.js';

/** A well-formed key; tests assert that it appears in no error and no printout. */
export const API_KEY = 'nm_acme_4Wc9ZqL2hT8vKx1bNf3RmY6pDs0aGe7J2QkV9z';

export const KEY_ID = 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K';

export const API_KEY_BODY: components['schemas']['ApiKey'] = {
  id: KEY_ID,
  organization_id: 'org_01JD3Q4C2B7N9M5K3H1G8F6D4S',
  name: 'CRM Sync',
  description: null,
  scopes: ['CRM_SYNC'],
  expires_at: '2027-02-20T00:00:00.000Z',
  not_before: null,
  ip_rules: [],
  metadata: {},
  hint: 'nm_acme_…9zKq',
  status: 'active',
  rate_limit_per_minute: null,
  created_at: '2026-11-22T10:00:00.000Z',
  created_by: { type: 'key', id: 'key_01JD3Q5XW2S6T8V4R0P9N1M7KH', display: 'Terraform (nm_acme_…Xq7P)' },
  updated_at: '2026-11-22T10:00:00.000Z',
  last_used_at: null,
  revoked_at: null,
  rotated_at: null,
  previous_secret_expires_at: null,
};

export const CREATED_KEY_BODY: components['schemas']['ApiKeyWithSecret'] = {
  ...API_KEY_BODY,
  secret: 'nm_acme_7Zq1ZqL2hT8vKx1bNf3RmY6pDs0aGe7J2QkV9a',
};

export const CREATE_KEY_REQUEST: components['schemas']['CreateKeyRequest'] = {
  name: 'CRM Sync',
  scopes: ['CRM_SYNC'],
};

/** A client for `endpoint` with no jitter (random() = 0) and short timeouts. */
export function testClient(endpoint: string, overrides: Partial<KeyplaneClientOptions> = {}): KeyplaneClient {
  return createKeyplaneClient({
    endpoint,
    apiKey: API_KEY,
    timeoutMs: 2_000,
    retries: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, random: () => 0 },
    ...overrides,
  });
}

/** `{ endpoint }` of a port nothing listens on. */
export async function closedPortUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}
