import type { RouteHandler } from '../context.js';
import { ProblemError } from '../problem.js';
import { decodeCursor, encodeCursor, toApiKey } from '../serialize.js';

export const KEY_ID_PATTERN = /^key_[0-9A-HJKMNP-TV-Z]{26}$/;

/** GET /v1/keys: oldest first, by cursor. */
export const listKeys: RouteHandler<'listKeys'> = async (context) => {
  const { query, now } = context;
  const after = decodeCursor(query.cursor, KEY_ID_PATTERN);
  if (after === 'invalid') throw invalidCursor();
  const page = await context.store.keys.list(
    context.caller.organization.org.id,
    { status: query.status, scope: query.scope, nameContains: query.name, ids: query.id },
    { limit: query.limit ?? 50, after },
    now,
  );
  return {
    status: 200,
    body: { data: page.items.map((key) => toApiKey(key, now)), next_cursor: encodeCursor(page.nextAfter) },
  };
};

export function invalidCursor(): ProblemError {
  return new ProblemError('VALIDATION_FAILED', 'query.cursor is not a cursor this service issued; pass next_cursor from the previous page.', {
    errors: [{ path: 'query.cursor', message: 'is not a cursor this service issued' }],
  });
}
