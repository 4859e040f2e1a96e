/**
 * The Keyplane provider: its configuration and its types. Adding a type is one file in
 * resources/ and one line here.
 */
import type { ProviderDefinition } from './framework/index.js';
import { configureProvider, providerSchema, validateProviderConfig } from './provider-config.js';
import type { KeyplaneProviderData } from './provider-data.js';
import { apiKeyResource } from './resources/api-key-resource.js';

export const keyplaneProvider: ProviderDefinition<typeof providerSchema, KeyplaneProviderData> = {
  typeName: 'keyplane',
  schema: providerSchema,
  validateConfig: ({ config }) => validateProviderConfig(config),
  configure: ({ config, terraformVersion, stopSignal }) => configureProvider(config, process.env, terraformVersion, stopSignal),
  resources: [apiKeyResource],
};
