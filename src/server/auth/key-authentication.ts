/**
 * Authentication by API key: the calling key, or a gateway's own key. A key found in the
 * directory's cache is judged without waiting; only a miss goes to the store.
 */
import { SECRET_REJECTION_MESSAGES } from '../../core/key-format.js';
import { evaluateKey, VERIFICATION_PROBLEMS } from '../../core/verification.js';
import type { Caller, Services } from '../context.js';
import type { ProblemError } from '../problem.js';
import { keyActor } from './actors.js';
import type { AuthenticationRequest } from './authentication-request.js';
import type { OrganizationContext } from './directory.js';
import { loadPresentedKey, peekPresentedKey, type PresentedKeyLookup } from './presented-key.js';
import { refuse, throwIfThrottled } from './refusal.js';
import { missingScopeText } from './required-scopes.js';

/** Judges a key found in the request: the calling key, or a gateway's own key. */
export function authenticateKey(services: Services, request: AuthenticationRequest, presented: string): Caller | Promise<Caller> {
  const peek = peekPresentedKey(services.directory, services.serverSecret, presented);
  if (peek.kind !== 'miss') return judge(services, request, peek);
  // Only the store can tell: an address (or hint) that keeps failing gets no lookup, unless
  // the key is one this node has known (its cache entry is merely due for a refresh).
  if (!services.directory.hasKnown(peek.hash)) throwIfThrottled(services, request, peek.hint);
  return loadPresentedKey(services.directory, peek).then((lookup) => judge(services, request, lookup));
}

function judge(services: Services, request: AuthenticationRequest, lookup: PresentedKeyLookup): Caller | Promise<Caller> {
  if (lookup.kind === 'malformed') {
    // Decided without a lookup: a mistyped or made-up key never reaches the database.
    throw refuse(services, request, 'MALFORMED_KEY', `The API key is malformed: ${SECRET_REJECTION_MESSAGES[lookup.reason]}`);
  }
  const { hint } = lookup;
  if (lookup.kind === 'unknown') throw unknownKey(services, request, hint);
  const organization = services.directory.peekOrganization(lookup.match.entry.key.organizationId);
  if (organization !== undefined) return authorise(services, request, lookup, organization);
  return services.directory
    .organization(lookup.match.entry.key.organizationId)
    .then((loaded) => authorise(services, request, lookup, loaded));
}

function authorise(
  services: Services,
  request: AuthenticationRequest,
  lookup: Extract<PresentedKeyLookup, { kind: 'found' }>,
  organization: OrganizationContext | null,
): Caller {
  const { hint, match } = lookup;
  if (!organization) throw unknownKey(services, request, hint);
  const { key, compiledIpRules } = match.entry;
  const verdict = evaluateKey({
    key,
    presentedHashWasPrevious: match.previous,
    now: request.now,
    clientIp: request.clientIp,
    resolver: organization.resolver,
    compiledIpRules,
  });
  const actor = keyActor(key);
  const refusal = { hint, actor, organizationId: key.organizationId };
  if (!verdict.valid) throw refuse(services, request, VERIFICATION_PROBLEMS[verdict.code], verdict.detail, refusal);

  const missing = missingScopeText(request.operation, organization, key.scopes);
  if (missing !== null) throw refuse(services, request, 'INSUFFICIENT_SCOPE', `${missing}, which the key does not hold.`, refusal);
  return { actor, organization, scopes: key.scopes, key, member: null, session: null };
}

function unknownKey(services: Services, request: AuthenticationRequest, hint: string): ProblemError {
  return refuse(services, request, 'UNKNOWN_KEY', `The API key ${hint} is not known. Check that it was copied whole, or create a new key.`, { hint });
}
