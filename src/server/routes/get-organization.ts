import type { RouteHandler } from '../context.js';
import { visibleOrganization } from '../organizations/organization-rules.js';
import { toOrganization } from '../serialize.js';

/** GET /v1/organizations/{organization_id}: operators any, admins their own. */
export const getOrganization: RouteHandler<'getOrganization'> = async ({ caller, store, params }) => {
  const id = params.organization_id;
  const org = visibleOrganization(caller, id, await store.organizations.get(id));
  return { status: 200, body: toOrganization(org) };
};
