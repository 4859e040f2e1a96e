/**
 * `data "keyplane_myself"`: the key the provider authenticates with, and its organization
 * (GET /v1/myself). Any valid key may read it.
 */
import { defineSchema, setAttribute, stringAttribute, type DataSource } from '../framework/index.js';
import type { KeyplaneProviderData } from '../provider-data.js';
import { callService } from '../service-result.js';
import { apiErrorDiagnostics } from './api-errors.js';

const computed = (description: string) => stringAttribute({ description, computed: true });

/** `data "keyplane_myself"`: the calling key and its organization, flattened. */
export const myselfDataSourceSchema = defineSchema({
  description:
    'The API key the provider authenticates with, and its organization: useful to check which key and organization a configuration works with, ' +
    'or to read what a key made elsewhere (e.g. an ephemeral one) may do. Any valid key may read it.',
  attributes: {
    id: computed('Id of the calling key.'),
    name: computed('Name of the calling key.'),
    hint: computed("The calling key's prefix and last four characters."),
    expires_at: computed('When the calling key stops working (RFC 3339, UTC); null = never.'),
    scopes: setAttribute('string', { description: 'Scopes granted to the calling key directly.', computed: true }),
    effective_scopes: setAttribute('string', {
      description: 'Every scope the calling key holds once includes are resolved (`admin` stands for everything of the organization).',
      computed: true,
    }),
    organization_id: computed('Id of the organization.'),
    organization_slug: computed("The organization's slug, the tag in its secrets (`nm_<slug>_…`)."),
    organization_name: computed("The organization's name."),
    organization_plan: computed('`free`, `team`, `business` or `enterprise`: decides the default rate limit.'),
  },
});

/** `data "keyplane_myself"`: GET /v1/myself. */
export const myselfDataSource: DataSource<typeof myselfDataSourceSchema, KeyplaneProviderData> = {
  typeName: 'keyplane_myself',
  schema: myselfDataSourceSchema,

  async read({ context }) {
    const { api } = context.provider.client;
    const { data: myself, error } = await callService(api.GET('/v1/myself', { signal: context.stopSignal }));
    if (error) return { state: null, diagnostics: apiErrorDiagnostics(error, 'read the calling key (GET /v1/myself)') };
    const { key, organization, effective_scopes } = myself;
    // The provider always calls with its api_key, so the service answers with that key.
    if (key === null) throw new Error('The service answered GET /v1/myself without a key, though the provider called with its api_key.');
    return {
      state: {
        id: key.id,
        name: key.name,
        hint: key.hint,
        expires_at: key.expires_at,
        scopes: key.scopes,
        effective_scopes,
        organization_id: organization.id,
        organization_slug: organization.slug,
        organization_name: organization.name,
        organization_plan: organization.plan,
      },
    };
  },
};
