import { StoreConflictError } from '../../store/errors.js';
import type { RouteHandler } from '../context.js';
import { checkScopes } from '../keys/key-rules.js';
import { linkJson, newInvitedMember } from '../people/invitations.js';
import { normalizeEmail } from '../people/member-rules.js';
import { ProblemError } from '../problem.js';
import { toMember } from '../serialize.js';
import { checkTextFields } from '../text-rules.js';

/** POST /v1/members: an invited member and their one-time link, shown once. */
export const inviteMember: RouteHandler<'inviteMember'> = async (context) => {
  const { caller, store, now, services } = context;
  const input = context.body!;
  checkTextFields(input);
  const orgId = caller.organization.org.id;
  const email = normalizeEmail(input.email);
  const scopes = checkScopes(caller, input.scopes);
  if (await store.members.getByEmail(orgId, email)) throw emailTaken(email);
  const { member, link } = newInvitedMember(
    services,
    { organizationId: orgId, email, displayName: input.display_name ?? null, scopes, createdBy: caller.actor },
    'invitation',
    now,
  );
  try {
    await store.members.insert(member);
  } catch (error) {
    if (error instanceof StoreConflictError) throw emailTaken(email);
    throw error;
  }
  await context.audit({ action: 'member.invited', targetType: 'member', targetId: member.id, details: { email, scopes } });
  return {
    status: 201,
    headers: { Location: `/v1/members/${member.id}` },
    body: { member: toMember(member, now), invitation: linkJson(services.publicUrl, link) },
  };
};

function emailTaken(email: string): ProblemError {
  return new ProblemError('MEMBER_EMAIL_TAKEN', `${email} is already a member of this organization (e-mails are compared ignoring case).`, {
    errors: [{ path: 'body.email', message: 'is already a member' }],
  });
}
