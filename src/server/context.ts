import type { FastifyBaseLogger } from 'fastify';
import type { operations } from '../api/schema.js';
import type { FixedWindowLimiter } from '../core/rate-limit.js';
import type { AnswerHold } from './answer-hold.js';
import type { Actor, ApiKeyRecord, AuditEventRecord, MemberRecord, SessionRecord } from '../core/types.js';
import type { Change } from '../store/change-feed.js';
import type { Store } from '../store/store.js';
import type { Contract } from './contract/contract.js';
import type { Directory, OrganizationContext } from './auth/directory.js';
import type { RequestLimiter } from './cluster/cluster-limiter.js';
import type { PasswordHasher } from './people/password-hasher.js';
import type { SessionDirectory } from './people/session-directory.js';
import type { RefusalRecorder } from './recorders/refusal-recorder.js';
import type { UsageRecorder } from './recorders/usage-recorder.js';

/** Long-lived collaborators of every request, made once by `buildServer`. */
export interface Services {
  store: Store;
  directory: Directory;
  /** Requests a minute per key, member or address: in memory on one node, shared by a cluster on PostgreSQL. */
  limiter: RequestLimiter;
  usage: UsageRecorder;
  /** Signed-in sessions by token hash, with their members. */
  sessions: SessionDirectory;
  /** Sessions' last requests, on their way to `last_seen_at` (the idle timeout reads them). */
  sessionActivity: UsageRecorder;
  passwords: PasswordHasher;
  /**
   * Sign-in attempts a minute, per e-mail of an organization (a keyed hash of both) and per client
   * address: in memory on one node, shared by a cluster on PostgreSQL (else a guesser would get
   * the limit once per node).
   */
  failedSignIns: RequestLimiter;
  /** Where the service is reached: invitation links start with it; `https:` makes cookies `Secure`. */
  publicUrl: string;
  /** The session cookie's name (`__Host-` prefixed when `publicUrl` is HTTPS). */
  sessionCookieName: string;
  secureCookies: boolean;
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
  /** True for the address of one of the configured trusted proxies (a gateway may forward client addresses). */
  isTrustedProxy(address: string): boolean;
  /** Requests a minute per client address for calls that need no key. */
  publicRateLimitPerMinute: number;
  /** True once shutdown has begun: requests in flight still finish, `/ready` answers 503. */
  shuttingDown(): boolean;
}

/**
 * Who makes a request: an API key, or a member signed in with a session. Both hold scopes
 * from the same catalog and are judged by the same rules; `actor` names them in what they do.
 */
export interface Caller {
  actor: Actor;
  organization: OrganizationContext;
  /** The scopes granted directly; resolve them with `organization.resolver`. */
  scopes: readonly string[];
  /** The calling key, when a key calls. */
  key: ApiKeyRecord | null;
  /** The signed-in member and their session, when a person calls. */
  member: MemberRecord | null;
  session: SessionRecord | null;
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
  Partial<Pick<AuditEventRecord, 'organizationId' | 'actor'>>;

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
  /** Node's raw header list, to see headers it folds into one (a repeated Authorization). */
  rawHeaders: readonly string[];
  now: number;
  requestId: string;
  clientIp: string;
  method: string;
  /** The request URL as sent (path and query). */
  url: string;
  /** Runs `effect` once the transaction has committed. */
  afterCommit(effect: () => void): void;
  /**
   * Drops `change` from every node's caches once the transaction commits: this node's at
   * once after the commit, the others' when the database's announcement reaches them
   * (PostgreSQL LISTEN/NOTIFY), with the cache TTL as the bound should one be lost.
   */
  invalidate(change: Change): Promise<void>;
  /**
   * Appends an audit event in the request's transaction, or in `store` (a transaction the
   * handler opened itself). The actor is the caller unless the event names one.
   */
  audit(event: AuditInput, store?: Store): Promise<void>;
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
  /**
   * `pipeline`: an operation that changes something runs in one transaction the pipeline
   * opens. `handler`: the handler opens its own, for work that must not hold the database
   * while it waits (a password hash takes a quarter of a second) or whose refusal must still
   * write (a failed sign-in counts towards a lock-out). Such operations take no
   * Idempotency-Key.
   */
  transaction: 'pipeline' | 'handler';
}

export const DEFAULT_ROUTE_POLICY: RoutePolicy = { rateLimit: 'caller', transaction: 'pipeline' };

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
