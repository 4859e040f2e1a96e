/**
 * `data "keyplane_scopes"`: the organization's whole scope catalog, built-in scopes included.
 */
import { defineSchema, listAttribute, type DataSource } from '../framework/index.js';
import type { KeyplaneProviderData } from '../provider-data.js';
import { callService } from '../service-result.js';
import { apiErrorDiagnostics } from './api-errors.js';

/** `data "keyplane_scopes"`: the catalog as one list attribute. */
export const scopesDataSourceSchema = defineSchema({
  description:
    "The scope catalog of the organization the provider authenticates to: its own scopes and the built-in ones, sorted by name. The provider's key needs `scopes:read`.",
  attributes: {
    scopes: listAttribute(['object', { name: 'string', description: 'string', includes: ['list', 'string'], built_in: 'bool' }], {
      description:
        'Every scope, sorted by name: `name`, `description` (or null), `includes` (the scopes it grants too, directly) and `built_in` ' +
        "(true for the scopes that guard Keyplane's own API, which cannot be changed).",
      computed: true,
    }),
  },
});

/** `data "keyplane_scopes"`: GET /v1/scopes. */
export const scopesDataSource: DataSource<typeof scopesDataSourceSchema, KeyplaneProviderData> = {
  typeName: 'keyplane_scopes',
  schema: scopesDataSourceSchema,

  async read({ context }) {
    const { api } = context.provider.client;
    const { data: catalog, error } = await callService(api.GET('/v1/scopes', { signal: context.stopSignal }));
    if (error) return { state: null, diagnostics: apiErrorDiagnostics(error, 'read the scope catalog') };
    return { state: { scopes: catalog.data.map((s) => ({ name: s.name, description: s.description, includes: s.includes, built_in: s.built_in })) } };
  },
};
