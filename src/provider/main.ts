/**
 * The provider executable: Terraform starts it (through the launcher in its plugin mirror)
 * and talks to it over the plugin protocol. Bundled into one file by
 * scripts/build-provider.mjs; run by hand, it explains that Terraform must start it.
 */
import { createProviderHandlers } from './framework/index.js';
import { serveProvider } from './protocol/index.js';
import { keyplaneProvider } from './provider.js';

void serveProvider(createProviderHandlers(keyplaneProvider));
