/**
 * What the console asks for the moment its script runs, before the first render: the
 * session, and (when it opens on the keys list) the first page of keys beside it, so the
 * list is one round trip away instead of two.
 */

import { api, run, type ApiKey, type Result, type SignedIn } from './api.js';
import { currentRoute } from './router.js';

type KeyPage = { data: ApiKey[]; next_cursor: string | null };

/** `GET /v1/sessions/current`, asked once at start. */
export const initialSession: Promise<Result<SignedIn>> = run(api.GET('/v1/sessions/current'));

/** The keys list's query for its filters (the same object the page sends). */
export function keysQuery(filters: { status?: string | undefined; scope?: string | undefined; name?: string | undefined }, limit: number) {
  return {
    ...(filters.status ? { status: filters.status as ApiKey['status'] } : {}),
    ...(filters.scope ? { scope: filters.scope } : {}),
    ...(filters.name ? { name: filters.name } : {}),
    limit,
  };
}

export const KEYS_PAGE_SIZE = 50;

let preloaded: { query: string; result: Promise<Result<KeyPage>> } | null = null;
{
  const route = currentRoute();
  if (route.path === '/keys' || route.path === '/') {
    const query = keysQuery({ status: route.query.get('status') ?? undefined, scope: route.query.get('scope') ?? undefined, name: route.query.get('name') ?? undefined }, KEYS_PAGE_SIZE);
    preloaded = { query: JSON.stringify(query), result: run(api.GET('/v1/keys', { params: { query } })) };
  }
}

/** The first page asked for at start, if it was asked with exactly `query`; only once. */
export function takePreloadedKeys(query: object): Promise<Result<KeyPage>> | null {
  const taken = preloaded && preloaded.query === JSON.stringify(query) ? preloaded.result : null;
  preloaded = null;
  return taken;
}
