import type { RouteHandler } from '../context.js';
import { toApiKey, toOrganization } from '../serialize.js';

/** GET /v1/myself: the calling key, its organization and what it may do. */
export const getMyself: RouteHandler<'getMyself'> = async ({ caller, now }) => {
  const { org, resolver } = caller.organization;
  return {
    status: 200,
    body: {
      key: toApiKey(caller.key, now),
      organization: toOrganization(org),
      effective_scopes: [...resolver.resolve(caller.key.scopes)].sort(),
    },
  };
};
