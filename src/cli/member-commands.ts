/**
 * `keyplane members <action>`: the organization's people from a shell, with an API key that
 * holds `admin` (listing and reading take `members:read`). Invitation and reset links are
 * printed once, as the service returns them once; Keyplane sends no e-mail, so whoever runs
 * the command passes the link on.
 */
import type { components } from '../api/schema.js';
import { unwrap, type KeyplaneApi } from '../client/index.js';
import { integer, required, UsageError, type Command, type Output, type Values } from './command.js';
import { displayText, renderRecord, renderTable } from './table.js';

type Schemas = components['schemas'];
type Member = Schemas['Member'];

const STATUSES: readonly Schemas['MemberStatus'][] = ['invited', 'active', 'suspended'];

/** The fields `keyplane members get` shows, in order. */
function memberSummary(member: Member): Record<string, unknown> {
  return {
    id: member.id,
    email: member.email,
    display_name: member.display_name,
    status: member.status,
    scopes: member.scopes,
    locked: member.locked ? `yes, since ${member.locked_at}` : 'no',
    invitation_expires_at: member.invitation_expires_at,
    created_by: member.created_by.display,
    created_at: member.created_at,
    last_sign_in_at: member.last_sign_in_at,
  };
}

/** How a sentence names a member: their id and, when they have one, their e-mail. */
function named(member: Member): string {
  return member.email === null ? member.id : `${member.id} (${displayText(member.email)})`;
}

/** The member, then the one-time link once, then what it is (`what`, a sentence) and what to do with it. */
function linkOutput(result: Schemas['InvitedMember'], what = ''): Output {
  const { member, invitation } = result;
  const to = member.email === null ? 'the person' : displayText(member.email);
  const lines = [
    renderRecord(memberSummary(member)),
    '',
    `link  ${displayText(invitation.url)}`,
    '',
    `${what ? `${what} ` : ''}The link is shown only this once: pass it on to ${to} now (Keyplane sends no e-mail).`,
    `It works once, until ${invitation.expires_at}. If it is lost, make a new one: keyplane members reset-link ${member.id}`,
  ];
  return { json: result, text: lines.join('\n') };
}

function memberPath(id: string | undefined) {
  return { params: { path: { member_id: required(id, 'MEMBER_ID') } } };
}

async function setStatus(api: KeyplaneApi, id: string | undefined, status: 'active' | 'suspended'): Promise<Member> {
  return unwrap(await api.PATCH('/v1/members/{member_id}', { ...memberPath(id), body: { status } }));
}

function statusFlag(values: Values): Schemas['MemberStatus'] | undefined {
  const status = values.status as string | undefined;
  if (status === undefined) return undefined;
  if (!(STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(status)}`);
  return status as Schemas['MemberStatus'];
}

/** Every action of `keyplane members`, in the order the usage lists them. */
export const MEMBER_COMMANDS: Record<string, Command> = {
  invite: {
    usage: `keyplane members invite --email EMAIL [--scope S]... [--name DISPLAY_NAME]
  Prints a one-time invitation link, shown only once: pass it on to the person.`,
    options: { email: { type: 'string' }, scope: { type: 'string', multiple: true }, name: { type: 'string' } },
    async run(api, _positionals, values) {
      const email = values.email as string | undefined;
      if (!email) throw new UsageError('--email is required');
      const body: Schemas['InviteMemberRequest'] = { email, scopes: (values.scope as string[] | undefined) ?? [] };
      if (values.name !== undefined) body.display_name = values.name as string;
      const invited = unwrap(await api.POST('/v1/members', { body }));
      return linkOutput(invited);
    },
  },
  list: {
    usage: 'keyplane members list [--status invited|active|suspended] [--limit N]',
    options: { status: { type: 'string' }, limit: { type: 'string' } },
    async run(api, _positionals, values) {
      const status = statusFlag(values);
      const max = values.limit === undefined ? Infinity : integer(values.limit as string, '--limit');
      if (max === 0) throw new UsageError('--limit must be at least 1');
      const members: Member[] = [];
      let cursor: string | undefined;
      do {
        const page = unwrap(await api.GET('/v1/members', { params: { query: { status, limit: Math.min(200, max - members.length), cursor } } }));
        members.push(...page.data);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && members.length < max);
      return {
        json: members,
        text: renderTable(
          ['id', 'email', 'display_name', 'status', 'scopes', 'locked', 'last_sign_in_at'],
          members.map((m) => [m.id, m.email, m.display_name, m.status, m.scopes.join(' '), m.locked ? 'yes' : 'no', m.last_sign_in_at]),
        ),
      };
    },
  },
  get: {
    usage: 'keyplane members get MEMBER_ID',
    async run(api, [id]) {
      const member = unwrap(await api.GET('/v1/members/{member_id}', memberPath(id)));
      return { json: member, text: renderRecord(memberSummary(member)) };
    },
  },
  update: {
    usage: `keyplane members update MEMBER_ID [--name DISPLAY_NAME] [--scope S]...
  Scopes given replace the member's whole list. Suspend and activate have their own actions.`,
    options: { name: { type: 'string' }, scope: { type: 'string', multiple: true } },
    async run(api, [id], values) {
      const body: Schemas['UpdateMemberRequest'] = {};
      if (values.name !== undefined) body.display_name = values.name as string;
      if (values.scope !== undefined) body.scopes = values.scope as string[];
      if (Object.keys(body).length === 0) throw new UsageError('give --name or --scope');
      const member = unwrap(await api.PATCH('/v1/members/{member_id}', { ...memberPath(id), body }));
      return { json: member, text: renderRecord(memberSummary(member)) };
    },
  },
  suspend: {
    usage: 'keyplane members suspend MEMBER_ID   (ends their sessions; they cannot sign in until activated)',
    async run(api, [id]) {
      const member = await setStatus(api, id, 'suspended');
      return {
        json: member,
        text: `Suspended ${named(member)}: their sessions have ended, and they cannot sign in until keyplane members activate ${member.id}.`,
      };
    },
  },
  activate: {
    usage: 'keyplane members activate MEMBER_ID   (lets a suspended member sign in again; invited members activate by accepting)',
    async run(api, [id]) {
      const member = await setStatus(api, id, 'active');
      return { json: member, text: `Activated ${named(member)}: they may sign in again.` };
    },
  },
  remove: {
    usage: 'keyplane members remove MEMBER_ID   (ends their sessions; the keys they made stay with the organization)',
    async run(api, [id]) {
      const memberId = required(id, 'MEMBER_ID');
      unwrap(await api.DELETE('/v1/members/{member_id}', memberPath(memberId)));
      return { json: { removed: memberId }, text: `Removed member ${memberId}. The keys they made stay with the organization.` };
    },
  },
  unlock: {
    usage: 'keyplane members unlock MEMBER_ID   (lifts a lock-out after too many failed sign-ins)',
    async run(api, [id]) {
      const member = unwrap(await api.POST('/v1/members/{member_id}/unlock', memberPath(id)));
      return { json: member, text: `Unlocked ${named(member)}: failed sign-ins no longer keep them out.` };
    },
  },
  'sign-out': {
    usage: 'keyplane members sign-out MEMBER_ID   (ends every session of the member, everywhere)',
    async run(api, [id]) {
      const memberId = required(id, 'MEMBER_ID');
      const { ended } = unwrap(await api.DELETE('/v1/members/{member_id}/sessions', memberPath(memberId)));
      return { json: { ended }, text: `Signed ${memberId} out everywhere: ${ended} session${ended === 1 ? '' : 's'} ended.` };
    },
  },
  'reset-link': {
    usage: `keyplane members reset-link MEMBER_ID
  A new one-time link, shown only once: a new invitation for an invited member, a password
  reset link for an active one. Earlier links stop working.`,
    async run(api, [id]) {
      const result = unwrap(await api.POST('/v1/members/{member_id}/invitation', memberPath(id)));
      const what =
        result.invitation.purpose === 'password_reset'
          ? `A password reset link for ${named(result.member)}: opening it sets a new password and ends their other sessions; earlier links no longer work.`
          : `A new invitation link for ${named(result.member)}; earlier links no longer work.`;
      return linkOutput(result, what);
    },
  },
};
