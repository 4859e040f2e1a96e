/**
 * Finding keys without knowing their ids: every page of GET /v1/keys with the contract's
 * filters, and the choice of the one key a name stands for. A key's name is unique in an
 * organization only by convention, so a lookup by name must say when it finds none, or
 * several, rather than pick one.
 */
import type { components } from '../../api/schema.js';
import type { KeyplaneApi } from '../../client/index.js';
import { callService, type ServiceResult } from '../service-result.js';

type ApiKey = components['schemas']['ApiKey'];

/** The filters of GET /v1/keys (see openapi.yaml `listKeys`). */
export interface KeyListFilters {
  /** Only keys with this status now. */
  status?: components['schemas']['KeyStatus'];
  /** Only keys granted this scope directly. */
  scope?: string;
  /** Only keys whose name contains this text, ignoring case. */
  name?: string;
}

/** The largest page the contract allows: fewest round trips. */
const PAGE_SIZE = 200;

/** Every key that matches `filters`, oldest first, following `next_cursor` to the last page; or the first page's failure. */
export async function listAllKeys(api: KeyplaneApi, filters: KeyListFilters, signal?: AbortSignal): Promise<ServiceResult<ApiKey[]>> {
  const keys: ApiKey[] = [];
  let cursor: string | undefined;
  do {
    const query = { ...filters, limit: PAGE_SIZE, ...(cursor !== undefined ? { cursor } : {}) };
    const { data: page, error } = await callService(api.GET('/v1/keys', { params: { query }, signal }));
    if (error) return { error };
    keys.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return { data: keys };
}

/** What a name stands for among listed keys. */
export type NameMatch =
  | { kind: 'found'; key: ApiKey }
  | { kind: 'ambiguous'; ids: string[] }
  /** `revokedIds`: revoked keys of that exact name; `otherCase`: names that differ only in letter case. */
  | { kind: 'none'; revokedIds: string[]; otherCase: string[] };

/**
 * The key named exactly `name` (letter case included) that is not revoked. Revoked keys do not
 * count: a revoked key can never work again, and the name usually passes to its replacement.
 * Expired and not-yet-valid keys do count: they still exist and can be given a new expiry.
 */
export function matchKeyName(keys: readonly ApiKey[], name: string): NameMatch {
  const exact = keys.filter((k) => k.name === name);
  const live = exact.filter((k) => k.status !== 'revoked');
  if (live.length === 1) return { kind: 'found', key: live[0]! };
  if (live.length > 1) return { kind: 'ambiguous', ids: live.map((k) => k.id) };
  const lower = name.toLowerCase();
  const otherCase = [...new Set(keys.filter((k) => k.status !== 'revoked' && k.name !== name && k.name.toLowerCase() === lower).map((k) => k.name))];
  return { kind: 'none', revokedIds: exact.map((k) => k.id), otherCase };
}
