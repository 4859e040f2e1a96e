import type { RouteHandler } from '../context.js';
import { ProblemError } from '../problem.js';

/** GET /health: the process answers; nothing else is checked. */
export const getHealth: RouteHandler<'getHealth'> = async () => ({ status: 200, body: { status: 'ok' } });

/** GET /ready: the database answers too, and the service is not shutting down. */
export const getReadiness: RouteHandler<'getReadiness'> = async ({ services }) => {
  if (services.shuttingDown()) {
    throw new ProblemError('SERVICE_UNAVAILABLE', 'The service is shutting down; send requests to another instance.', { headers: { 'Retry-After': '5' } });
  }
  try {
    await services.store.ping();
  } catch (error) {
    services.log.warn({ err: error }, 'readiness check: the database does not answer');
    throw new ProblemError('SERVICE_UNAVAILABLE', 'The database does not answer. Try again shortly.', { headers: { 'Retry-After': '5' } });
  }
  return { status: 200, body: { status: 'ok' } };
};
