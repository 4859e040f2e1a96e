import type { OperationId, RouteHandler } from '../context.js';
import { createKey } from './create-key.js';
import { createOrganization } from './create-organization.js';
import { createScope } from './create-scope.js';
import { deleteScope } from './delete-scope.js';
import { exportKeys } from './export-keys.js';
import { getKey } from './get-key.js';
import { getMyself } from './get-myself.js';
import { getOrganization } from './get-organization.js';
import { getScope } from './get-scope.js';
import { getHealth, getReadiness } from './health.js';
import { listAuditEvents } from './list-audit-events.js';
import { listKeys } from './list-keys.js';
import { listOrganizations } from './list-organizations.js';
import { listScopes } from './list-scopes.js';
import { revokeKey } from './revoke-key.js';
import { rotateKey } from './rotate-key.js';
import { updateKey } from './update-key.js';
import { updateOrganization } from './update-organization.js';
import { updateScope } from './update-scope.js';
import { verifyKey } from './verify-key.js';

/**
 * Every operation of the contract with its handler. The type makes a missing handler a
 * compile error, and `buildServer` refuses to start if the contract names one not here.
 */
export const routes: { [O in OperationId]: RouteHandler<O> } = {
  getHealth,
  getReadiness,
  getMyself,
  listKeys,
  createKey,
  exportKeys,
  verifyKey,
  getKey,
  updateKey,
  revokeKey,
  rotateKey,
  listScopes,
  createScope,
  getScope,
  updateScope,
  deleteScope,
  listAuditEvents,
  listOrganizations,
  createOrganization,
  getOrganization,
  updateOrganization,
};
