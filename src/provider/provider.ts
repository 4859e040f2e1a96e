/**
 * The Keyplane provider: its configuration and its types. Adding a type is one file in
 * resources/ and one line here.
 */
import type { ProviderDefinition } from './framework/index.js';
import { configureProviderAndCheckKey, providerSchema, validateProviderConfig } from './provider-config.js';
import type { KeyplaneProviderData } from './provider-data.js';
import { apiKeyDataSource } from './resources/api-key-data-source.js';
import { apiKeyEphemeralResource } from './resources/api-key-ephemeral.js';
import { apiKeyResource } from './resources/api-key-resource.js';
import { apiKeysDataSource } from './resources/api-keys-data-source.js';
import { memberResource } from './resources/member-resource.js';
import { myselfDataSource } from './resources/myself-data-source.js';
import { organizationResource } from './resources/organization-resource.js';
import { scopeResource } from './resources/scope-resource.js';
import { scopesDataSource } from './resources/scopes-data-source.js';

export const keyplaneProvider: ProviderDefinition<typeof providerSchema, KeyplaneProviderData> = {
  typeName: 'keyplane',
  schema: providerSchema,
  validateConfig: ({ config }) => validateProviderConfig(config),
  configure: ({ config, terraformVersion, stopSignal }) => configureProviderAndCheckKey(config, process.env, terraformVersion, stopSignal),
  resources: [apiKeyResource, scopeResource, memberResource, organizationResource],
  dataSources: [apiKeyDataSource, apiKeysDataSource, scopesDataSource, myselfDataSource],
  ephemeralResources: [apiKeyEphemeralResource],
};
