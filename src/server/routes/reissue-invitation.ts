import type { RouteHandler } from '../context.js';
import { issueLink, linkJson } from '../people/invitations.js';
import { checkAuthorityOverMember, findMember } from '../people/member-rules.js';
import { ProblemError } from '../problem.js';
import { toMember } from '../serialize.js';

/**
 * POST /v1/members/{member_id}/invitation: a new one-time link, voiding the last. For an
 * invited member it invites again; for an active one it is a password reset link. It needs
 * authority over the member: a reset link is a way into their account.
 */
export const reissueInvitation: RouteHandler<'reissueInvitation'> = async (context) => {
  const { caller, store, now, services } = context;
  const member = await findMember(context, context.params.member_id);
  checkAuthorityOverMember(caller, member, 'make a link for');
  if (member.status === 'suspended') {
    throw new ProblemError('MEMBER_NOT_ACTIVE', `Member ${member.id} is suspended; set their status to active first.`);
  }
  const purpose = member.status === 'active' ? 'password_reset' : member.invitationPurpose === 'owner_setup' ? 'owner_setup' : 'invitation';
  const link = issueLink(services, purpose, now);
  const updated = (await store.members.update(member.organizationId, member.id, { ...link.fields, updatedAt: now }))!;
  await context.audit({ action: 'member.invitation_reissued', targetType: 'member', targetId: member.id, details: { purpose } });
  return { status: 201, body: { member: toMember(updated, now), invitation: linkJson(services.publicUrl, link) } };
};
