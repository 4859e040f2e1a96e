/**
 * `resource "keyplane_api_key"`: an API key managed as code. Everything is changed in place
 * (PATCH); the secret is rotated in place (POST /rotate) when `rotation_triggers` change or
 * the `rotation` schedule says so (rotation.ts), renewing the expiry when `expires_after` is
 * set (api-key-lifetime.ts); destroy revokes. A key revoked or deleted outside Terraform reads
 * as gone, so the next plan creates it again; so does an expired key, unless it has rotation
 * configured: then it is kept, and the next apply rotates it back into use.
 */
import type { components } from '../../api/schema.js';
import { durationSeconds } from '../../core/duration.js';
import type { KeyPolicy } from '../../core/types.js';
import { Unknown, errorDiagnostic, isUnknown, warningDiagnostic, type Diagnostic, type PathStep, type RequestContext, type Resource } from '../framework/index.js';
import type { KeyplaneProviderData } from '../provider-data.js';
import { callService, type ServiceError, type ServiceResult } from '../service-result.js';
import { apiErrorDiagnostics, type FieldAttributes } from './api-errors.js';
import { checkLifetimeAgainstPolicy, expiryOnRenewal, toKeyPolicy, type LifetimeConfig } from './api-key-lifetime.js';
import { carriedFrom, createBody, keyToState, updateBody, type CarriedFields } from './api-key-mapping.js';
import { apiKeySchema, type ApiKeyPlan, type ApiKeyState } from './api-key-schema.js';
import { validateApiKeyConfig } from './api-key-validation.js';
import { hasExpired, hasRotationSchedule, rotationDue, rotationOverlap, type RotationPlanned } from './rotation.js';
import { sameDuration, sameInstant } from './same-meaning.js';

/** The id format of the contract's `KeyId`. */
const KEY_ID = /^key_[0-9A-HJKMNP-TV-Z]{26}$/;

type ApiKey = components['schemas']['ApiKey'];
type IssuedKey = components['schemas']['ApiKeyWithSecret'];
type RotateRequest = components['schemas']['RotateKeyRequest'];

export const apiKeyResource: Resource<typeof apiKeySchema, KeyplaneProviderData> = {
  typeName: 'keyplane_api_key',
  schema: apiKeySchema,

  validateConfig: ({ config }) => validateApiKeyConfig(config),

  async modifyPlan({ prior, planned, config, context, now }) {
    const diagnostics = await checkPolicy(config, context);
    // Never expiring is known at plan: the expiry is null, not "known after apply".
    if (config.never_expires === true) planned.expires_at = null;
    if (prior === null) return { diagnostics };

    const due = rotationDue(prior, rotationInput(prior, planned, config), now);
    if (due !== false) {
      planned.secret = Unknown;
      planned.hint = Unknown;
      planned.rotated_at = Unknown;
    }
    if (config.expires_at === null && config.never_expires !== true) {
      // A new lifetime applies from the apply; a rotation renews the expiry with expires_after,
      // or (a key that expired) with the organization's default: the time is known only then.
      // (An unknown never_expires may yet clear it.)
      const newLifetime =
        isUnknown(config.expires_after) ||
        isUnknown(config.never_expires) ||
        (config.expires_after !== null && !sameDuration(prior.expires_after, config.expires_after));
      const renews = due !== false && (config.expires_after !== null || hasExpired(prior, now));
      if (newLifetime || renews) planned.expires_at = Unknown;
    }
    // The status follows the lifetime: a changed expiry or start may change it.
    const lifetimeChanges =
      isUnknown(planned.expires_at) ||
      isUnknown(planned.not_before) ||
      !sameInstant(prior.expires_at, planned.expires_at) ||
      !sameInstant(prior.not_before, planned.not_before);
    if (lifetimeChanges) planned.status = Unknown;
    return { diagnostics };
  },

  async create({ plan, context }) {
    const { api } = context.provider.client;
    const { data: key, error } = await callService(api.POST('/v1/keys', { body: createBody(plan) }));
    if (error) return { state: null, diagnostics: apiErrorDiagnostics(error, `create the API key ${JSON.stringify(plan.name)}`, lifetimeFields(plan)) };
    return { state: keyToState(key, { ...carriedFrom(plan as ApiKeyState), secret: key.secret }) };
  },

  async read({ state, context }) {
    const id = state.id!;
    // Gathered with the reads of the other keys being refreshed; a stop may cut it short.
    const { data: key, error } = await context.provider.readKey(id);
    if (key === null) {
      return {
        state: null,
        diagnostics: [
          warningDiagnostic('API key no longer exists', `The key ${id} (${JSON.stringify(state.name)}) was deleted outside Terraform. The next apply creates a new key, with a new secret.`),
        ],
      };
    }
    if (error) return { state, diagnostics: apiErrorDiagnostics(error, `read the API key ${id}`) };
    if (key.status === 'expired' && hasRotationSchedule(state)) {
      // Kept: the plan rotates it, and the rotation renews its expiry (same id, new secret).
      const detail = `The key ${id} (${JSON.stringify(key.name)}) expired at ${key.expires_at}. It has rotation configured, so the next apply rotates it and renews its expiry (${
        state.expires_after !== null ? `by expires_after, ${state.expires_after}` : "by the organization's default lifetime"
      }); until then it does not work.`;
      return { state: keyToState(key, carriedFrom(state)), diagnostics: [warningDiagnostic('API key expired', detail)] };
    }
    if (key.status === 'revoked' || key.status === 'expired') {
      const what = key.status === 'revoked' ? `was revoked outside Terraform at ${key.revoked_at}` : `expired at ${key.expires_at}`;
      const hint =
        key.status === 'expired' ? ' Give it a later expires_at, expires_after, or a rotation block to have it rotated and renewed instead (or leave expires_at out for the organization default).' : '';
      return {
        state: null,
        diagnostics: [
          warningDiagnostic(
            `API key ${key.status}`,
            `The key ${id} (${JSON.stringify(key.name)}) ${what}; it can never be used again. The next apply creates a new key, with a new secret.${hint}`,
          ),
        ],
      };
    }
    return { state: keyToState(key, carriedFrom(state)) };
  },

  async update({ prior, plan, config, context }) {
    const { api } = context.provider.client;
    const id = prior.id!;
    const planned = plan as ApiKeyState; // every configured value is known at apply
    const now = Date.now();
    let carried: CarriedFields = carriedFrom({ ...planned, secret: prior.secret, rotation_triggers: prior.rotation_triggers });
    let key: ApiKey | undefined;
    // What did change (a PATCH before a failed rotation) is kept; the rest is retried next apply.
    const failed = (error: ServiceError) => ({
      state: key ? keyToState(key, carried) : prior,
      diagnostics: apiErrorDiagnostics(error, `update the API key ${id}`, lifetimeFields(plan)),
    });

    const body = updateBody(prior, plan);
    if (body) {
      const patched = await callService(api.PATCH('/v1/keys/{key_id}', { params: { path: { key_id: id } }, body }));
      if (patched.error) return failed(patched.error);
      key = patched.data;
    }
    if (isUnknown(plan.secret) && rotationDue(prior, rotationInput(prior, plan, config), now) === true) {
      const rotated = await rotateKey(id, plan, context);
      if (rotated.error) return failed(rotated.error);
      key = rotated.data;
      carried = { ...carried, secret: rotated.data.secret };
    }
    // The new triggers are recorded once the rotation they asked for is done (or none was due).
    carried = { ...carried, rotation_triggers: planned.rotation_triggers };
    if (!key) {
      const read = await callService(api.GET('/v1/keys/{key_id}', { params: { path: { key_id: id } } }));
      if (read.error) return failed(read.error);
      key = read.data;
    }
    return { state: keyToState(key, carried) };
  },

  async delete({ state, context }) {
    const { api } = context.provider.client;
    const id = state.id!;
    const { error } = await callService(api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: id } }, body: { reason: 'terraform destroy' } }));
    if (!error || error.status === 404) return {}; // revoked, or already gone
    return { diagnostics: apiErrorDiagnostics(error, `revoke the API key ${id}`) };
  },

  importState({ id }) {
    if (!KEY_ID.test(id)) {
      return {
        diagnostics: [errorDiagnostic('Invalid import id', `${JSON.stringify(id)} is not a key id; give the key's id, e.g. key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K (see keyplane keys list).`)],
      };
    }
    // The rest comes from the read that follows. The secret stays null: it is never shown again.
    return { state: { id } };
  },
};

/**
 * POST /v1/keys/{id}/rotate with the plan's overlap. The plan leaves `expires_at` open only for
 * a renewal (see modifyPlan): then the new expiry goes with it, from `expires_after` or the
 * organization's default lifetime.
 */
async function rotateKey(id: string, plan: ApiKeyPlan, context: RequestContext<KeyplaneProviderData>): Promise<ServiceResult<IssuedKey>> {
  const planned = plan as ApiKeyState; // every configured value is known at apply
  const body: RotateRequest = { grace_period: durationSeconds(rotationOverlap(planned)) ?? 0 };
  if (isUnknown(plan.expires_at)) {
    const policy = async (): Promise<ServiceResult<KeyPolicy>> => {
      const { data: organization, error } = await context.provider.organization();
      return error ? { error } : { data: toKeyPolicy(organization.key_policy) };
    };
    const expiry = await expiryOnRenewal(planned, policy);
    if (expiry.error) return { error: expiry.error };
    Object.assign(body, expiry.data);
  }
  return callService(context.provider.client.api.POST('/v1/keys/{key_id}/rotate', { params: { path: { key_id: id } }, body }));
}

/**
 * What the rotation decision reads of a plan: the expiry before any rotation is the configured
 * one when `expires_at` is configured, else the prior one (a planned unknown is a renewal).
 */
function rotationInput(prior: ApiKeyState, planned: ApiKeyPlan, config: ApiKeyPlan): RotationPlanned {
  return {
    rotation_triggers: planned.rotation_triggers,
    rotation: planned.rotation,
    rotation_period: planned.rotation_period,
    expires_at: config.expires_at === null ? prior.expires_at : planned.expires_at,
  };
}

/**
 * The plan-time check against the organization's key policy. The organization is read once
 * per provider process; without it (provider not configured yet, service unreachable) the
 * service checks at apply instead.
 */
async function checkPolicy(config: LifetimeConfig, context: RequestContext<KeyplaneProviderData> | null): Promise<Diagnostic[]> {
  if (context === null || (config.never_expires !== true && (config.expires_after === null || isUnknown(config.expires_after)))) return [];
  const { data: organization } = await context.provider.organization();
  if (!organization) return [];
  return checkLifetimeAgainstPolicy(config, toKeyPolicy(organization.key_policy), organization.slug);
}

/** Where the service's `expires_at`, `expires_in` and `grace_period` come from in this configuration. */
function lifetimeFields(plan: ApiKeyPlan): FieldAttributes {
  const fields: Record<string, PathStep[]> = {};
  if (plan.never_expires === true) fields.expires_at = [{ attribute: 'never_expires' }];
  else if (plan.expires_after !== null && !isUnknown(plan.expires_after)) fields.expires_at = [{ attribute: 'expires_after' }];
  // A lifetime is sent for expires_after, or for a renewal by the organization's default.
  fields.expires_in = plan.expires_after !== null && !isUnknown(plan.expires_after) ? [{ attribute: 'expires_after' }] : [{ attribute: 'rotation' }];
  if (plan.rotation !== null && !isUnknown(plan.rotation)) fields.grace_period = [{ attribute: 'rotation' }, { attribute: 'overlap' }];
  return fields;
}
