import type { MemberRecord } from '../../core/types.js';
import { memberActor } from '../auth/actors.js';
import { withPolicy } from '../context.js';
import { normalizeEmail } from '../people/member-rules.js';
import { startSession, signedIn } from '../people/sessions.js';
import { countFailedSignIn, guardSignIn, recordSignInRefusal } from '../people/sign-in-guard.js';
import { ProblemError } from '../problem.js';

const REFUSAL =
  'The e-mail or password is not right, or the account cannot sign in now (not yet set up, suspended, or locked after too many failed attempts; an administrator can unlock it).';

/**
 * POST /v1/sessions. Every way to fail gets the same answer after the same work: the password
 * is hashed whether or not the e-mail exists (against a decoy when it does not), so neither
 * the answer nor its timing tells an outsider who is a member. The hashing happens outside
 * any transaction; a wrong password is counted towards the lock-out in one statement.
 */
export const signIn = withPolicy<'signIn'>({ transaction: 'handler' }, async (context) => {
  const { services, store, now } = context;
  const input = context.body!;
  const attempt = { ...context, organizationSlug: input.organization, email: input.email };
  await guardSignIn(services, attempt);

  const org = await store.organizations.getBySlug(input.organization);
  const member = org ? await store.members.getByEmail(org.id, normalizeEmail(input.email)) : null;
  const passwordRight = await services.passwords.verify(input.password, member?.passwordHash ?? null);
  const why = refusalReason(member, passwordRight);
  if (why !== null) {
    if (member && why === 'wrong_password') await countFailedSignIn(context, member);
    recordSignInRefusal(services, attempt, 'INVALID_CREDENTIALS', org?.id ?? null, member ? memberActor(member) : null, why);
    throw new ProblemError('INVALID_CREDENTIALS', REFUSAL);
  }

  const organization = (await services.directory.organization(member!.organizationId))!;
  const rehash = services.passwords.needsRehash(member!.passwordHash!) ? await services.passwords.hash(input.password) : null;
  const { session, cookie, updated } = await store.transaction(async (tx) => {
    const updated = (await tx.members.update(member!.organizationId, member!.id, {
      lastSignInAt: now,
      failedSignIns: 0,
      ...(rehash ? { passwordHash: rehash } : {}),
    }))!;
    const started = await startSession(services, tx, updated, organization, {
      now,
      clientIp: context.clientIp,
      userAgent: single(context.headers['user-agent']),
    });
    await context.audit(
      {
        organizationId: updated.organizationId,
        action: 'session.created',
        actor: memberActor(updated),
        targetType: 'session',
        targetId: started.session.id,
        details: { via: 'sign_in' },
      },
      tx,
    );
    return { ...started, updated };
  });
  context.afterCommit(() => services.sessions.forgetMember(updated.id));
  return { status: 201, headers: { 'Set-Cookie': cookie }, body: signedIn(services, session, updated, organization, now) };
});

/** Why this sign-in fails, or null when it may go ahead. */
function refusalReason(member: MemberRecord | null, passwordRight: boolean): string | null {
  if (!member) return 'unknown_email';
  if (member.passwordHash === null) return 'not_set_up';
  if (!passwordRight) return 'wrong_password';
  if (member.status !== 'active') return member.status;
  if (member.lockedAt !== null) return 'locked';
  return null;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
