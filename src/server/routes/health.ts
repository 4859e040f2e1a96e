import type { RouteHandler } from '../context.js';
import { ProblemError } from '../problem.js';

/** GET /health: the process answers; nothing else is checked. */
export const getHealth: RouteHandler<'getHealth'> = async () => ({ status: 200, body: { status: 'ok' } });

/** GET /ready: the database answers too. */
export const getReadiness: RouteHandler<'getReadiness'> = async ({ services }) => {
  try {
    await services.store.ping();
  } catch (error) {
    services.log.warn({ err: error }, 'readiness check: the database does not answer');
    throw new ProblemError('SERVICE_UNAVAILABLE', 'The database does not answer. Try again shortly.', { headers: { 'Retry-After': '5' } });
  }
  return { status: 200, body: { status: 'ok' } };
};
