import type { RouteHandler } from '../context.js';
import { decodeCursor, encodeCursor, toOrganization } from '../serialize.js';
import { invalidCursor } from './list-keys.js';

const ORGANIZATION_ID_PATTERN = /^org_[0-9A-HJKMNP-TV-Z]{26}$/;

/** GET /v1/organizations: operators only (the contract's scope check guarantees it). */
export const listOrganizations: RouteHandler<'listOrganizations'> = async ({ store, query }) => {
  const after = decodeCursor(query.cursor, ORGANIZATION_ID_PATTERN);
  if (after === 'invalid') throw invalidCursor();
  const page = await store.organizations.list({ limit: query.limit ?? 50, after });
  return { status: 200, body: { data: page.items.map(toOrganization), next_cursor: encodeCursor(page.nextAfter) } };
};
