/**
 * `resource "keyplane_api_key"`: an API key managed as code. Everything is changed in place
 * (PATCH); the secret is rotated in place (POST /rotate) when `rotation_triggers` change or
 * `rotation_period` elapsed; destroy revokes. A key revoked, expired or deleted outside
 * Terraform reads as gone, so the next plan creates it again.
 */
import { KeyplaneProblemError, unwrap } from '../../client/index.js';
import { Unknown, errorDiagnostic, isUnknown, warningDiagnostic, type Resource } from '../framework/index.js';
import type { KeyplaneProviderData } from '../provider-data.js';
import { apiErrorDiagnostics } from './api-errors.js';
import { createBody, keyToState, updateBody, type CarriedFields } from './api-key-mapping.js';
import { apiKeySchema, type ApiKeyState } from './api-key-schema.js';
import { validateApiKeyConfig } from './api-key-validation.js';
import { durationSeconds } from '../../core/duration.js';
import { mayRotate, mustRotate } from './rotation.js';
import { sameInstant } from './semantic-equality.js';

/** The id format of the contract's `KeyId`. */
const KEY_ID = /^key_[0-9A-HJKMNP-TV-Z]{26}$/;

const isNotFound = (error: unknown) => error instanceof KeyplaneProblemError && error.status === 404;

export const apiKeyResource: Resource<typeof apiKeySchema, KeyplaneProviderData> = {
  typeName: 'keyplane_api_key',
  schema: apiKeySchema,

  validateConfig: ({ config }) => validateApiKeyConfig(config),

  modifyPlan({ prior, planned }) {
    if (prior === null) return;
    if (mayRotate(prior, planned, Date.now())) {
      planned.secret = Unknown;
      planned.hint = Unknown;
      planned.rotated_at = Unknown;
    }
    // The status follows the lifetime: a changed expiry or start may change it.
    const lifetimeChanges =
      isUnknown(planned.expires_at) ||
      isUnknown(planned.not_before) ||
      !sameInstant(prior.expires_at, planned.expires_at) ||
      !sameInstant(prior.not_before, planned.not_before);
    if (lifetimeChanges) planned.status = Unknown;
  },

  async create({ plan, context }) {
    const { api } = context.provider.client;
    try {
      const key = unwrap(await api.POST('/v1/keys', { body: createBody(plan) }));
      const carried: CarriedFields = {
        secret: key.secret,
        rotation_triggers: plan.rotation_triggers as ApiKeyState['rotation_triggers'],
        rotation_period: plan.rotation_period as string | null,
        rotation_grace_period: plan.rotation_grace_period as string | null,
      };
      return { state: keyToState(key, carried) };
    } catch (error) {
      return { state: null, diagnostics: apiErrorDiagnostics(error, `create the API key ${JSON.stringify(plan.name)}`) };
    }
  },

  async read({ state, context }) {
    const { api } = context.provider.client;
    const id = state.id!;
    let key;
    try {
      // Reading changes nothing, so a stop may cut it short.
      key = unwrap(await api.GET('/v1/keys/{key_id}', { params: { path: { key_id: id } }, signal: context.stopSignal }));
    } catch (error) {
      if (!isNotFound(error)) return { state, diagnostics: apiErrorDiagnostics(error, `read the API key ${id}`) };
      return {
        state: null,
        diagnostics: [
          warningDiagnostic('API key no longer exists', `The key ${id} (${JSON.stringify(state.name)}) was deleted outside Terraform. The next apply creates a new key, with a new secret.`),
        ],
      };
    }
    if (key.status === 'revoked' || key.status === 'expired') {
      const what = key.status === 'revoked' ? `was revoked outside Terraform at ${key.revoked_at}` : `expired at ${key.expires_at}`;
      const hint = key.status === 'expired' ? ' Give it a later expires_at (or leave expires_at out for the organization default).' : '';
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

  async update({ prior, plan, context }) {
    const { api } = context.provider.client;
    const id = prior.id!;
    const planned = plan as ApiKeyState; // every configured value is known at apply
    let carried: CarriedFields = carriedFrom({ ...planned, secret: prior.secret, rotation_triggers: prior.rotation_triggers });
    let key;
    try {
      const body = updateBody(prior, plan);
      if (body) key = unwrap(await api.PATCH('/v1/keys/{key_id}', { params: { path: { key_id: id } }, body }));
      if (isUnknown(plan.secret) && mustRotate(prior, planned, Date.now())) {
        const grace = durationSeconds(planned.rotation_grace_period) ?? 0;
        key = unwrap(await api.POST('/v1/keys/{key_id}/rotate', { params: { path: { key_id: id } }, body: { grace_period: grace } }));
        carried = { ...carried, secret: key.secret };
      }
      // The new triggers are recorded once the rotation they asked for is done (or none was due).
      carried = { ...carried, rotation_triggers: planned.rotation_triggers };
      key ??= unwrap(await api.GET('/v1/keys/{key_id}', { params: { path: { key_id: id } } }));
      return { state: keyToState(key, carried) };
    } catch (error) {
      const diagnostics = apiErrorDiagnostics(error, `update the API key ${id}`);
      // What did change (a PATCH before a failed rotation) is kept; the rest is retried next apply.
      return { state: key ? keyToState(key, carried) : prior, diagnostics };
    }
  },

  async delete({ state, context }) {
    const { api } = context.provider.client;
    const id = state.id!;
    try {
      unwrap(await api.POST('/v1/keys/{key_id}/revoke', { params: { path: { key_id: id } }, body: { reason: 'terraform destroy' } }));
      return {};
    } catch (error) {
      if (isNotFound(error)) return {}; // already gone
      return { diagnostics: apiErrorDiagnostics(error, `revoke the API key ${id}`) };
    }
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

function carriedFrom(state: ApiKeyState): CarriedFields {
  return {
    secret: state.secret,
    rotation_triggers: state.rotation_triggers,
    rotation_period: state.rotation_period,
    rotation_grace_period: state.rotation_grace_period,
  };
}
