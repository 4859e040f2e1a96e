import type { OperationId, RouteHandler } from '../context.js';
import { acceptInvitation } from './accept-invitation.js';
import { authorizeGatewayRequest } from './authorize-gateway-request.js';
import { changePassword } from './change-password.js';
import { createKey } from './create-key.js';
import { createOrganization } from './create-organization.js';
import { createScope } from './create-scope.js';
import { deleteMember } from './delete-member.js';
import { deleteScope } from './delete-scope.js';
import { exportKeys } from './export-keys.js';
import { getCurrentSession } from './get-current-session.js';
import { getKey } from './get-key.js';
import { getMember } from './get-member.js';
import { getMyself } from './get-myself.js';
import { getOrganization } from './get-organization.js';
import { getScope } from './get-scope.js';
import { getHealth, getReadiness } from './health.js';
import { inviteMember } from './invite-member.js';
import { listAuditEvents } from './list-audit-events.js';
import { listKeys } from './list-keys.js';
import { listMembers } from './list-members.js';
import { listOrganizations } from './list-organizations.js';
import { listScopes } from './list-scopes.js';
import { listSessions } from './list-sessions.js';
import { reissueInvitation } from './reissue-invitation.js';
import { revokeKey } from './revoke-key.js';
import { revokeMemberSessions } from './revoke-member-sessions.js';
import { revokeSession } from './revoke-session.js';
import { rotateKey } from './rotate-key.js';
import { signIn } from './sign-in.js';
import { signOut } from './sign-out.js';
import { unlockMember } from './unlock-member.js';
import { updateKey } from './update-key.js';
import { updateMember } from './update-member.js';
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
  authorizeGatewayRequest,
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
  signIn,
  listSessions,
  getCurrentSession,
  signOut,
  changePassword,
  revokeSession,
  acceptInvitation,
  listMembers,
  inviteMember,
  getMember,
  updateMember,
  deleteMember,
  reissueInvitation,
  unlockMember,
  revokeMemberSessions,
};
