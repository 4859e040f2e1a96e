/**
 * Keyplane's CDKTF constructs: API keys, scopes, members, IP rules, expiry and rotation declared in
 * TypeScript, checked at synth time with the same rules (src/core) as the Terraform provider
 * and the service. The low-level resources generated from the provider's schema are under
 * `generated`.
 */
export { ApiKey, type ApiKeyProps, type KeyMetadata, type SecretOutputOptions } from './api-key.js';
export { type DurationLike, type DurationParts } from './duration.js';
export { ExistingApiKey, type ExistingApiKeyProps, type IApiKey } from './existing-api-key.js';
export { ExistingScopeCatalog, type ExistingScopeCatalogProps } from './existing-scope-catalog.js';
export { EphemeralApiKey, type EphemeralApiKeyProps } from './ephemeral-api-key.js';
export { Expiry } from './expiry.js';
export { IpRule, type IpRuleAction, type IpRuleLike, type IpRuleSpec } from './ip-rule.js';
export { API_KEY_ENV, ENDPOINT_ENV, KeyplaneProvider, type KeyplaneProviderProps } from './keyplane-provider.js';
export { Member, type InvitationOutputOptions, type MemberProps } from './member.js';
export {
  Rotation,
  type RotationBeforeExpiryOptions,
  type RotationEveryOptions,
  type RotationEveryPeriodOptions,
  type RotationOverlapOptions,
  type RotationPeriodOptions,
} from './rotation.js';
export { Scope, ScopeCatalog, type BuiltInScopeName, type IScope, type ScopeCatalogProps, type ScopeLike, type ScopeName, type ScopeProps } from './scope-catalog.js';
export { KeyVerification, SECRET_VARIABLE, VerificationRunner, type KeyVerificationProps } from './verify-check.js';
export * as generated from './generated/index.js';
