/**
 * `resource "keyplane_scope"`: a scope of the organization's catalog. The description and the
 * includes change in place (PATCH); a new name replaces the scope. Destroy deletes it, which
 * the service refuses (SCOPE_IN_USE) while keys that are not revoked or other scopes use it.
 * A scope deleted outside Terraform reads as gone, so the next plan creates it again.
 */
import type { components } from '../../api/schema.js';
import { validateScopeDefinition, validateScopeName, type ScopeDefinitionInput } from '../../core/scope-catalog.js';
import { isBuiltInScope } from '../../core/scopes.js';
import {
  Diagnostics,
  defineSchema,
  errorDiagnostic,
  isKnown,
  requiresReplace,
  setAttribute,
  stringAttribute,
  useStateForUnknown,
  warningDiagnostic,
  type Diagnostic,
  type PathStep,
  type PlanOf,
  type Resource,
  type StateOf,
} from '../framework/index.js';
import type { KeyplaneProviderData } from '../provider-data.js';
import { callService, type ServiceError } from '../service-result.js';
import { apiErrorDiagnostics } from './api-errors.js';
import { capitalize } from './issue-text.js';
import { sameSetOrEmpty } from './same-meaning.js';

type Scope = components['schemas']['Scope'];

/** `keyplane_scope`: one scope of the catalog of the provider key's organization. */
export const scopeSchema = defineSchema({
  description:
    "A scope of the organization's catalog: a permission that keys are granted, which may include other scopes " +
    '(`write` including `agentic`). Description and includes change in place; keys holding the scope see a change on their next request. ' +
    'Destroying the resource deletes the scope, which the service refuses while another scope includes it or a key that is not revoked holds it.',
  attributes: {
    name: stringAttribute({
      description:
        'The scope\'s name, e.g. `agentic` or `billing:write`: a letter, then up to 63 letters, digits, `_ . : -`. ' +
        'Not the name of a built-in scope (`admin`, `keys:read`...), not even in other letter case. Changing it replaces the scope. Use it to import.',
      required: true,
      planModifiers: [requiresReplace()],
    }),
    description: stringAttribute({ description: 'What the scope allows, up to 1,000 characters.', optional: true }),
    includes: setAttribute('string', {
      description:
        'Scopes this one grants too (own or built-in), at most 100; includes of includes apply as well. ' +
        'Each must exist, must not lead back to this scope, and the provider\'s key must hold it; refer to scopes of the same configuration by reference ' +
        '(`keyplane_scope.read.name`) so that Terraform creates them first. Order does not matter.',
      optional: true,
      semanticEquals: sameSetOrEmpty,
    }),
    created_at: stringAttribute({ description: 'When the scope was created (RFC 3339, UTC).', computed: true, planModifiers: [useStateForUnknown()] }),
    updated_at: stringAttribute({ description: 'When the scope was last changed (RFC 3339, UTC).', computed: true }),
  },
});

/** A scope as stored in state. */
export type ScopeState = StateOf<typeof scopeSchema>;
type ScopePlan = PlanOf<typeof scopeSchema>;

/** The title of a diagnostic by the field an issue is about (`includes` alone: the whole set). */
function summaryOf(path: readonly (string | number)[]): string {
  if (path[0] === 'includes') return path.length > 1 ? 'Invalid include' : 'Too many includes';
  return `Invalid ${String(path[0])}`;
}

/** Plan-time checks with src/core: what can be known without the catalog. */
export function validateScopeConfig(config: ScopePlan): Diagnostic[] {
  const input: ScopeDefinitionInput = {};
  if (isKnown(config.name)) input.name = config.name;
  if (isKnown(config.description)) input.description = config.description;
  if (isKnown(config.includes)) input.includes = config.includes.filter((s): s is string => isKnown(s));
  const diags = new Diagnostics();
  for (const issue of validateScopeDefinition(input)) {
    // `includes` is a set: no element can be pointed at, so the message quotes it.
    const path: PathStep[] = [{ attribute: String(issue.path[0]) }];
    diags.error(summaryOf(issue.path), `${capitalize(issue.message)}.`, path);
  }
  return diags.list;
}

function scopeToState(scope: Scope): ScopeState {
  return { name: scope.name, description: scope.description, includes: scope.includes, created_at: scope.created_at, updated_at: scope.updated_at };
}

/** The diagnostics of a failed delete, with what to do when the scope is still in use. */
function deleteDiagnostics(error: ServiceError, name: string): Diagnostic[] {
  const { problem } = error;
  if (problem?.code !== 'SCOPE_IN_USE') return apiErrorDiagnostics(error, `delete the scope ${JSON.stringify(name)}`);
  return [
    errorDiagnostic(
      'Scope still in use',
      `The scope ${JSON.stringify(name)} cannot be deleted yet: ${problem.detail} It stays in the catalog and in the Terraform state. ` +
        'Once no other scope includes it and no key that is not revoked holds it (change or revoke those keys, here or outside Terraform), run destroy or apply again.',
    ),
  ];
}

/** `resource "keyplane_scope"`: create (POST), read (GET, 404 = gone), update (PATCH), delete (DELETE), import by name. */
export const scopeResource: Resource<typeof scopeSchema, KeyplaneProviderData> = {
  typeName: 'keyplane_scope',
  schema: scopeSchema,

  validateConfig: ({ config }) => validateScopeConfig(config),

  async create({ plan, context }) {
    const { api } = context.provider.client;
    const state = plan as ScopeState; // every configured value is known at apply
    const body: components['schemas']['CreateScopeRequest'] = { name: state.name, includes: state.includes ?? [] };
    if (state.description !== null) body.description = state.description;
    const { data: scope, error } = await callService(api.POST('/v1/scopes', { body }));
    if (error) {
      if (error.problem?.code === 'SCOPE_EXISTS') {
        return {
          state: null,
          diagnostics: [
            errorDiagnostic(
              'Scope already exists',
              `The catalog already has a scope ${JSON.stringify(state.name)}. To manage it here, import it (\`terraform import <address> ${state.name}\`, or an import block with id = "${state.name}"); otherwise choose another name.`,
              [{ attribute: 'name' }],
            ),
          ],
        };
      }
      return { state: null, diagnostics: apiErrorDiagnostics(error, `create the scope ${JSON.stringify(state.name)}`) };
    }
    return { state: scopeToState(scope) };
  },

  async read({ state, context }) {
    const { api } = context.provider.client;
    const { data: scope, error } = await callService(api.GET('/v1/scopes/{scope_name}', { params: { path: { scope_name: state.name } }, signal: context.stopSignal }));
    if (error?.problem?.code === 'SCOPE_NOT_FOUND') {
      return {
        state: null,
        diagnostics: [warningDiagnostic('Scope no longer exists', `The scope ${JSON.stringify(state.name)} was deleted outside Terraform. The next apply creates it again.`)],
      };
    }
    if (error) return { state, diagnostics: apiErrorDiagnostics(error, `read the scope ${JSON.stringify(state.name)}`) };
    return { state: scopeToState(scope) };
  },

  async update({ prior, plan, context }) {
    const { api } = context.provider.client;
    const next = plan as ScopeState;
    const body: components['schemas']['UpdateScopeRequest'] = {};
    if (next.description !== prior.description) body.description = next.description;
    if (!sameSet(prior.includes, next.includes)) body.includes = next.includes ?? [];
    const path = { params: { path: { scope_name: prior.name } } };
    const { data: scope, error } = await callService(Object.keys(body).length > 0 ? api.PATCH('/v1/scopes/{scope_name}', { ...path, body }) : api.GET('/v1/scopes/{scope_name}', path));
    if (error) return { state: prior, diagnostics: apiErrorDiagnostics(error, `update the scope ${JSON.stringify(prior.name)}`) };
    return { state: scopeToState(scope) };
  },

  async delete({ state, context }) {
    const { api } = context.provider.client;
    const { error } = await callService(api.DELETE('/v1/scopes/{scope_name}', { params: { path: { scope_name: state.name } } }));
    if (!error || error.problem?.code === 'SCOPE_NOT_FOUND') return {}; // deleted, or already gone
    return { diagnostics: deleteDiagnostics(error, state.name) };
  },

  importState({ id }) {
    if (isBuiltInScope(id)) {
      return {
        diagnostics: [
          errorDiagnostic('Built-in scope', `${JSON.stringify(id)} is a built-in scope: it exists in every organization and cannot be changed, so there is nothing to manage. Refer to it by name.`),
        ],
      };
    }
    const issues = validateScopeName(id);
    if (issues.length > 0) return { diagnostics: [errorDiagnostic('Invalid import id', `${capitalize(issues[0]!.message)}. Give the name of a scope of the catalog (see keyplane scopes list).`)] };
    // The rest comes from the read that follows.
    return { state: { name: id } };
  },
};

/** Equal as sets, null counting as empty. */
function sameSet(a: readonly string[] | null, b: readonly string[] | null): boolean {
  const x = new Set(a ?? []);
  const y = new Set(b ?? []);
  return x.size === y.size && [...x].every((v) => y.has(v));
}
