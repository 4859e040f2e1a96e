/**
 * What every Keyplane resource and data source receives as `context.provider`: the
 * configured client.
 */
import type { KeyplaneClient } from '../client/index.js';

export interface KeyplaneProviderData {
  /** Authenticated with the provider's key; stops sending once Terraform asks the provider to stop. */
  client: KeyplaneClient;
}
