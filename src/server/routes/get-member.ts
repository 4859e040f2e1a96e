import type { RouteHandler } from '../context.js';
import { findMember } from '../people/member-rules.js';
import { toMember } from '../serialize.js';

/** GET /v1/members/{member_id}. */
export const getMember: RouteHandler<'getMember'> = async (context) => {
  return { status: 200, body: toMember(await findMember(context, context.params.member_id), context.now) };
};
