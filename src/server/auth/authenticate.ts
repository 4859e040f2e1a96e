import { parseSecret, secretHint, SECRET_REJECTION_MESSAGES } from '../../core/key-format.js';
import type { ProblemCode } from '../../core/problems.js';
import { hashSecret } from '../../core/secret-hash.js';
import { evaluateKey, VERIFICATION_PROBLEMS } from '../../core/verification.js';
import { newAuditEventId } from '../../core/ids.js';
import type { ContractOperation } from '../contract/contract.js';
import type { Caller, Services } from '../context.js';
import { instanceOf, ProblemError } from '../problem.js';
import { presentedKey } from './credentials.js';

export interface AuthenticationRequest {
  headers: Record<string, string | string[] | undefined>;
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
 * IP rules refuse or a missing scope. Every refusal is written to the audit trail; what is
 * recorded of the presented key is at most its hint, never the secret.
 */
export async function authenticate(services: Services, request: AuthenticationRequest): Promise<Caller> {
  const presented = presentedKey(request.headers);
  if (presented === null) {
    throw await refuse(services, request, 'MISSING_KEY', 'Send an API key in the X-API-Key header or as "Authorization: Bearer <key>".', {
      challenge: CHALLENGE,
    });
  }
  if (presented === 'conflict') {
    throw await refuse(services, request, 'MALFORMED_KEY', 'The X-API-Key and Authorization headers carry different keys; send one key.');
  }
  const parsed = parseSecret(presented);
  if (!parsed.ok) {
    // Decided without a lookup: a mistyped or made-up key never reaches the database.
    throw await refuse(services, request, 'MALFORMED_KEY', `The API key is malformed: ${SECRET_REJECTION_MESSAGES[parsed.reason]}`);
  }
  const hint = secretHint(presented);
  const match = await services.directory.keyByHash(hashSecret(presented, services.serverSecret));
  const organization = match && (await services.directory.organization(match.entry.key.organizationId));
  if (!match || !organization) {
    throw await refuse(services, request, 'UNKNOWN_KEY', `The API key ${hint} is not known. Check that it was copied whole, or create a new key.`, {
      hint,
    });
  }
  const { key, compiledIpRules } = match.entry;
  const verdict = evaluateKey({
    key,
    presentedHashWasPrevious: match.previous,
    now: request.now,
    clientIp: request.clientIp,
    resolver: organization.resolver,
    compiledIpRules,
  });
  if (!verdict.valid) {
    throw await refuse(services, request, VERIFICATION_PROBLEMS[verdict.code], verdict.detail, {
      hint,
      keyId: key.id,
      organizationId: key.organizationId,
    });
  }

  const alternatives = request.operation.requiredScopes;
  const allowed = alternatives.some((required) => organization.resolver.missing(key.scopes, required).length === 0);
  if (!allowed) {
    const needed = alternatives.map((required) => required.join(' and ')).join('", or "');
    throw await refuse(services, request, 'INSUFFICIENT_SCOPE', `This operation needs the scope "${needed}", which the key does not hold.`, {
      hint,
      keyId: key.id,
      organizationId: key.organizationId,
    });
  }
  return { key, organization };
}

interface RefusalContext {
  hint?: string;
  keyId?: string;
  organizationId?: string;
  challenge?: string;
}

async function refuse(
  services: Services,
  request: AuthenticationRequest,
  code: ProblemCode,
  detail: string,
  context: RefusalContext = {},
): Promise<ProblemError> {
  try {
    await services.store.audit.append({
      id: newAuditEventId(request.now),
      organizationId: context.organizationId ?? null,
      action: 'auth.refused',
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
  } catch (error) {
    // The refusal stands even when the audit write fails; the failure is logged.
    services.log.error({ err: error, requestId: request.requestId }, 'could not record a refused authentication');
  }
  const status = code === 'INSUFFICIENT_SCOPE' || code === 'IP_NOT_ALLOWED' ? 403 : 401;
  const headers: Record<string, string> = {};
  if (status === 401) {
    headers['WWW-Authenticate'] = context.challenge ?? `${CHALLENGE}, error="invalid_token"`;
  }
  return new ProblemError(code, detail, { headers });
}
