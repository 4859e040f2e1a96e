import { SECRET_REJECTION_MESSAGES } from '../../core/key-format.js';
import { evaluateKey, VERIFICATION_PROBLEMS } from '../../core/verification.js';
import type { ContractOperation } from '../contract/contract.js';
import type { Caller, Services } from '../context.js';
import { readCookie } from '../people/cookie.js';
import type { ProblemError } from '../problem.js';
import { keyActor } from './actors.js';
import type { OrganizationContext } from './directory.js';
import { presentedKey } from './credentials.js';
import { loadPresentedKey, peekPresentedKey, type PresentedKeyLookup } from './presented-key.js';
import { CHALLENGE, refuse, throwIfThrottled } from './refusal.js';
import { authenticateGateway } from './gateway-authentication.js';
import { authenticateSession } from './session-authentication.js';

export interface AuthenticationRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Node's raw header list, to see headers it folds into one (a repeated Authorization). */
  rawHeaders: readonly string[];
  operation: ContractOperation;
  /** The client's address: the socket peer, or what a trusted proxy says it is. */
  clientIp: string;
  /** The socket peer's address, whoever it is. */
  peerAddress: string;
  requestId: string;
  method: string;
  /** The request URL; only a refusal reads it (its path goes to the audit trail). */
  url: string;
  now: number;
}

export function authenticate(services: Services, request: AuthenticationRequest): Caller | Promise<Caller> {
  const { accepts } = request.operation;
  if (accepts.gateway) return authenticateGateway(services, request);
  const presented = presentedKey(request.headers, request.rawHeaders);
  if (presented === null) {
    // A browser sends its cookie with every request; it is read only where no key was sent.
    const token = accepts.session ? readCookie(single(request.headers.cookie), services.sessionCookieName) : null;
    if (token !== null) return authenticateSession(services, request, token);
    if (!accepts.key) throw refuse(services, request, 'SESSION_REQUIRED', 'Sign in first: this operation is for a signed-in member (POST /v1/sessions).');
    throw refuse(services, request, 'MISSING_KEY', 'Send an API key in the X-API-Key header or as "Authorization: Bearer <key>".', {
      challenge: CHALLENGE,
    });
  }
  if (!accepts.key) {
    throw refuse(services, request, 'SESSION_REQUIRED', 'This operation is for a signed-in member, with the session cookie; an API key cannot call it.');
  }
  if (typeof presented === 'object') throw refuse(services, request, 'MALFORMED_KEY', presented.ambiguous);
  return authenticateKey(services, request, presented);
}

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

/**
 * Null when `scopes` satisfy one of the operation's alternatives; otherwise the start of a
 * sentence naming what it needs.
 */
export function missingScopeText(operation: ContractOperation, organization: OrganizationContext, scopes: readonly string[]): string | null {
  const alternatives = operation.requiredScopes;
  if (alternatives.some((required) => organization.resolver.missing(scopes, required).length === 0)) return null;
  return `This operation needs the scope "${alternatives.map((required) => required.join(' and ')).join('", or "')}"`;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join('; ') : value;
}

function unknownKey(services: Services, request: AuthenticationRequest, hint: string): ProblemError {
  return refuse(services, request, 'UNKNOWN_KEY', `The API key ${hint} is not known. Check that it was copied whole, or create a new key.`, { hint });
}
