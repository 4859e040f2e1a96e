import type { RouteHandler } from '../context.js';
import { decodeCursor, encodeCursor, toMember } from '../serialize.js';
import { invalidCursor } from './list-keys.js';

const MEMBER_ID_PATTERN = /^mem_[0-9A-HJKMNP-TV-Z]{26}$/;

/** GET /v1/members: oldest first, by cursor. */
export const listMembers: RouteHandler<'listMembers'> = async ({ query, store, caller, now }) => {
  const after = decodeCursor(query.cursor, MEMBER_ID_PATTERN);
  if (after === 'invalid') throw invalidCursor();
  const page = await store.members.list(caller.organization.org.id, { status: query.status }, { limit: query.limit ?? 50, after });
  return { status: 200, body: { data: page.items.map((member) => toMember(member, now)), next_cursor: encodeCursor(page.nextAfter) } };
};
