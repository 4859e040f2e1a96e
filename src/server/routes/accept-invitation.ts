import { checkPassword } from '../../core/password-policy.js';
import type { MemberRecord } from '../../core/types.js';
import { StoreConflictError } from '../../store/errors.js';
import { memberActor } from '../auth/actors.js';
import { withPolicy } from '../context.js';
import { normalizeEmail } from '../people/member-rules.js';
import { startSession, signedIn } from '../people/sessions.js';
import { guardSignIn, recordSignInRefusal } from '../people/sign-in-guard.js';
import { tokenHash } from '../people/tokens.js';
import { issuesProblem, ProblemError } from '../problem.js';
import { checkTextFields } from '../text-rules.js';

const INVALID =
  'This link is not valid: it was already used, replaced by a newer one, or has expired. Ask an administrator for a new link.';

/**
 * POST /v1/invitations/accept: an invitation, a password reset link or the first owner's
 * set-up link. Sets the password, activates the member and signs them in. The link works
 * once: the member row is updated only if it still holds the link's hash, so two
 * acceptances of one link cannot both succeed.
 */
export const acceptInvitation = withPolicy<'acceptInvitation'>({ transaction: 'handler' }, async (context) => {
  const { services, store, now } = context;
  const input = context.body!;
  checkTextFields(input);
  await guardSignIn(services, context);

  const hash = tokenHash(input.token, services.serverSecret);
  const member = await store.members.findByInvitationHash(hash);
  if (!member || member.invitationExpiresAt === null || member.invitationExpiresAt <= now || member.status === 'suspended') {
    recordSignInRefusal(services, context, 'INVITATION_INVALID', member?.organizationId ?? null, member ? memberActor(member) : null);
    throw new ProblemError('INVITATION_INVALID', INVALID);
  }
  const organization = (await services.directory.organization(member.organizationId))!;
  const email = member.email ?? (input.email === undefined ? undefined : normalizeEmail(input.email));
  if (email === undefined) {
    throw new ProblemError('VALIDATION_FAILED', 'This is a set-up link for a new owner: send the e-mail you will sign in with as `email`.', {
      errors: [{ path: 'body.email', message: 'is required with an owner set-up link' }],
    });
  }
  const displayName = input.display_name ?? member.displayName;
  const weak = checkPassword(input.password, ['password'], [email, displayName ?? '', organization.org.name, organization.org.slug]);
  if (weak) throw issuesProblem('WEAK_PASSWORD', [weak]);
  const passwordHash = await services.passwords.hash(input.password);

  const result = await store.transaction(async (tx) => {
    const current = await tx.members.findByInvitationHash(hash);
    if (!current || current.id !== member.id) throw new ProblemError('INVITATION_INVALID', INVALID);
    let updated: MemberRecord;
    try {
      updated = (await tx.members.update(member.organizationId, member.id, {
        email,
        displayName,
        status: 'active',
        passwordHash,
        failedSignIns: 0,
        lockedAt: null,
        invitationHash: null,
        invitationExpiresAt: null,
        invitationPurpose: null,
        updatedAt: now,
      }))!;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      throw new ProblemError('MEMBER_EMAIL_TAKEN', `Another member of this organization signs in as ${email}; choose another e-mail.`, {
        errors: [{ path: 'body.email', message: 'is used by another member' }],
      });
    }
    // A reset link replaces the password: whoever knew the old one is signed out.
    if (member.invitationPurpose === 'password_reset') await tx.sessions.deleteByMember(member.organizationId, member.id);
    const started = await startSession(services, tx, updated, organization, {
      now,
      clientIp: context.clientIp,
      userAgent: single(context.headers['user-agent']),
    });
    const actor = memberActor(updated);
    const joined = member.invitationPurpose === 'password_reset' ? 'member.password_changed' : 'member.joined';
    await context.audit(
      { organizationId: updated.organizationId, action: joined, actor, targetType: 'member', targetId: updated.id, details: { via: member.invitationPurpose } },
      tx,
    );
    await context.audit(
      { organizationId: updated.organizationId, action: 'session.created', actor, targetType: 'session', targetId: started.session.id, details: { via: 'invitation' } },
      tx,
    );
    return { ...started, updated };
  });
  await context.invalidate({ kind: 'member', id: member.id });
  return {
    status: 201,
    headers: { 'Set-Cookie': result.cookie },
    body: signedIn(services, result.session, result.updated, organization, now),
  };
});

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
