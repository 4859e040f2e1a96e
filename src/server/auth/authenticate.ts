import { SECRET_REJECTION_MESSAGES } from '../../core/key-format.js';
import type { ProblemCode } from '../../core/problems.js';
import { rateLimitHeaders } from '../../core/rate-limit.js';
import { evaluateKey, VERIFICATION_PROBLEMS } from '../../core/verification.js';
import type { ContractOperation } from '../contract/contract.js';
import type { Caller, Services } from '../context.js';
import { instanceOf, ProblemError } from '../problem.js';
import type { OrganizationContext } from './directory.js';
import { presentedKey } from './credentials.js';
import { loadPresentedKey, peekPresentedKey, type PresentedKeyLookup } from './presented-key.js';

export interface AuthenticationRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Node's raw header list, to see headers it folds into one (a repeated Authorization). */
  rawHeaders: readonly string[];
  operation: ContractOperation;
  clientIp: string;
  requestId: string;
  method: string;
  /** The request URL; only a refusal reads it (its path goes to the audit trail). */
  url: string;
  now: number;
}

const CHALLENGE = 'Bearer realm="keyplane"';


/**
 * Finds the key a request is made with and checks it may call `operation`: 401 for a
 * missing, malformed, unknown, expired, revoked or not-yet-valid key; 403 for an address its
 * IP rules refuse or a missing scope.
 *
 * The hot path: a key this node has cached is decided without I/O and without an `await`
 * (the caller gets a value, not a promise). Refusals are noted by the refusal recorder (the
 * audit trail, written off the request path) and counted per client address and per key
 * hint; past `failedAuthenticationLimit` a minute, a request from that address or with that
 * hint is answered 429 unless it carries a key this node already knows to be good, and no
 * store lookup is made for it. What is recorded of a presented key is at most its hint.
 */
export function authenticate(services: Services, request: AuthenticationRequest): Caller | Promise<Caller> {
  const presented = presentedKey(request.headers, request.rawHeaders);
  if (presented === null) {
    throw refuse(services, request, 'MISSING_KEY', 'Send an API key in the X-API-Key header or as "Authorization: Bearer <key>".', {
      challenge: CHALLENGE,
    });
  }
  if (typeof presented === 'object') throw refuse(services, request, 'MALFORMED_KEY', presented.ambiguous);

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
  const refusal = { hint, keyId: key.id, organizationId: key.organizationId };
  if (!verdict.valid) throw refuse(services, request, VERIFICATION_PROBLEMS[verdict.code], verdict.detail, refusal);

  const alternatives = request.operation.requiredScopes;
  const allowed = alternatives.some((required) => organization.resolver.missing(key.scopes, required).length === 0);
  if (!allowed) {
    const needed = alternatives.map((required) => required.join(' and ')).join('", or "');
    throw refuse(services, request, 'INSUFFICIENT_SCOPE', `This operation needs the scope "${needed}", which the key does not hold.`, refusal);
  }
  return { key, organization };
}

function unknownKey(services: Services, request: AuthenticationRequest, hint: string): ProblemError {
  return refuse(services, request, 'UNKNOWN_KEY', `The API key ${hint} is not known. Check that it was copied whole, or create a new key.`, { hint });
}

interface RefusalContext {
  hint?: string;
  keyId?: string;
  organizationId?: string;
  challenge?: string;
}

/** The failure counters of a request: its client address, and the presented key's hint. */
function failureIds(request: AuthenticationRequest, hint: string | undefined): string[] {
  return hint === undefined ? [`ip:${request.clientIp}`] : [`ip:${request.clientIp}`, `hint:${hint}`];
}

/** 429 when the address or the hint has failed too often this minute; nothing otherwise. */
function throwIfThrottled(services: Services, request: AuthenticationRequest, hint: string | undefined): void {
  const limit = services.failedAuthenticationLimit;
  for (const id of failureIds(request, hint)) {
    const decision = services.failedAuthentications.peek(id, limit, request.now);
    if (decision.allowed) continue;
    record(services, request, 'RATE_LIMITED', { hint });
    throw new ProblemError(
      'RATE_LIMITED',
      `Too many failed authentications from this ${id.startsWith('ip:') ? 'address' : 'key'} (more than ${limit} a minute). Try again in ${decision.retryAfterSeconds} seconds with a valid key.`,
      { headers: rateLimitHeaders(decision), holdMs: services.throttledAnswerHoldMs },
    );
  }
}

/**
 * The problem for a refused authentication, after noting it: in the audit trail (through the
 * recorder) and against the failure counters. Once those are spent the answer is 429.
 */
function refuse(services: Services, request: AuthenticationRequest, code: ProblemCode, detail: string, context: RefusalContext = {}): ProblemError {
  throwIfThrottled(services, request, context.hint);
  for (const id of failureIds(request, context.hint)) services.failedAuthentications.consume(id, services.failedAuthenticationLimit, request.now);
  record(services, request, code, context);
  const status = code === 'INSUFFICIENT_SCOPE' || code === 'IP_NOT_ALLOWED' ? 403 : 401;
  const headers: Record<string, string> = {};
  if (status === 401) {
    headers['WWW-Authenticate'] = context.challenge ?? `${CHALLENGE}, error="invalid_token"`;
  }
  return new ProblemError(code, detail, { headers });
}

function record(services: Services, request: AuthenticationRequest, code: ProblemCode, context: RefusalContext): void {
  services.refusals.record({
    source: `ip:${request.clientIp}`,
    organizationId: context.organizationId ?? null,
    actorKeyId: context.keyId ?? null,
    targetType: null,
    targetId: null,
    ip: request.clientIp,
    requestId: request.requestId,
    occurredAt: request.now,
    details: {
      code,
      method: request.method,
      path: instanceOf(request.url),
      ...(context.hint ? { hint: context.hint } : {}),
    },
  });
}
