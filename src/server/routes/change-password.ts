import { checkPassword } from '../../core/password-policy.js';
import { withPolicy } from '../context.js';
import { countFailedSignIn, guardSignIn } from '../people/sign-in-guard.js';
import { issuesProblem, ProblemError } from '../problem.js';

/**
 * POST /v1/sessions/current/password. The current password is asked again, so a session left
 * open on someone else's screen cannot take the account over; it is checked under the
 * sign-in limits and counts towards the lock-out. Other sessions end: whoever knew the old
 * password is signed out.
 */
export const changePassword = withPolicy<'changePassword'>({ transaction: 'handler' }, async (context) => {
  const { services, store, now, caller } = context;
  const member = caller.member!;
  const input = context.body!;
  await guardSignIn(services, { ...context, organizationSlug: caller.organization.org.slug, email: member.email ?? member.id });
  if (!(await services.passwords.verify(input.current_password, member.passwordHash))) {
    await countFailedSignIn(context, member);
    throw new ProblemError('INVALID_CREDENTIALS', 'The current password is not right.', {
      errors: [{ path: 'body.current_password', message: 'is not your current password' }],
    });
  }
  const org = caller.organization.org;
  const weak = checkPassword(input.new_password, ['new_password'], [member.email ?? '', member.displayName ?? '', org.name, org.slug]);
  if (weak) throw issuesProblem('WEAK_PASSWORD', [weak]);
  const passwordHash = await services.passwords.hash(input.new_password);
  await store.transaction(async (tx) => {
    await tx.members.update(member.organizationId, member.id, { passwordHash, failedSignIns: 0, updatedAt: now });
    const ended = await tx.sessions.deleteByMember(member.organizationId, member.id, caller.session!.id);
    await context.audit(
      { action: 'member.password_changed', targetType: 'member', targetId: member.id, details: { via: 'change', sessions_ended: ended.length } },
      tx,
    );
  });
  await context.invalidate({ kind: 'member', id: member.id });
  return { status: 204 };
});
