/**
 * The provider's configuration: `endpoint`, `api_key`, `timeout_seconds`, `max_retries`,
 * falling back to KEYPLANE_ENDPOINT and KEYPLANE_API_KEY. A missing or bad value is a
 * diagnostic at the attribute, never a crash; values not known until apply leave the provider
 * unconfigured for the plan (reads keep the prior state).
 */
import { createKeyplaneClient, KeyplaneConfigError } from '../client/index.js';
import { createNodeHttpFetch } from '../client/node-http-fetch.js';
import {
  Diagnostics,
  ProviderStoppedError,
  defineSchema,
  hasErrors,
  isKnown,
  isUnknown,
  numberAttribute,
  stringAttribute,
  type ConfigureResponse,
  type Diagnostic,
  type PlanOf,
} from './framework/index.js';
import { keyReader } from './key-reads.js';
import { organizationOnce, type KeyplaneProviderData } from './provider-data.js';
import { callService, problemReference } from './service-result.js';
import { PROVIDER_VERSION } from './version.js';

export const ENDPOINT_ENV = 'KEYPLANE_ENDPOINT';
export const API_KEY_ENV = 'KEYPLANE_API_KEY';
const DEFAULT_TIMEOUT_SECONDS = 10;
const DEFAULT_MAX_RETRIES = 2;
const MAX_RETRIES_LIMIT = 10;

export const providerSchema = defineSchema({
  description: 'Manages the API keys of a Keyplane service as code.',
  attributes: {
    endpoint: stringAttribute({
      description: `Base URL of the Keyplane service, e.g. \`https://keys.example.com\`. Default: the environment variable \`${ENDPOINT_ENV}\`.`,
      optional: true,
    }),
    api_key: stringAttribute({
      description: `The API key the provider authenticates with; it needs \`keys:write\` and every scope it grants. Default: the environment variable \`${API_KEY_ENV}\` (preferred: keeps the key out of the configuration).`,
      optional: true,
      sensitive: true,
    }),
    timeout_seconds: numberAttribute({
      description: `Seconds one attempt of a request may take before it counts as failed. Default ${DEFAULT_TIMEOUT_SECONDS}.`,
      optional: true,
    }),
    max_retries: numberAttribute({
      description: `How often a request is tried again after a network error, a timeout or a 429/502/503/504 answer (with backoff, honouring Retry-After); 0 to ${MAX_RETRIES_LIMIT}. Creates are retried safely: each carries an idempotency key. Default ${DEFAULT_MAX_RETRIES}.`,
      optional: true,
    }),
  },
});

type ProviderConfig = PlanOf<typeof providerSchema>;

/** Checks of the values that are known (ValidateProviderConfig, and again at configure). */
export function validateProviderConfig(config: ProviderConfig): Diagnostic[] {
  const diags = new Diagnostics();
  if (isKnown(config.endpoint)) {
    let url: URL | undefined;
    try {
      url = new URL(config.endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      diags.error('Invalid endpoint', `${JSON.stringify(config.endpoint)} is not an http(s) URL; write the base URL of the service, e.g. "https://keys.example.com".`, [{ attribute: 'endpoint' }]);
    }
  }
  if (isKnown(config.api_key) && config.api_key.trim() === '') {
    diags.error('Invalid api_key', `api_key is empty; set it to a Keyplane API key, or leave it out and set ${API_KEY_ENV}.`, [{ attribute: 'api_key' }]);
  }
  if (isKnown(config.timeout_seconds) && !(config.timeout_seconds > 0)) {
    diags.error('Invalid timeout_seconds', `timeout_seconds must be more than 0, got ${config.timeout_seconds}.`, [{ attribute: 'timeout_seconds' }]);
  }
  if (isKnown(config.max_retries) && !(Number.isInteger(config.max_retries) && config.max_retries >= 0 && config.max_retries <= MAX_RETRIES_LIMIT)) {
    diags.error('Invalid max_retries', `max_retries must be a whole number from 0 to ${MAX_RETRIES_LIMIT}, got ${config.max_retries}.`, [{ attribute: 'max_retries' }]);
  }
  return diags.list;
}

/** The attribute a client option error is about: the client names its options in backquotes. */
function attributeOfClientError(message: string): string | undefined {
  if (message.includes('`endpoint`')) return 'endpoint';
  if (message.includes('`apiKey`')) return 'api_key';
  if (message.includes('`timeoutMs`')) return 'timeout_seconds';
  if (message.includes('`retries.maxAttempts`')) return 'max_retries';
  return undefined;
}

/**
 * ConfigureProvider: the client every resource uses. Once `stopSignal` aborts, the client
 * sends nothing new (neither a first attempt nor a retry); an attempt already sent finishes.
 */
export function configureProvider(
  config: ProviderConfig,
  env: NodeJS.ProcessEnv,
  terraformVersion: string,
  stopSignal: AbortSignal,
): ConfigureResponse<KeyplaneProviderData> {
  const unknown = (['endpoint', 'api_key', 'timeout_seconds', 'max_retries'] as const).filter((n) => isUnknown(config[n]));
  if (unknown.length > 0) return { pending: `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not known until apply` };

  const diags = new Diagnostics().add(validateProviderConfig(config));
  const endpoint = isKnown(config.endpoint) ? config.endpoint : env[ENDPOINT_ENV];
  const apiKey = isKnown(config.api_key) ? config.api_key : env[API_KEY_ENV];
  if (!endpoint) {
    diags.error('Missing endpoint', `Set endpoint in the provider "keyplane" block, or the environment variable ${ENDPOINT_ENV}, to the URL of the Keyplane service, e.g. "https://keys.example.com".`, [{ attribute: 'endpoint' }]);
  }
  if (!apiKey) {
    diags.error('Missing api_key', `Set the environment variable ${API_KEY_ENV} (or api_key in the provider "keyplane" block) to an API key holding keys:write.`, [{ attribute: 'api_key' }]);
  }
  if (diags.hasErrors() || !endpoint || !apiKey) return { diagnostics: diags.list };

  const stopped = () => new ProviderStoppedError();
  // Keep-alive connections and no WHATWG stream copies: a plan of 1,000 keys makes 1,000
  // requests, and with Node's fetch they cost the provider more CPU than anything else.
  // Once stopped, nothing new is sent (neither a first attempt nor a retry).
  const send = createNodeHttpFetch({ refuse: () => (stopSignal.aborted ? stopped() : undefined) });
  try {
    const client = createKeyplaneClient({
      endpoint,
      apiKey,
      timeoutMs: (isKnown(config.timeout_seconds) ? config.timeout_seconds : DEFAULT_TIMEOUT_SECONDS) * 1000,
      userAgent: `terraform-provider-keyplane/${PROVIDER_VERSION} terraform/${terraformVersion || 'unknown'}`,
      retries: {
        maxAttempts: (isKnown(config.max_retries) ? config.max_retries : DEFAULT_MAX_RETRIES) + 1,
        onRetry: () => {
          if (stopSignal.aborted) throw stopped();
        },
      },
      fetch: send,
    });
    const organization = organizationOnce(async () => {
      const { data: myself, error } = await callService(client.api.GET('/v1/myself'));
      return error ? { error } : { data: myself.organization };
    });
    return { data: { client, organization, readKey: keyReader(client, stopSignal) }, diagnostics: diags.list };
  } catch (error) {
    if (!(error instanceof KeyplaneConfigError)) throw error;
    const attribute = attributeOfClientError(error.message);
    const fromEnv = (attribute === 'endpoint' && !isKnown(config.endpoint)) || (attribute === 'api_key' && !isKnown(config.api_key));
    const detail = `${error.message.replace(/^Keyplane client: /, '')}${fromEnv ? ` (The value comes from ${attribute === 'endpoint' ? ENDPOINT_ENV : API_KEY_ENV}.)` : ''}`;
    return { diagnostics: [...diags.list, ...new Diagnostics().error(`Invalid ${attribute ?? 'provider configuration'}`, detail, attribute ? [{ attribute }] : undefined).list] };
  }
}

/** What the service says about a key it refuses, in the words of the provider's own key. */
const REFUSED_KEY_WORDING: Record<string, string> = {
  EXPIRED_KEY: 'expired',
  REVOKED_KEY: 'was revoked',
  KEY_NOT_YET_VALID: 'is not valid yet',
};

/**
 * ConfigureProvider as Terraform calls it: {@link configureProvider}, then one GET /v1/myself
 * with the provider's own key. A key the service refuses (expired, revoked, unknown) stops
 * `terraform plan` with an error about that key, instead of a plan that succeeds and an
 * apply that fails on its first call. Anything else (the service unreachable, busy) is left
 * to the calls that need the service, as before: a plan that only creates does not need it.
 */
export async function configureProviderAndCheckKey(
  config: ProviderConfig,
  env: NodeJS.ProcessEnv,
  terraformVersion: string,
  stopSignal: AbortSignal,
): Promise<ConfigureResponse<KeyplaneProviderData>> {
  const configured = configureProvider(config, env, terraformVersion, stopSignal);
  if (!configured.data || hasErrors(configured.diagnostics ?? [])) return configured;
  const { data: myself, error } = await callService(configured.data.client.api.GET('/v1/myself'));
  // The answer names the organization: kept, so planning keys asks for it no second time.
  if (!error) return { ...configured, data: { ...configured.data, organization: organizationOnce(configured.data.organization, myself.organization) } };
  if (error.status !== 401) return configured;
  const { problem } = error;
  const where = isKnown(config.api_key) ? 'api_key in the provider "keyplane" block' : API_KEY_ENV;
  const state = REFUSED_KEY_WORDING[problem.code] ?? 'was refused';
  const detail = `The provider's api_key (${where}) ${state}: ${problem.detail} ${problemReference(error)} Give the provider a key that is valid now and holds keys:write and every scope it grants.`;
  const diagnostics = new Diagnostics().error(`The provider's api_key ${state}`, detail, isKnown(config.api_key) ? [{ attribute: 'api_key' }] : undefined).list;
  return { diagnostics: [...(configured.diagnostics ?? []), ...diagnostics] };
}
