import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { newRequestId } from '../core/ids.js';
import { redactSecrets } from '../core/key-format.js';
import { compileIpRules, isIpAllowed } from '../core/ip-rules.js';
import { FixedWindowLimiter } from '../core/rate-limit.js';
import type { Store } from '../store/store.js';
import { Directory } from './auth/directory.js';
import { AnswerHold } from './answer-hold.js';
import { loadContract, type Contract } from './contract/contract.js';
import { createRequestValidators } from './contract/request-validator.js';
import type { OperationId, RouteHandler, Services } from './context.js';
import { ClusterLimiter } from './cluster/cluster-limiter.js';
import { listenForChanges } from './cluster/forget-change.js';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandling } from './error-handler.js';
import { registerOperation } from './pipeline.js';
import { instanceOf } from './problem.js';
import { routes } from './routes/index.js';
import { registerConsole } from './console/register-console.js';
import { cookieSecurity } from './people/cookie.js';
import { DEFAULT_PASSWORD_HASHER_OPTIONS, PasswordHasher, type PasswordHasherOptions } from './people/password-hasher.js';
import { SessionDirectory } from './people/session-directory.js';
import { DEFAULT_REFUSAL_RECORDER_OPTIONS, RefusalRecorder, type RefusalRecorderOptions } from './recorders/refusal-recorder.js';
import { UsageRecorder } from './recorders/usage-recorder.js';

export interface ServerOptions {
  store: Store;
  /** Key of the HMAC over secrets: at least 32 bytes, the same on every node. */
  serverSecret: Buffer;
  /** Addresses or CIDR blocks of proxies whose `X-Forwarded-For` is believed. */
  trustedProxies?: string[];
  /** A pino logger configuration, `false` for none. Secrets are redacted either way. */
  logger?: FastifyServerOptions['logger'];
  /** How long a node may serve a cached key or organization changed by another node. */
  cacheTtlMs?: number;
  /** How often `last_used_at` updates are written. */
  usageFlushMs?: number;
  /** How the refused authentications and verifications reach the audit trail. */
  refusalRecorder?: Partial<RefusalRecorderOptions>;
  /** Failed authentications a minute per client address (and per key hint) before 429. */
  failedAuthenticationLimit?: number;
  /** How long that 429 is held before it is sent (ms). */
  throttledAnswerHoldMs?: number;
  publicRateLimitPerMinute?: number;
  /**
   * Where people reach the service (default `http://127.0.0.1:8080`): invitation links start
   * with it, and an `https:` URL makes the session cookie `Secure` and `__Host-` prefixed.
   */
  publicUrl?: string;
  /** Password hashing cost and concurrency (see people/password-hasher.ts). */
  passwordHashing?: Partial<PasswordHasherOptions>;
  /** Epoch ms; tests move it to cross expiry times and rate-limit windows. */
  clock?: () => number;
  contract?: Contract;
}

/**
 * Failed authentications a minute an address (or a key hint) may have before its requests
 * with keys this node does not know to be good get 429: enough for a person mistyping or a
 * deploy with a stale key to see the real 401s, far below what a flood sends.
 */
export const DEFAULT_FAILED_AUTHENTICATION_LIMIT = 30;

/**
 * How long a 429 for too many failed authentications is held before it is sent: a client
 * flooding dead keys then makes about one attempt a second per connection instead of
 * thousands, and the CPU goes to good keys. It only ever delays answers that refuse anyway.
 */
export const DEFAULT_THROTTLED_ANSWER_HOLD_MS = 1_000;

/** The longest a node serves a session from its cache before reading the store again. */
const MAX_SESSION_CACHE_TTL_MS = 30_000;

/** Answers held at once at most; past it they go out at once. */
const MAX_HELD_ANSWERS = 1_000;

/** Largest request body: a key with 100 IP rules and 50 metadata pairs fits with room. */
const BODY_LIMIT = 256 * 1024;

/**
 * Builds the HTTP service: one route per contract operation, each through the same
 * pipeline (validate, authenticate, rate limit, idempotency, handler), errors as problem+json.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const contract = options.contract ?? loadContract();
  const app = Fastify({
    logger: options.logger === undefined ? false : withRedaction(options.logger),
    trustProxy: options.trustedProxies && options.trustedProxies.length > 0 ? options.trustedProxies : false,
    bodyLimit: BODY_LIMIT,
    genReqId: () => newRequestId(),
    // The same name as in problem documents, so a request id quoted by a client is found.
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    // Requests that reach a closing server (pipelined, or on a kept-alive connection) are
    // served, with `Connection: close`: Fastify's own 503 is not a problem document, and
    // the operations do not list 503. Only /ready says 503 then, so balancers move away.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    frameworkErrors: frameworkErrorHandler(contract),
    clientErrorHandler,
  });

  let shuttingDown = false;
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });
  const publicUrl = (options.publicUrl ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const cookies = cookieSecurity(publicUrl);
  const services: Services = {
    store: options.store,
    directory: new Directory(options.store, options.cacheTtlMs ?? 5_000),
    // On a database several nodes share, a key's limit holds across all of them.
    limiter: options.store.sharedByNodes ? new ClusterLimiter(options.store.rateLimits) : new FixedWindowLimiter(),
    usage: new UsageRecorder((uses) => options.store.keys.touchLastUsed(uses), options.usageFlushMs ?? 5_000, (error) =>
      app.log.error({ err: error }, 'could not record key usage'),
    ),
    // Capped: another node's requests reach a cached session's last use only through the
    // store, so its idle timeout (five minutes at least) must not wait on a long cache.
    sessions: new SessionDirectory(options.store, Math.min(options.cacheTtlMs ?? 5_000, MAX_SESSION_CACHE_TTL_MS)),
    sessionActivity: new UsageRecorder((uses) => options.store.sessions.touchLastSeen(uses), options.usageFlushMs ?? 5_000, (error) =>
      app.log.error({ err: error }, 'could not record session activity'),
    ),
    passwords: new PasswordHasher({ ...DEFAULT_PASSWORD_HASHER_OPTIONS, ...options.passwordHashing }),
    failedSignIns: options.store.sharedByNodes ? new ClusterLimiter(options.store.rateLimits) : new FixedWindowLimiter(),
    isTrustedProxy: trustedProxyMatcher(options.trustedProxies ?? []),
    publicUrl,
    sessionCookieName: cookies.name,
    secureCookies: cookies.secure,
    refusals: new RefusalRecorder(options.store, { ...DEFAULT_REFUSAL_RECORDER_OPTIONS, ...options.refusalRecorder }, (error) =>
      app.log.error({ err: error }, 'could not record refused requests in the audit trail'),
    ),
    failedAuthentications: new FixedWindowLimiter(),
    failedAuthenticationLimit: options.failedAuthenticationLimit ?? DEFAULT_FAILED_AUTHENTICATION_LIMIT,
    throttledAnswerHoldMs: options.throttledAnswerHoldMs ?? DEFAULT_THROTTLED_ANSWER_HOLD_MS,
    holds: new AnswerHold(MAX_HELD_ANSWERS),
    serverSecret: options.serverSecret,
    clock: options.clock ?? Date.now,
    contract,
    log: app.log,
    publicRateLimitPerMinute: options.publicRateLimitPerMinute ?? 600,
    shuttingDown: () => shuttingDown,
  };

  // Set when the request arrives, so every answer carries it, errors and unknown routes
  // included. A callback hook: an async one costs a promise on every request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });
  installErrorHandling(app, contract, services.holds);
  // Every body the contract takes is application/json. Fastify also reads text/plain, which
  // would turn a mislabelled JSON body into a string and a confusing 400; without that
  // parser such a body gets the contract's 415, which says what to send instead.
  app.removeContentTypeParser('text/plain');

  const validators = createRequestValidators(contract);
  for (const operation of contract.operations) {
    const handler = routes[operation.operationId as OperationId] as RouteHandler<OperationId> | undefined;
    if (!handler) throw new Error(`openapi.yaml declares ${operation.operationId}, which has no handler in src/server/routes`);
    registerOperation(app, services, operation, validators.get(operation.operationId)!, handler);
  }
  await registerConsole(app);

  services.usage.start();
  services.sessionActivity.start();
  services.refusals.start();
  const stopListening = await listenForChanges(services);
  const housekeeping = setInterval(() => void sweepExpired(services), HOUSEKEEPING_INTERVAL_MS);
  housekeeping.unref();
  app.addHook('onClose', async () => {
    clearInterval(housekeeping);
    await stopListening();
    await Promise.all([services.usage.stop(), services.sessionActivity.stop(), services.refusals.stop()]);
  });
  app.decorate('keyplane', services);
  return app;
}

/** Whether an address is one of `proxies` (addresses or CIDR blocks, validated at start-up). */
function trustedProxyMatcher(proxies: readonly string[]): (address: string) => boolean {
  if (proxies.length === 0) return () => false;
  const compiled = compileIpRules(proxies.map((cidr) => ({ action: 'allow' as const, cidr })));
  return (address) => isIpAllowed(compiled, address);
}

/** How often sessions past their time limit and expired idempotency records are removed. */
const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;

async function sweepExpired(services: Services): Promise<void> {
  const now = services.clock();
  try {
    await services.store.sessions.deleteExpired(now);
    await services.store.idempotency.deleteExpired(now);
    if (services.limiter instanceof ClusterLimiter) await services.limiter.forgetOldWindows(now);
  } catch (error) {
    services.log.warn({ err: error }, 'could not remove expired sessions and idempotency records; will try again');
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's collaborators, for the CLI and tests that need to reach them. */
    keyplane: Services;
  }
}

/**
 * Logs never hold a secret: the headers that carry keys are not logged at all, and URLs are
 * passed through `redactSecrets`, in case a client put a key where it does not belong.
 */
function withRedaction(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === false || logger === undefined) return false;
  const base = logger === true ? {} : (logger as Record<string, unknown>);
  return {
    ...base,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: { method: string; url: string; ip?: string; id?: string }) => ({
        method: request.method,
        // The path only: a query string may carry what a person typed (a password in a
        // form sent as GET), and redaction only knows the shape of keys and tokens.
        path: instanceOf(request.url),
        remote_address: request.ip,
      }),
      res: (reply: { statusCode: number }) => ({ status: reply.statusCode }),
      err: (error: Error & { code?: string }) => ({
        type: error.name,
        code: error.code,
        message: redactSecrets(error.message),
        stack: error.stack ? redactSecrets(error.stack) : undefined,
      }),
    },
  } as FastifyServerOptions['logger'];
}
