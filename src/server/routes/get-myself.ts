import type { RouteHandler } from '../context.js';
import { apiKeyJson, organizationJson } from '../keys/api-key-json.js';

/**
 * GET /v1/myself: the calling key, its organization and what it may do. Answered from the
 * cached key and organization without I/O, and from their cached JSON (see api-key-json.ts).
 */
export const getMyself: RouteHandler<'getMyself'> = ({ caller, now }) => {
  const { org, resolver } = caller.organization;
  const scopes = JSON.stringify(resolver.resolveSorted(caller.key.scopes));
  return { status: 200, json: `{"key":${apiKeyJson(caller.key, now)},"organization":${organizationJson(org)},"effective_scopes":${scopes}}` };
};
