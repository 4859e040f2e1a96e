// Generated from openapi.yaml by scripts/generate-api-types.mjs.
// Do not edit: change openapi.yaml and run `npm run generate`.

/** What a client must know of an operation at run time. */
export interface OperationFacts {
  operationId: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  /** The contract's path template, e.g. `/v1/keys/{key_id}`. */
  path: string;
  /**
   * The operation changes nothing: a GET, or a POST marked `x-keyplane-safe` in the contract
   * (verification). It takes no Idempotency-Key, is never replayed, and may be sent again.
   */
  safe: boolean;
}

/** Every operation of openapi.yaml, in the contract's order. */
export const OPERATIONS: readonly OperationFacts[] = [
  { operationId: 'getHealth', method: 'GET', path: '/health', safe: true },
  { operationId: 'getReadiness', method: 'GET', path: '/ready', safe: true },
  { operationId: 'getMyself', method: 'GET', path: '/v1/myself', safe: true },
  { operationId: 'listKeys', method: 'GET', path: '/v1/keys', safe: true },
  { operationId: 'createKey', method: 'POST', path: '/v1/keys', safe: false },
  { operationId: 'exportKeys', method: 'GET', path: '/v1/keys/export', safe: true },
  { operationId: 'verifyKey', method: 'POST', path: '/v1/keys/verify', safe: true },
  { operationId: 'authorizeGatewayRequest', method: 'GET', path: '/v1/gateway/auth', safe: true },
  { operationId: 'getKey', method: 'GET', path: '/v1/keys/{key_id}', safe: true },
  { operationId: 'updateKey', method: 'PATCH', path: '/v1/keys/{key_id}', safe: false },
  { operationId: 'revokeKey', method: 'POST', path: '/v1/keys/{key_id}/revoke', safe: false },
  { operationId: 'rotateKey', method: 'POST', path: '/v1/keys/{key_id}/rotate', safe: false },
  { operationId: 'listScopes', method: 'GET', path: '/v1/scopes', safe: true },
  { operationId: 'createScope', method: 'POST', path: '/v1/scopes', safe: false },
  { operationId: 'getScope', method: 'GET', path: '/v1/scopes/{scope_name}', safe: true },
  { operationId: 'deleteScope', method: 'DELETE', path: '/v1/scopes/{scope_name}', safe: false },
  { operationId: 'updateScope', method: 'PATCH', path: '/v1/scopes/{scope_name}', safe: false },
  { operationId: 'listAuditEvents', method: 'GET', path: '/v1/audit-events', safe: true },
  { operationId: 'listOrganizations', method: 'GET', path: '/v1/organizations', safe: true },
  { operationId: 'createOrganization', method: 'POST', path: '/v1/organizations', safe: false },
  { operationId: 'getOrganization', method: 'GET', path: '/v1/organizations/{organization_id}', safe: true },
  { operationId: 'updateOrganization', method: 'PATCH', path: '/v1/organizations/{organization_id}', safe: false },
  { operationId: 'listSessions', method: 'GET', path: '/v1/sessions', safe: true },
  { operationId: 'signIn', method: 'POST', path: '/v1/sessions', safe: false },
  { operationId: 'getCurrentSession', method: 'GET', path: '/v1/sessions/current', safe: true },
  { operationId: 'signOut', method: 'DELETE', path: '/v1/sessions/current', safe: false },
  { operationId: 'changePassword', method: 'POST', path: '/v1/sessions/current/password', safe: false },
  { operationId: 'revokeSession', method: 'DELETE', path: '/v1/sessions/{session_id}', safe: false },
  { operationId: 'acceptInvitation', method: 'POST', path: '/v1/invitations/accept', safe: false },
  { operationId: 'listMembers', method: 'GET', path: '/v1/members', safe: true },
  { operationId: 'inviteMember', method: 'POST', path: '/v1/members', safe: false },
  { operationId: 'getMember', method: 'GET', path: '/v1/members/{member_id}', safe: true },
  { operationId: 'deleteMember', method: 'DELETE', path: '/v1/members/{member_id}', safe: false },
  { operationId: 'updateMember', method: 'PATCH', path: '/v1/members/{member_id}', safe: false },
  { operationId: 'reissueInvitation', method: 'POST', path: '/v1/members/{member_id}/invitation', safe: false },
  { operationId: 'unlockMember', method: 'POST', path: '/v1/members/{member_id}/unlock', safe: false },
  { operationId: 'revokeMemberSessions', method: 'DELETE', path: '/v1/members/{member_id}/sessions', safe: false },
];
