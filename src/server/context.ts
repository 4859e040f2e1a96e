import type { FastifyBaseLogger } from 'fastify';
import type { operations } from '../api/schema.js';
import type { FixedWindowLimiter } from '../core/rate-limit.js';
import type { AnswerHold } from './answer-hold.js';
import type { ApiKeyRecord, AuditEventRecord } from '../core/types.js';
import type { Store } from '../store/store.js';
import type { Contract } from './contract/contract.js';
import type { Directory, OrganizationContext } from './auth/directory.js';
import type { RefusalRecorder } from './recorders/refusal-recorder.js';
import type { UsageRecorder } from './recorders/usage-recorder.js';

/** Long-lived collaborators of every request, made once by `buildServer`. */
export interface Services {
  store: Store;
  directory: Directory;
  limiter: FixedWindowLimiter;
  usage: UsageRecorder;
  /** Refused authentications and verifications, on their way to the audit trail. */
  refusals: RefusalRecorder;
  /** Failed authentications a minute, per client address and per presented key hint. */
  failedAuthentications: FixedWindowLimiter;
  /** How many failures a minute an address (or a hint) may have before it gets 429. */
  failedAuthenticationLimit: number;
  /** How long such a 429 (or a verdict refusing a throttled end client) is held before it is sent. */
  throttledAnswerHoldMs: number;
  /** Where such answers wait, a bounded number at a time. */
  holds: AnswerHold;
  /** Key of the HMAC that turns secrets into stored hashes (and of idempotency encryption). */
  serverSecret: Buffer;
  /** Epoch ms; injectable so tests can move time (expiry, rate-limit windows). */
  clock: () => number;
  contract: Contract;
  log: FastifyBaseLogger;
  /** Requests a minute per client address for calls that need no key. */
  publicRateLimitPerMinute: number;
  /** True once shutdown has begun: requests in flight still finish, `/ready` answers 503. */
  shuttingDown(): boolean;
}

/** The authenticated key making a request, with its organization. */
export interface Caller {
  key: ApiKeyRecord;
  organization: OrganizationContext;
}

export type OperationId = keyof operations;
type Parameters<O extends OperationId> = operations[O]['parameters'];

export type PathOf<O extends OperationId> = Parameters<O> extends { path: infer P } ? NonNullable<P> : never;
export type QueryOf<O extends OperationId> = Parameters<O> extends { query?: infer Q } ? NonNullable<Q> : never;
export type BodyOf<O extends OperationId> = operations[O] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B | undefined
  : undefined;

/** An audit event as a route states it; the pipeline adds id, time, IP, request id and actor. */
export type AuditInput = Pick<AuditEventRecord, 'action' | 'targetType' | 'targetId' | 'details'> &
  Partial<Pick<AuditEventRecord, 'organizationId'>>;

/** Everything a route handler gets: validated input, the caller, and where to write. */
export interface RouteContext<O extends OperationId> {
  services: Services;
  /** The store to use: inside a transaction for operations that change anything. */
  store: Store;
  /** Present for every operation that needs a key (all of `/v1`). */
  caller: Caller;
  params: PathOf<O>;
  query: QueryOf<O>;
  body: BodyOf<O>;
  headers: Record<string, string | string[] | undefined>;
  now: number;
  requestId: string;
  clientIp: string;
  /** Runs `effect` once the transaction has committed (cache invalidation). */
  afterCommit(effect: () => void): void;
  /** Appends an audit event in the request's transaction. */
  audit(event: AuditInput): Promise<void>;
}

/** What a route answers; the pipeline sends it (and may remember it for idempotent replay). */
export interface RouteResult {
  status: number;
  body?: unknown;
  /** The body already serialized as JSON, for answers of the hot path; replaces `body`. */
  json?: string;
  headers?: Record<string, string>;
  /** Defaults to application/json. */
  contentType?: string;
  /** Send the answer only after this long (a refusal to a client that keeps failing). */
  holdMs?: number;
}

/**
 * What differs between operations and is not in the contract, declared with the handler.
 * (Whether an operation runs in a transaction and takes an Idempotency-Key is read from the
 * contract: every operation that is not safe does.)
 */
export interface RoutePolicy {
  /**
   * Whose rate limit the request counts against: `caller`, the calling key's (the pipeline
   * counts it), or `handler`, which counts it against the key the request is about
   * (verification counts against the presented key, not the gateway's).
   */
  rateLimit: 'caller' | 'handler';
}

export const DEFAULT_ROUTE_POLICY: RoutePolicy = { rateLimit: 'caller' };

/**
 * Handles one operation. It may answer with a value rather than a promise: the hot path
 * answers a cached key without an `await`.
 */
export type RouteHandler<O extends OperationId> = ((context: RouteContext<O>) => RouteResult | Promise<RouteResult>) & {
  policy?: RoutePolicy;
};

/** Declares a handler's {@link RoutePolicy} next to it. */
export function withPolicy<O extends OperationId>(
  policy: Partial<RoutePolicy>,
  handler: (context: RouteContext<O>) => RouteResult | Promise<RouteResult>,
): RouteHandler<O> {
  return Object.assign(handler, { policy: { ...DEFAULT_ROUTE_POLICY, ...policy } });
}
