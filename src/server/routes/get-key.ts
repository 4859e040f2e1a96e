import type { RouteHandler } from '../context.js';
import { findKey } from '../keys/key-rules.js';
import { toApiKey } from '../serialize.js';

/** GET /v1/keys/{key_id}. */
export const getKey: RouteHandler<'getKey'> = async (context) => {
  const key = await findKey(context, context.params.key_id);
  return { status: 200, body: toApiKey(key, context.now) };
};
