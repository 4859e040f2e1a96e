/**
 * What every Keyplane resource and data source receives as `context.provider`: the
 * configured client, the organization of the provider's key, read at most once per
 * provider process, and reads of keys by id, gathered.
 */
import type { components } from '../api/schema.js';
import type { KeyplaneClient } from '../client/index.js';
import type { KeyRead } from './key-reads.js';
import type { ServiceResult } from './service-result.js';

/** The organization the provider's key belongs to, as GET /v1/myself answers it. */
export type ProviderOrganization = components['schemas']['Organization'];

export interface KeyplaneProviderData {
  /** Authenticated with the provider's key; stops sending once Terraform asks the provider to stop. */
  client: KeyplaneClient;
  /**
   * The provider key's organization (its key policy), from GET /v1/myself. Read once per
   * provider process and shared by every call after it; a failed read is not kept, so the
   * next call tries again.
   */
  organization(): Promise<ServiceResult<ProviderOrganization>>;
  /** A key by id (null when the organization has none); reads made together share one request (key-reads.ts). */
  readKey(id: string): Promise<KeyRead>;
}

/**
 * A memo of the organization: `first` (already read, e.g. by configure's key check) or one
 * GET /v1/myself on first use. Concurrent callers share one request.
 */
export function organizationOnce(
  read: () => Promise<ServiceResult<ProviderOrganization>>,
  first?: ProviderOrganization,
): () => Promise<ServiceResult<ProviderOrganization>> {
  let pending: Promise<ServiceResult<ProviderOrganization>> | null = first ? Promise.resolve({ data: first }) : null;
  const forget = () => {
    pending = null;
  };
  return () => {
    if (pending === null) {
      pending = read();
      pending.then((result) => result.error && forget(), forget);
    }
    return pending;
  };
}
