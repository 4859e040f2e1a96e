import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newAuditEventId } from '../core/ids.js';
import { effectiveLimit, rateLimitHeaders } from '../core/rate-limit.js';
import type { Store } from '../store/store.js';
import { authenticate } from './auth/authenticate.js';
import type { ContractOperation } from './contract/contract.js';
import type { RequestValidator } from './contract/request-validator.js';
import type { AuditInput, Caller, OperationId, RouteContext, RouteHandler, RouteResult, Services } from './context.js';
import { claim, complete, release, requestFingerprint } from './idempotency.js';
import { instanceOf, ProblemError } from './problem.js';

/**
 * Operations whose own handler consumes rate limit: verification counts against the
 * presented key, not the gateway's key that calls it.
 */
const SELF_LIMITED = new Set<OperationId>(['verifyKey']);
/** Writes that must not hold a transaction open: verification only writes audit events. */
const NON_TRANSACTIONAL = new Set<OperationId>(['verifyKey']);

/**
 * Registers one contract operation. Every request goes through the same steps, in this
 * order: validate against the contract → authenticate and authorise → rate limit →
 * claim the idempotency key → run the handler (in a transaction when it writes) → send.
 * Failures are thrown as ProblemError and rendered by the error handler.
 */
export function registerOperation(
  app: FastifyInstance,
  services: Services,
  operation: ContractOperation,
  validate: RequestValidator,
  handler: RouteHandler<OperationId>,
): void {
  const id = operation.operationId as OperationId;
  const isPublic = operation.requiredScopes.length === 0;
  const writes = operation.method !== 'get' && !NON_TRANSACTIONAL.has(id);

  app.route({
    method: operation.method.toUpperCase() as 'GET',
    url: operation.routerPath,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const now = services.clock();
      const issues = validate({
        params: request.params as Record<string, unknown>,
        query: request.query as Record<string, unknown>,
        headers: request.headers,
        body: request.body,
        hasBody: request.body !== undefined,
      });
      if (issues.length > 0) {
        throw new ProblemError('VALIDATION_FAILED', issues.map((i) => `${i.path} ${i.message}`).join('; '), {
          errors: issues,
        });
      }

      const clientIp = request.ip;
      let caller: Caller | undefined;
      if (isPublic) {
        limit(reply, services, `ip:${clientIp}`, services.publicRateLimitPerMinute, now);
      } else {
        caller = await authenticate(services, {
          headers: request.headers,
          operation,
          clientIp,
          requestId: request.id,
          method: request.method,
          url: request.url,
          now,
        });
        services.usage.record(caller.key.id, now);
        if (!SELF_LIMITED.has(id)) {
          limit(reply, services, caller.key.id, effectiveLimit(caller.organization.org, caller.key), now);
        }
      }

      const run = (store: Store, effects: Array<() => void>) =>
        handler({
          services,
          store,
          caller: caller as Caller,
          params: request.params as never,
          query: request.query as never,
          body: request.body as never,
          headers: request.headers,
          now,
          requestId: request.id,
          clientIp,
          afterCommit: (effect) => effects.push(effect),
          audit: (event) => appendAudit(store, event, caller, clientIp, request.id, now),
        } satisfies RouteContext<OperationId>);

      const idempotencyKey = request.headers['idempotency-key'];
      const result =
        operation.method === 'post' && caller && typeof idempotencyKey === 'string'
          ? await runIdempotent(services, caller, idempotencyKey, request, now, run)
          : await runOnce(services, writes, run);
      return send(reply, result);
    },
  });
}

type Run = (store: Store, effects: Array<() => void>) => Promise<RouteResult>;

async function runOnce(services: Services, writes: boolean, run: Run): Promise<RouteResult> {
  const effects: Array<() => void> = [];
  const result = writes ? await services.store.transaction((tx) => run(tx, effects)) : await run(services.store, effects);
  for (const effect of effects) effect();
  return result;
}

async function runIdempotent(
  services: Services,
  caller: Caller,
  idempotencyKey: string,
  request: FastifyRequest,
  now: number,
  run: Run,
): Promise<RouteResult> {
  const scope = { organizationId: caller.key.organizationId, callerKeyId: caller.key.id, idempotencyKey };
  const fingerprint = requestFingerprint(request.method, instanceOf(request.url), request.body);
  const claimed = await claim(services.store, services.serverSecret, scope, fingerprint, now);
  if (claimed.kind === 'replay') return { ...claimed.result, headers: { ...claimed.result.headers, 'Idempotent-Replayed': 'true' } };

  const effects: Array<() => void> = [];
  try {
    const result = await services.store.transaction(async (tx) => {
      const outcome = await run(tx, effects);
      // The response is remembered in the same transaction as the work it reports: either
      // both land or neither does, so a retry never repeats work that happened.
      if (outcome.status < 300) await complete(tx, services.serverSecret, claimed.record, outcome, now);
      return outcome;
    });
    if (result.status >= 300) await release(services.store, scope);
    for (const effect of effects) effect();
    return result;
  } catch (error) {
    await release(services.store, scope).catch((releaseError: unknown) =>
      services.log.error({ err: releaseError }, 'could not release an idempotency key'),
    );
    throw error;
  }
}

function limit(reply: FastifyReply, services: Services, id: string, perMinute: number, now: number): void {
  const decision = services.limiter.consume(id, perMinute, now);
  const headers = rateLimitHeaders(decision);
  if (!decision.allowed) {
    throw new ProblemError(
      'RATE_LIMITED',
      `This ${id.startsWith('ip:') ? 'address' : 'key'} may make ${decision.limit} requests a minute. Try again in ${headers['Retry-After']} seconds.`,
      { headers },
    );
  }
  reply.headers(headers);
}

async function appendAudit(
  store: Store,
  event: AuditInput,
  caller: Caller | undefined,
  ip: string,
  requestId: string,
  now: number,
): Promise<void> {
  await store.audit.append({
    id: newAuditEventId(now),
    organizationId: event.organizationId ?? caller?.key.organizationId ?? null,
    action: event.action,
    actorKeyId: caller?.key.id ?? null,
    targetType: event.targetType,
    targetId: event.targetId,
    ip,
    requestId,
    occurredAt: now,
    details: event.details,
  });
}

function send(reply: FastifyReply, result: RouteResult): FastifyReply {
  reply.code(result.status);
  if (result.headers) reply.headers(result.headers);
  if (result.body === undefined) return reply.send();
  if (result.contentType && !result.contentType.startsWith('application/json')) {
    return reply.type(result.contentType).send(result.body);
  }
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(result.body));
}
