import type { RouteHandler } from '../context.js';
import { apiKeyJson, organizationJson } from '../keys/api-key-json.js';
import { memberJson } from '../people/member-json.js';

/**
 * GET /v1/myself: the calling key (or signed-in member), its organization and what it may
 * do. Answered from the cached key (or member) and organization without I/O, and from their
 * cached JSON (see api-key-json.ts and member-json.ts).
 */
export const getMyself: RouteHandler<'getMyself'> = ({ caller, now }) => {
  const { org, resolver } = caller.organization;
  const scopes = JSON.stringify(resolver.resolveSorted(caller.scopes));
  const key = caller.key ? apiKeyJson(caller.key, now) : 'null';
  const member = caller.member ? memberJson(caller.member, now) : 'null';
  return {
    status: 200,
    json: `{"actor":${actorJson(caller)},"key":${key},"member":${member},"organization":${organizationJson(org)},"effective_scopes":${scopes}}`,
  };
};

// The actor is the same object for every request of one key record (see auth/actors.ts).
const actorJsonCache = new WeakMap<object, string>();
function actorJson(caller: Parameters<RouteHandler<'getMyself'>>[0]['caller']): string {
  let json = actorJsonCache.get(caller.actor);
  if (json === undefined) actorJsonCache.set(caller.actor, (json = JSON.stringify(caller.actor)));
  return json;
}
