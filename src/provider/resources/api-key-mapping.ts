/**
 * A key as the service returns it ⇄ the resource's state and plan: the state after a call,
 * and the request bodies of create and update (only what changed, compared semantically).
 */
import type { components } from '../../api/schema.js';
import { isUnknown, valuesEqual, type Val } from '../framework/index.js';
import type { ApiKeyPlan, ApiKeyState } from './api-key-schema.js';
import { expiryOnCreate, expiryOnLifetimeChange } from './api-key-lifetime.js';
import { fromApiIpRules, toApiIpRules } from './ip-rule-blocks.js';
import { sameInstant, sameIpRuleBlocks, sameMapOrEmpty, sameSetOrEmpty } from './same-meaning.js';

type Schemas = components['schemas'];

/** What the service never returns and the state keeps: the secret, the rotation and lifetime settings. */
export type CarriedFields = Pick<
  ApiKeyState,
  'secret' | 'rotation_triggers' | 'rotation_period' | 'rotation_grace_period' | 'rotation' | 'expires_after' | 'never_expires'
>;

/** The fields only Terraform knows, as a state (or a plan at apply, where they are known) holds them. */
export function carriedFrom(state: CarriedFields): CarriedFields {
  return {
    secret: state.secret,
    rotation_triggers: state.rotation_triggers,
    rotation_period: state.rotation_period,
    rotation_grace_period: state.rotation_grace_period,
    rotation: state.rotation,
    expires_after: state.expires_after,
    never_expires: state.never_expires,
  };
}

/** The state of a key the service returned, with the fields only Terraform knows. */
export function keyToState(key: Schemas['ApiKey'], carried: CarriedFields): ApiKeyState {
  return {
    id: key.id,
    name: key.name,
    description: key.description,
    scopes: key.scopes,
    expires_at: key.expires_at,
    not_before: key.not_before,
    metadata: key.metadata,
    rate_limit_per_minute: key.rate_limit_per_minute,
    ip_rule: fromApiIpRules(key.ip_rules),
    hint: key.hint,
    status: key.status,
    created_at: key.created_at,
    rotated_at: key.rotated_at,
    ...carried,
  };
}

/** A planned value that is known (at apply every configured value is). */
function known<T>(value: Val<T>): T | null {
  return isUnknown(value) ? null : (value as T | null);
}

/**
 * The create request for a plan at `now`. The expiry comes from `expires_at`, `expires_after`
 * or `never_expires` (see api-key-lifetime.ts); none of them: the organization's default.
 */
export function createBody(plan: ApiKeyPlan): Schemas['CreateKeyRequest'] {
  const body: Schemas['CreateKeyRequest'] = { name: known(plan.name) ?? '' };
  const description = known(plan.description);
  if (description !== null) body.description = description;
  const scopes = known(plan.scopes);
  if (scopes !== null) body.scopes = scopes as string[];
  Object.assign(body, expiryOnCreate(plan));
  const notBefore = known(plan.not_before);
  if (notBefore !== null) body.not_before = notBefore;
  const rules = known(plan.ip_rule) as ApiKeyState['ip_rule'] | null;
  if (rules !== null && rules.length > 0) body.ip_rules = toApiIpRules(rules);
  const metadata = known(plan.metadata);
  if (metadata !== null) body.metadata = metadata as Record<string, string>;
  const rateLimit = known(plan.rate_limit_per_minute);
  if (rateLimit !== null) body.rate_limit_per_minute = rateLimit;
  return body;
}

/**
 * The update request with what the plan changes at `now`, or null when the service needs no
 * change. A new `expires_after` sets the expiry to now plus it; `never_expires` clears it.
 */
export function updateBody(prior: ApiKeyState, plan: ApiKeyPlan): Schemas['UpdateKeyRequest'] | null {
  const next = plan as ApiKeyState; // at apply every configured value is known
  const body: Schemas['UpdateKeyRequest'] = {};
  if (next.name !== prior.name) body.name = next.name;
  if (next.description !== prior.description) body.description = next.description;
  if (!valuesEqual(['set', 'string'], prior.scopes, next.scopes) && !sameSetOrEmpty(prior.scopes, next.scopes)) body.scopes = next.scopes ?? [];
  if (!isUnknown(plan.expires_at) && next.expires_at !== null && !sameInstant(prior.expires_at, next.expires_at)) body.expires_at = next.expires_at;
  if (next.never_expires === true && prior.expires_at !== null) body.expires_at = null;
  // A changed lifetime leaves expires_at unknown in the plan, so it never goes beside this.
  const lifetime = expiryOnLifetimeChange(prior, plan);
  if (lifetime !== undefined) body.expires_in = lifetime;
  if (!sameInstant(prior.not_before, next.not_before)) body.not_before = next.not_before;
  if (!sameIpRuleBlocks(prior.ip_rule, next.ip_rule)) body.ip_rules = toApiIpRules(next.ip_rule);
  if (!valuesEqual(['map', 'string'], prior.metadata, next.metadata) && !sameMapOrEmpty(prior.metadata, next.metadata)) body.metadata = next.metadata ?? {};
  if (next.rate_limit_per_minute !== prior.rate_limit_per_minute) body.rate_limit_per_minute = next.rate_limit_per_minute;
  return Object.keys(body).length > 0 ? body : null;
}
