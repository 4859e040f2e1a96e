import type { MemberRecord } from '../../core/types.js';
import { iso, toMember } from '../serialize.js';

/**
 * The contract's `Member` as JSON for the hot path (who am I, with a session). A member record
 * is replaced whenever the member changes, so all it holds is serialized once per record; only
 * `invitation_expires_at`, which shows while the invitation is open, depends on the time.
 * The same scheme as a key's JSON (keys/api-key-json.ts).
 */
const memberPrefixes = new WeakMap<MemberRecord, string>();

export function memberJson(member: MemberRecord, now: number): string {
  let prefix = memberPrefixes.get(member);
  if (prefix === undefined) {
    const { invitation_expires_at: _open, ...fixed } = toMember(member, now);
    prefix = JSON.stringify(fixed).slice(0, -1);
    memberPrefixes.set(member, prefix);
  }
  const invitationOpen = member.invitationExpiresAt !== null && member.invitationExpiresAt > now ? `"${iso(member.invitationExpiresAt)}"` : 'null';
  return `${prefix},"invitation_expires_at":${invitationOpen}}`;
}
