/**
 * A key's expiry as the configuration states it: a fixed `expires_at`, a lifetime
 * `expires_after` renewed at every rotation, `never_expires`, or (none of them) the
 * organization's default. What to send on create and with a rotation, and the plan-time check
 * against the organization's key policy (src/core's rule, so the plan and the API agree).
 *
 * Decision: an expired key with rotation configured but without `expires_after` is renewed by
 * its rotation with the organization's default lifetime, counted from the rotation (as if the
 * key were created then); without that the rotated key would still be expired.
 */
import type { components } from '../../api/schema.js';
import { DURATION_UNITS, durationSeconds } from '../../core/duration.js';
import { defaultLifetimeSeconds, validateKeyLifetime } from '../../core/expiry.js';
import type { KeyPolicy } from '../../core/types.js';
import { Diagnostics, isKnown, type Diagnostic, type Val } from '../framework/index.js';
import type { ServiceResult } from '../service-result.js';

/** The attributes that set a key's expiry, as config or plan holds them. */
export interface LifetimeConfig {
  expires_at: Val<string>;
  expires_after: Val<string>;
  never_expires: Val<boolean>;
}

/** The API's key policy in src/core's terms. */
export function toKeyPolicy(policy: components['schemas']['KeyPolicy']): KeyPolicy {
  return {
    defaultTtlSeconds: policy.default_ttl_seconds,
    maxTtlSeconds: policy.max_ttl_seconds,
    issuerPrefix: policy.issuer_prefix,
    tagStyle: policy.tag_style,
    environmentTag: policy.environment_tag,
  };
}

/**
 * The expiry fields of a create, update or rotate request. A lifetime goes as `expires_in`, so
 * the service counts it on its own clock: a lifetime exactly at the policy's maximum is then
 * never refused because this machine's clock runs ahead of the service's.
 */
export type ExpiryFields = { expires_at: string | null } | { expires_in: number } | Record<string, never>;

/**
 * The expiry of the create request: the configured time, `expires_after` from now, never for
 * `never_expires`, or nothing (the organization's default).
 */
export function expiryOnCreate(config: LifetimeConfig): ExpiryFields {
  if (isKnown(config.expires_at)) return { expires_at: config.expires_at };
  if (config.never_expires === true) return { expires_at: null };
  const after = isKnown(config.expires_after) ? durationSeconds(config.expires_after) : null;
  return after === null ? {} : { expires_in: after };
}

/**
 * The expiry sent with a rotation whose plan left `expires_at` unknown (a renewal):
 * `expires_after` from now, or else the organization's default lifetime from now (never, when
 * the policy has neither default nor maximum). `policy` is read only in the second case; its
 * failure is the result then.
 */
export async function expiryOnRenewal(config: LifetimeConfig, policy: () => Promise<ServiceResult<KeyPolicy>>): Promise<ServiceResult<ExpiryFields>> {
  const after = isKnown(config.expires_after) ? durationSeconds(config.expires_after) : null;
  if (after !== null) return { data: { expires_in: after } };
  const { data: read, error } = await policy();
  if (error) return { error };
  const lifetime = defaultLifetimeSeconds(read);
  return { data: lifetime === null ? { expires_at: null } : { expires_in: lifetime } };
}

/**
 * The `expires_in` of an update when `expires_after` changed (a new lifetime applies from
 * now), else undefined.
 */
export function expiryOnLifetimeChange(prior: { expires_after: string | null }, config: LifetimeConfig): number | undefined {
  if (!isKnown(config.expires_after)) return undefined;
  const after = durationSeconds(config.expires_after);
  if (after === null || after === durationSeconds(prior.expires_after)) return undefined;
  return after;
}

/** Seconds as a duration the configuration accepts, in its largest whole unit: `30d`, `36h`, `90s`. */
export function durationText(seconds: number): string {
  for (const [unit, size] of Object.entries(DURATION_UNITS)) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/**
 * The plan-time check of `never_expires` and `expires_after` against the organization's key
 * policy: the service would refuse the create or rotation with TTL_EXCEEDS_POLICY.
 */
export function checkLifetimeAgainstPolicy(config: LifetimeConfig, policy: KeyPolicy, organization: string): Diagnostic[] {
  const diags = new Diagnostics();
  const limit = policy.maxTtlSeconds === null ? '' : durationText(policy.maxTtlSeconds);
  if (config.never_expires === true) {
    for (const issue of validateKeyLifetime(policy, null, 'never_expires')) {
      diags.error(
        'Key policy does not allow never_expires',
        `${issue.message}; the provider's key belongs to the organization ${JSON.stringify(organization)}. ` +
          `Set expires_after (at most "${limit}") instead, or ask an administrator to remove the policy's max_ttl_seconds.`,
        [{ attribute: 'never_expires' }],
      );
    }
  }
  if (isKnown(config.expires_after)) {
    const seconds = durationSeconds(config.expires_after);
    if (seconds === null) return diags.list; // validateConfig reports it
    for (const issue of validateKeyLifetime(policy, seconds, 'expires_after')) {
      diags.error(
        'expires_after exceeds the key policy',
        `${issue.message}; the provider's key belongs to the organization ${JSON.stringify(organization)}. Set expires_after to at most "${limit}".`,
        [{ attribute: 'expires_after' }],
      );
    }
  }
  return diags.list;
}
