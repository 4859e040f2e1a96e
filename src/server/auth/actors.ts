import type { Actor, ApiKeyRecord, MemberRecord } from '../../core/types.js';

// A record is replaced whenever it changes, so its actor is made once per record.
const keyActors = new WeakMap<ApiKeyRecord, Actor>();
const memberActors = new WeakMap<MemberRecord, Actor>();

/** A key as an actor: its name and hint, which say which key without revealing it. */
export function keyActor(key: ApiKeyRecord): Actor {
  let actor = keyActors.get(key);
  if (!actor) keyActors.set(key, (actor = { type: 'key', id: key.id, display: `${key.name} (${key.hint})` }));
  return actor;
}

/** A member as an actor: their name and e-mail, as far as they are known. */
export function memberActor(member: MemberRecord): Actor {
  let actor = memberActors.get(member);
  if (!actor) memberActors.set(member, (actor = { type: 'member', id: member.id, display: memberDisplay(member) }));
  return actor;
}

export function memberDisplay(member: Pick<MemberRecord, 'id' | 'email' | 'displayName'>): string {
  if (member.displayName && member.email) return `${member.displayName} <${member.email}>`;
  return member.email ?? member.displayName ?? member.id;
}
