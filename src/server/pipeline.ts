import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newAuditEventId } from '../core/ids.js';
import { effectiveLimit, organizationLimit, rateLimitHeaders, type RateLimitDecision } from '../core/rate-limit.js';
import type { Change } from '../store/change-feed.js';
import type { Store } from '../store/store.js';
import { forgetChange } from './cluster/forget-change.js';
import { authenticate } from './auth/authenticate.js';
import type { ContractOperation } from './contract/contract.js';
import type { RequestValidator } from './contract/request-validator.js';
import {
  DEFAULT_ROUTE_POLICY,
  type AuditInput,
  type Caller,
  type OperationId,
  type RouteContext,
  type RouteHandler,
  type RouteResult,
  type Services,
} from './context.js';
import { checkReplayFresh, claim, complete, release, requestFingerprint } from './idempotency.js';
import { instanceOf, ProblemError } from './problem.js';

/**
 * Registers one contract operation. Every request goes through the same steps, in this
 * order: validate against the contract → authenticate and authorise → rate limit → run the
 * handler → send. What differs per operation comes from the contract (a safe operation runs
 * in no transaction and takes no Idempotency-Key; every other runs in a transaction, and a
 * POST claims its Idempotency-Key first) or from the handler's own policy (whose rate limit
 * it counts against). The pipeline names no operation.
 *
 * The hot path stays synchronous while it can: a request whose key is cached and whose
 * handler answers without I/O is sent without a single `await`. Failures are thrown as
 * ProblemError and rendered by the error handler.
 */
export function registerOperation(
  app: FastifyInstance,
  services: Services,
  operation: ContractOperation,
  validate: RequestValidator,
  handler: RouteHandler<OperationId>,
): void {
  const isPublic = operation.requiredScopes.length === 0;
  const policy = handler.policy ?? DEFAULT_ROUTE_POLICY;
  const idempotent = operation.method === 'post' && !operation.safe;

  /** Counts the request against its caller's limit, then runs it. */
  const run = (request: FastifyRequest, reply: FastifyReply, caller: Caller | undefined, now: number): void | Promise<void> => {
    let limited: void | Promise<void> = undefined;
    if (caller?.key) {
      services.usage.record(caller.key.id, now);
      if (policy.rateLimit === 'caller') limited = limit(reply, services, caller.key.id, effectiveLimit(caller.organization.org, caller.key), now);
    } else if (caller) {
      // A person gets the organization's per-key limit, counted against them.
      limited = limit(reply, services, caller.actor.id, organizationLimit(caller.organization.org), now);
    }
    if (limited instanceof Promise) return limited.then(() => handle(request, reply, caller, now));
    return handle(request, reply, caller, now);
  };

  const handle = (request: FastifyRequest, reply: FastifyReply, caller: Caller | undefined, now: number): void | Promise<void> => {
    if (operation.safe) {
      // Nothing to commit and nothing to replay: the handler reads through the root store.
      const result = handler(new RequestContext(services, services.store, caller, request, now, NO_EFFECTS));
      if (!(result instanceof Promise)) return send(services, reply, result);
      return result.then((answer) => send(services, reply, answer));
    }
    if (policy.transaction === 'handler') {
      // The handler commits its own work; what it asked to run after a commit runs once it is done.
      const effects: Array<() => void> = [];
      return Promise.resolve(handler(new RequestContext(services, services.store, caller, request, now, effects))).then((answer) => {
        for (const effect of effects) effect();
        return send(services, reply, answer);
      });
    }
    const idempotencyKey = request.headers['idempotency-key'];
    const work = (store: Store, effects: Array<() => void>) => handler(new RequestContext(services, store, caller, request, now, effects));
    const result =
      idempotent && caller && typeof idempotencyKey === 'string'
        ? runIdempotent(services, caller, idempotencyKey, request, now, work)
        : runInTransaction(services, work);
    return result.then((answer) => send(services, reply, answer));
  };

  app.route({
    method: operation.method.toUpperCase() as 'GET',
    url: operation.routerPath,
    handler: (request: FastifyRequest, reply: FastifyReply) => {
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
      // A handler that has sent its answer returns nothing (Fastify would send a returned
      // value again); one still working, or holding its answer, returns its promise.
      const answered = (sent: void | Promise<void>) => (sent instanceof Promise ? sent : undefined);
      if (isPublic) {
        const limited = limit(reply, services, `ip:${request.ip}`, services.publicRateLimitPerMinute, now);
        if (limited instanceof Promise) return limited.then(() => run(request, reply, undefined, now));
        return answered(run(request, reply, undefined, now));
      }
      const caller = authenticate(services, {
        headers: request.headers,
        rawHeaders: request.raw.rawHeaders,
        operation,
        clientIp: request.ip,
        peerAddress: request.socket.remoteAddress ?? '',
        requestId: request.id,
        method: request.method,
        url: request.url,
        now,
      });
      if (caller instanceof Promise) return caller.then((found) => run(request, reply, found, now));
      return answered(run(request, reply, caller, now));
    },
  });
}

type Work = (store: Store, effects: Array<() => void>) => RouteResult | Promise<RouteResult>;

/** The effects list of a safe operation: it changes nothing, so it has nothing to run after a commit. */
const NO_EFFECTS: Array<() => void> = Object.freeze([]) as unknown as Array<() => void>;

async function runInTransaction(services: Services, work: Work): Promise<RouteResult> {
  const effects: Array<() => void> = [];
  const result = await services.store.transaction(async (tx) => work(tx, effects));
  for (const effect of effects) effect();
  return result;
}

/**
 * A POST with an Idempotency-Key, in one transaction and so one commit: the key is claimed,
 * the work done and its response remembered together. A concurrent duplicate waits for the
 * first to commit (SQLite takes the write lock at BEGIN; PostgreSQL holds the claimed row)
 * and then replays its answer; if the first fails, its claim rolls back with its work and
 * the duplicate runs. A process that dies mid-request leaves no claim behind.
 */
async function runIdempotent(
  services: Services,
  caller: Caller,
  idempotencyKey: string,
  request: FastifyRequest,
  now: number,
  work: Work,
): Promise<RouteResult> {
  const scope = { organizationId: caller.organization.org.id, callerKeyId: caller.actor.id, idempotencyKey };
  const fingerprint = requestFingerprint(request.method, instanceOf(request.url), request.body);
  const effects: Array<() => void> = [];
  const result = await services.store.transaction(async (tx) => {
    const claimed = await claim(tx, services.serverSecret, scope, fingerprint, now);
    if (claimed.kind === 'replay') {
      await checkReplayFresh(tx, services.serverSecret, claimed.result);
      return { ...claimed.result, headers: { ...claimed.result.headers, 'Idempotent-Replayed': 'true' } };
    }
    const outcome = await work(tx, effects);
    // The response is remembered with the work it reports: both land or neither does, so a
    // retry never repeats work that happened. A failure is not remembered: a corrected
    // retry with the same key may run.
    if (outcome.status < 300) await complete(tx, services.serverSecret, claimed.record, outcome, now);
    else await release(tx, scope);
    return outcome;
  });
  for (const effect of effects) effect();
  return result;
}

/** Counts a request against `id`'s limit: at once, or (on a cluster, now and then) after asking the database. */
function limit(reply: FastifyReply, services: Services, id: string, perMinute: number, now: number): void | Promise<void> {
  const decision = services.limiter.consume(id, perMinute, now);
  if (decision instanceof Promise) return decision.then((settled) => applyLimit(reply, id, settled));
  applyLimit(reply, id, decision);
}

function applyLimit(reply: FastifyReply, id: string, decision: RateLimitDecision): void {
  const headers = rateLimitHeaders(decision);
  if (!decision.allowed) {
    throw new ProblemError(
      'RATE_LIMITED',
      `This ${id.startsWith('ip:') ? 'address' : id.startsWith('mem_') ? 'member' : 'key'} may make ${decision.limit} requests a minute. Try again in ${headers['Retry-After']} seconds.`,
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
    organizationId: event.organizationId ?? caller?.organization.org.id ?? null,
    action: event.action,
    actor: event.actor ?? caller?.actor ?? null,
    targetType: event.targetType,
    targetId: event.targetId,
    ip,
    requestId,
    occurredAt: now,
    details: event.details,
  });
}

/**
 * What a handler sees of one request. A class rather than an object literal with closures:
 * the hot path makes one of these per request, and its methods live once on the prototype.
 */
class RequestContext implements RouteContext<OperationId> {
  readonly params: never;
  readonly query: never;
  readonly body: never;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly rawHeaders: readonly string[];
  readonly requestId: string;
  readonly clientIp: string;
  readonly method: string;
  readonly url: string;
  readonly caller: Caller;

  constructor(
    readonly services: Services,
    readonly store: Store,
    caller: Caller | undefined,
    request: FastifyRequest,
    readonly now: number,
    private readonly effects: Array<() => void>,
  ) {
    this.caller = caller as Caller;
    this.params = request.params as never;
    this.query = request.query as never;
    this.body = request.body as never;
    this.headers = request.headers;
    this.rawHeaders = request.raw.rawHeaders;
    this.requestId = request.id;
    this.clientIp = request.ip;
    this.method = request.method;
    this.url = request.url;
  }

  afterCommit(effect: () => void): void {
    this.effects.push(effect);
  }

  invalidate(change: Change): Promise<void> {
    this.effects.push(() => forgetChange(this.services, change));
    return this.store.announce(change);
  }

  audit(event: AuditInput, store?: Store): Promise<void> {
    return appendAudit(store ?? this.store, event, this.caller as Caller | undefined, this.clientIp, this.requestId, this.now);
  }
}

/** Sends a handler's answer, after its hold when it has one. */
function send(services: Services, reply: FastifyReply, result: RouteResult): void | Promise<void> {
  if (result.holdMs) return services.holds.after(result.holdMs, () => void write(reply, result));
  write(reply, result);
}

function write(reply: FastifyReply, result: RouteResult): FastifyReply {
  reply.code(result.status);
  if (result.headers) reply.headers(result.headers);
  if (result.json !== undefined) return reply.type('application/json; charset=utf-8').send(result.json);
  if (result.body === undefined) return reply.send();
  if (result.contentType && !result.contentType.startsWith('application/json')) {
    return reply.type(result.contentType).send(result.body);
  }
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(result.body));
}
