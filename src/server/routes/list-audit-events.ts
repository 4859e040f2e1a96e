import type { RouteHandler } from '../context.js';
import { isOperator } from '../organizations/organization-rules.js';
import { ProblemError } from '../problem.js';
import { decodeCursor, encodeCursor, epoch, toAuditEvent } from '../serialize.js';
import { invalidCursor } from './list-keys.js';

const EVENT_ID_PATTERN = /^evt_[0-9A-HJKMNP-TV-Z]{26}$/;

/** GET /v1/audit-events: newest first, by cursor. */
export const listAuditEvents: RouteHandler<'listAuditEvents'> = async ({ caller, store, query }) => {
  const after = decodeCursor(query.cursor, EVENT_ID_PATTERN);
  if (after === 'invalid') throw invalidCursor();
  let organizationId: string | null = caller.organization.org.id;
  if (query.organization === 'none') {
    if (!isOperator(caller)) {
      throw new ProblemError('OPERATOR_ONLY', 'Only an operator key may read events that belong to no organization.', {
        errors: [{ path: 'query.organization', message: 'takes an operator key' }],
      });
    }
    organizationId = null;
  }
  const page = await store.audit.list(
    organizationId,
    {
      action: query.action,
      actorId: query.actor_id ?? query.actor_key_id,
      targetId: query.target_id,
      since: epoch(query.since) ?? undefined,
      until: epoch(query.until) ?? undefined,
    },
    { limit: query.limit ?? 50, after },
  );
  return { status: 200, body: { data: page.items.map(toAuditEvent), next_cursor: encodeCursor(page.nextAfter) } };
};
