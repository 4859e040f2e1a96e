import type { components } from '../../api/schema.js';
import { newMemberId } from '../../core/ids.js';
import { ADMIN_SCOPE } from '../../core/scopes.js';
import type { Actor, InvitationPurpose, MemberRecord, Organization } from '../../core/types.js';
import type { Services } from '../context.js';
import { iso } from '../serialize.js';
import { newInvitationToken, tokenHash } from './tokens.js';

/** How long a one-time link works: a week, long enough to reach someone on holiday. */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

/** A one-time link just made: its token is returned once, only its hash is kept. */
export interface IssuedLink {
  token: string;
  purpose: InvitationPurpose;
  fields: Pick<MemberRecord, 'invitationHash' | 'invitationExpiresAt' | 'invitationPurpose'>;
}

export function issueLink(services: Pick<Services, 'serverSecret'>, purpose: InvitationPurpose, now: number): IssuedLink {
  const token = newInvitationToken();
  return {
    token,
    purpose,
    fields: { invitationHash: tokenHash(token, services.serverSecret), invitationExpiresAt: now + INVITATION_TTL_MS, invitationPurpose: purpose },
  };
}

/**
 * The link as the contract shows it. The token is in the URL's fragment, which browsers never
 * send to a server: it stays out of access logs, proxies and `Referer` headers.
 */
export function linkJson(publicUrl: string, link: IssuedLink): components['schemas']['Invitation'] {
  return {
    url: `${publicUrl.replace(/\/+$/, '')}/console/#/accept-invitation?token=${link.token}`,
    token: link.token,
    expires_at: iso(link.fields.invitationExpiresAt!),
    purpose: link.purpose,
  };
}

/** What an invited member starts with. */
export interface InvitedMemberFields {
  organizationId: string;
  email: string | null;
  displayName: string | null;
  scopes: string[];
  createdBy: Actor;
}

/** A member who has been invited and not yet accepted, with their one-time link. */
export function newInvitedMember(
  services: Pick<Services, 'serverSecret'>,
  fields: InvitedMemberFields,
  purpose: InvitationPurpose,
  now: number,
): { member: MemberRecord; link: IssuedLink } {
  const link = issueLink(services, purpose, now);
  const member: MemberRecord = {
    id: newMemberId(now),
    ...fields,
    status: 'invited',
    passwordHash: null,
    failedSignIns: 0,
    lockedAt: null,
    ...link.fields,
    createdAt: now,
    updatedAt: now,
    lastSignInAt: null,
  };
  return { member, link };
}

/**
 * The first owner of a new organization: a member holding `admin`, with no e-mail until they
 * open their set-up link and choose one.
 */
export function newOwnerSetup(
  services: Pick<Services, 'serverSecret'>,
  org: Organization,
  now: number,
  createdBy: Actor,
  scopes: string[] = [ADMIN_SCOPE],
): { member: MemberRecord; link: IssuedLink } {
  return newInvitedMember(services, { organizationId: org.id, email: null, displayName: null, scopes, createdBy }, 'owner_setup', now);
}
