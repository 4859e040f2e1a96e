import { resolveExpiry, type CurrentExpiry } from '../../core/expiry.js';
import { prefixIssues } from '../../core/issues.js';
import { normalizeIpRules, type IpRuleInput } from '../../core/ip-rules.js';
import { validateKeyRateLimit } from '../../core/rate-limit.js';
import { findScopeEscalation, normalizeGrantedScopes } from '../../core/scopes.js';
import type { ApiKeyRecord, IpRule } from '../../core/types.js';
import type { Caller, RouteContext, OperationId } from '../context.js';
import { issuesProblem, ProblemError } from '../problem.js';
import { epoch } from '../serialize.js';

/**
 * The checks a key's fields go through on create and update, each refusing with the
 * contract's code and the offending field paths. Values come back canonical (scopes sorted,
 * IP rules normalised), so a declarative client never sees a spurious difference.
 */

/** How a refusal names the caller: "the calling key", or "you" to a signed-in person. */
export function callerWords(caller: Caller): { who: string; holds: string } {
  return caller.key ? { who: 'the calling key', holds: 'holds' } : { who: 'you', holds: 'hold' };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Scopes must exist in the organization, and the caller must hold what it grants. */
export function checkScopes(caller: Caller, scopes: readonly string[], path = 'scopes'): string[] {
  const { resolver } = caller.organization;
  const granted = normalizeGrantedScopes(scopes, resolver);
  if (!granted.ok) throw issuesProblem('UNKNOWN_SCOPE', prefixIssues([path], granted.issues));
  const beyond = findScopeEscalation(caller.scopes, granted.scopes, resolver);
  if (beyond.length > 0) {
    const { who, holds } = callerWords(caller);
    throw new ProblemError(
      'SCOPE_ESCALATION',
      `${capitalized(who)} cannot grant scopes not held by ${who === 'you' ? 'yourself' : 'it'}: ${beyond.join(', ')}. Ask someone who holds them (an admin holds every scope).`,
      { errors: [{ path: `body.${path}`, message: `grants ${beyond.join(', ')}, which ${who} ${holds === 'hold' ? 'do' : 'does'} not hold` }] },
    );
  }
  return granted.scopes;
}

export function checkIpRules(rules: readonly IpRuleInput[]): IpRule[] {
  const result = normalizeIpRules(rules);
  if (!result.ok) throw issuesProblem('INVALID_IP_RULE', prefixIssues(['ip_rules'], result.issues));
  return result.rules;
}

export function checkExpiry(
  caller: Caller,
  now: number,
  requested: { expires_at?: string | null; expires_in?: number; not_before?: string | null },
  current?: CurrentExpiry,
): { expiresAt: number | null; notBefore: number | null } {
  const result = resolveExpiry(
    caller.organization.org.keyPolicy,
    now,
    { expiresAt: epoch(requested.expires_at), expiresIn: requested.expires_in, notBefore: epoch(requested.not_before) },
    current,
  );
  if (!result.ok) throw issuesProblem(result.code, result.issues);
  return { expiresAt: result.expiresAt, notBefore: result.notBefore };
}

export function checkKeyRateLimit(caller: Caller, value: number | null): number | null {
  const issues = validateKeyRateLimit(caller.organization.org, value);
  if (issues.length > 0) throw issuesProblem('INVALID_RATE_LIMIT', issues);
  return value;
}

/** What a caller does to another key; each needs authority over that key. */
export type KeyAction = 'update' | 'rotate' | 'revoke';

const ACTION_WORDS: Record<KeyAction, string> = { update: 'change', rotate: 'rotate', revoke: 'revoke' };

/**
 * The authority rule: a caller may change, rotate or revoke another key only when it holds
 * every scope that key holds (after includes). Without it a `keys:write` key could strip an
 * admin key's scopes, lock it out with an IP rule, or revoke it, leaving its organization
 * without a working admin. A key holding `keys:write` can always revoke itself, since it
 * holds its own scopes.
 */
export function checkAuthorityOver(caller: Caller, target: ApiKeyRecord, action: KeyAction): void {
  const beyond = findScopeEscalation(caller.scopes, target.scopes, caller.organization.resolver);
  if (beyond.length === 0) return;
  const verb = ACTION_WORDS[action];
  const { who } = callerWords(caller);
  const lacks = `${who} ${who === 'you' ? 'do' : 'does'} not hold`;
  throw new ProblemError(
    'SCOPE_ESCALATION',
    `${capitalized(who)} cannot ${verb} key ${target.id}: that key holds ${beyond.join(', ')}, which ${lacks}. Act on it with a key or member that holds every scope it holds (an admin holds every scope).`,
    { errors: [{ path: 'path.key_id', message: `key ${target.id} holds ${beyond.join(', ')}, which ${lacks}` }] },
  );
}

/** A key of the caller's organization, or 404: another organization's key does not exist. */
export async function findKey<O extends OperationId>(context: RouteContext<O>, id: string): Promise<ApiKeyRecord> {
  const key = await context.store.keys.get(context.caller.organization.org.id, id);
  if (!key) throw new ProblemError('KEY_NOT_FOUND', `There is no key ${id} in this organization.`);
  return key;
}

/** Like {@link findKey}, and refuses keys that are revoked: they can never change again. */
export async function findChangeableKey<O extends OperationId>(context: RouteContext<O>, id: string): Promise<ApiKeyRecord> {
  const key = await findKey(context, id);
  if (key.revokedAt !== null) {
    throw new ProblemError('KEY_REVOKED', `Key ${id} is revoked; a revoked key cannot be changed, rotated or restored. Create a new key.`);
  }
  return key;
}
