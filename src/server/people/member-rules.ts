import { findScopeEscalation } from '../../core/scopes.js';
import type { MemberRecord } from '../../core/types.js';
import type { Caller, OperationId, RouteContext } from '../context.js';
import { callerWords } from '../keys/key-rules.js';
import { ProblemError } from '../problem.js';

/** A member of the caller's organization, or 404: another organization's member does not exist. */
export async function findMember<O extends OperationId>(context: RouteContext<O>, id: string): Promise<MemberRecord> {
  const member = await context.store.members.get(context.caller.organization.org.id, id);
  if (!member) throw new ProblemError('MEMBER_NOT_FOUND', `There is no member ${id} in this organization.`);
  return member;
}

/**
 * The authority rule, for members as for keys: a caller acts on a member only when it holds
 * every scope that member holds, so no one can suspend, strip or reset someone who may do
 * more than they may.
 */
export function checkAuthorityOverMember(caller: Caller, target: MemberRecord, verb: string): void {
  const beyond = findScopeEscalation(caller.scopes, target.scopes, caller.organization.resolver);
  if (beyond.length === 0) return;
  const { who } = callerWords(caller);
  const lacks = `${who} ${who === 'you' ? 'do' : 'does'} not hold`;
  throw new ProblemError(
    'SCOPE_ESCALATION',
    `${who === 'you' ? 'You' : 'The calling key'} cannot ${verb} member ${target.id}: they hold ${beyond.join(', ')}, which ${lacks}.`,
    { errors: [{ path: 'path.member_id', message: `member ${target.id} holds ${beyond.join(', ')}, which ${lacks}` }] },
  );
}

/** A person may not suspend, remove or re-scope themselves: another admin must. */
export function checkNotSelf(caller: Caller, target: MemberRecord, what: string): void {
  if (caller.member?.id !== target.id) return;
  throw new ProblemError('MEMBER_SELF_CHANGE', `You cannot ${what} yourself; ask another administrator.`, {
    errors: [{ path: 'path.member_id', message: 'is you' }],
  });
}

/**
 * Ends every session of `member` (but `keepId`) in the request's transaction, and drops
 * them from this node's cache once it commits. Returns how many were ended.
 */
export async function endSessions<O extends OperationId>(context: RouteContext<O>, member: MemberRecord, keepId?: string): Promise<number> {
  const ended = await context.store.sessions.deleteByMember(member.organizationId, member.id, keepId);
  await context.invalidate({ kind: 'member', id: member.id });
  return ended.length;
}

/** The e-mail as stored: as the person typed it, without surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim();
}
