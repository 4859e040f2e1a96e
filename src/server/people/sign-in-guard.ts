import { createHmac } from 'node:crypto';
import { rateLimitHeaders } from '../../core/rate-limit.js';
import type { Actor, MemberRecord } from '../../core/types.js';
import type { OperationId, RouteContext, Services } from '../context.js';
import { instanceOf, ProblemError } from '../problem.js';

/** Sign-in attempts a minute for one e-mail of one organization, whether it exists or not. */
export const SIGN_IN_ATTEMPTS_PER_EMAIL = 10;
/** Sign-in and invitation attempts a minute from one client address. */
export const SIGN_IN_ATTEMPTS_PER_ADDRESS = 30;
/** Failed sign-ins in a row that lock a member out until an administrator unlocks them. */
export const LOCK_OUT_AFTER = 10;

export interface SignInAttempt {
  /** Counted per e-mail when given (sign-in), per address always. */
  organizationSlug?: string;
  email?: string;
  clientIp: string;
  now: number;
  requestId: string;
  method: string;
  url: string;
}

// A cluster keeps these counts beside the keys' in one table: the prefix keeps them apart.
/** The counter of sign-in attempts from one client address. */
export const addressBucket = (clientIp: string): string => `sign-in:ip:${clientIp}`;
/**
 * The counter of sign-in attempts for one e-mail of one organization, whatever its letter case.
 * Named by a keyed hash: people type passwords into the e-mail field, and in a cluster the
 * name is a row of the database.
 */
export function emailBucket(serverSecret: Buffer, organizationSlug: string, email: string): string {
  const pair = `${organizationSlug}\0${email.trim().toLowerCase()}`;
  return `sign-in:email:${createHmac('sha256', serverSecret).update(`sign-in\0${pair}`).digest('base64url')}`;
}

/**
 * Counts an attempt to sign in (or to accept an invitation) before any password is hashed,
 * and refuses it with 429 past the limits: a password guesser gets ten tries a minute per
 * account and thirty per address, and a flood gets 429s instead of a queue of quarter-second
 * hashes.
 */
export async function guardSignIn(services: Services, attempt: SignInAttempt): Promise<void> {
  const ids: Array<[string, number, string]> = [[addressBucket(attempt.clientIp), SIGN_IN_ATTEMPTS_PER_ADDRESS, 'this address']];
  if (attempt.email !== undefined) {
    ids.push([emailBucket(services.serverSecret, attempt.organizationSlug ?? '', attempt.email), SIGN_IN_ATTEMPTS_PER_EMAIL, 'this e-mail']);
  }
  for (const [id, limit, what] of ids) {
    const decision = await services.failedSignIns.consume(id, limit, attempt.now);
    if (decision.allowed) continue;
    recordSignInRefusal(services, attempt, 'RATE_LIMITED', null, null);
    throw new ProblemError(
      'RATE_LIMITED',
      `Too many sign-in attempts for ${what} (more than ${limit} a minute). Try again in ${decision.retryAfterSeconds} seconds.`,
      { headers: rateLimitHeaders(decision) },
    );
  }
}

/** Notes a refused sign-in in the audit trail, off the request path. Never the password, nor an unknown e-mail. */
export function recordSignInRefusal(
  services: Services,
  attempt: SignInAttempt,
  code: string,
  organizationId: string | null,
  actor: Actor | null,
  reason?: string,
): void {
  services.refusals.record({
    action: 'session.refused',
    source: `ip:${attempt.clientIp}`,
    organizationId,
    actor,
    targetType: null,
    targetId: null,
    ip: attempt.clientIp,
    requestId: attempt.requestId,
    occurredAt: attempt.now,
    details: { code, method: attempt.method, path: instanceOf(attempt.url), ...(reason ? { reason } : {}) },
  });
}

/**
 * Counts a wrong password of `member` (at sign-in, or when changing their password) towards
 * the lock-out, in one statement; the request that reaches the threshold, and only that one,
 * writes `member.locked` to the audit trail.
 */
export async function countFailedSignIn<O extends OperationId>(context: RouteContext<O>, member: MemberRecord): Promise<void> {
  const after = await context.store.members.recordFailedSignIn(member.organizationId, member.id, LOCK_OUT_AFTER, context.now);
  if (after?.failedSignIns !== LOCK_OUT_AFTER) return;
  await context.audit({
    organizationId: member.organizationId,
    action: 'member.locked',
    targetType: 'member',
    targetId: member.id,
    details: { failed_sign_ins: after.failedSignIns },
  });
}
