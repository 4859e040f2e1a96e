/**
 * How to prove each request limit of openapi.yaml, keyed by `<operationId> <field>` (see
 * test/helpers/contract-limits.ts for the field form). A case names the limits of its field
 * it covers, builds a value of a given size, and builds the whole request around it; the
 * numbers themselves always come from the contract. contract-limits.test.ts fails for a
 * limit of the contract without a case here, and for a case whose limit the contract lost.
 */
import { MIN_POLICY_TTL_SECONDS } from '../../src/core/key-policy.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../src/core/password-policy.js';
import type { LimitKeyword } from '../helpers/contract-limits.js';
import { addressOfLength, cidrOfLength, emailOfLength, forwardedForOfLength } from '../helpers/limit-values.js';
import { PASSWORD, type LimitRequest, type LimitWorld } from './limit-world.js';

export interface LimitCase {
  /** The limits of the field this case proves. */
  limits: LimitKeyword[];
  /**
   * A value of `size`: that many characters, items or properties, or that number. Sized
   * right past the limit it need not be valid otherwise; on the limit it must be.
   */
  value(size: number, world: LimitWorld): unknown;
  /** The whole request carrying `value`, built afresh for every send. */
  request(world: LimitWorld, value: unknown): Promise<LimitRequest>;
  /**
   * For a size no request can carry and succeed with (no password is 1,024 characters long,
   * no session's CSRF token 200): the refusal the service gives once the contract has let
   * the value through, which the value on the limit must get instead of a 2xx (and the value
   * past the limit then a 400). Undefined for the sizes a request can succeed with.
   */
  refusedAfterValidation?(size: number): ServiceRefusal | undefined;
}

/** A problem only the service's own rules give, never the contract's validation (a 400). */
export interface ServiceRefusal {
  status: number;
  code: string;
}

type Base = (world: LimitWorld) => Promise<LimitRequest>;

/** The smallest valid request of each operation that has limits. */
const BASE: Record<string, Base> = {
  createKey: async (w) => ({ method: 'POST', path: '/v1/keys', key: (await w.keys()).admin, body: { name: w.unique('key') } }),
  listKeys: async (w) => ({ method: 'GET', path: '/v1/keys', key: (await w.keys()).admin }),
  updateKey: async (w) => {
    const tenant = await w.keys();
    return { method: 'PATCH', path: `/v1/keys/${await w.newKey(tenant)}`, key: tenant.admin, body: {} };
  },
  // A real key, so that the verdict is about the fields: VALID or INSUFFICIENT_SCOPE.
  verifyKey: async (w) => {
    const tenant = await w.keys();
    return { method: 'POST', path: '/v1/keys/verify', key: tenant.admin, body: { key: tenant.admin } };
  },
  // The tenant's admin key is both the gateway's own (admin includes keys:verify) and the key
  // its client presents. The service trusts 127.0.0.1 as a proxy (contract-limits.test.ts).
  authorizeGatewayRequest: async (w) => {
    const tenant = await w.keys();
    return { method: 'GET', path: '/v1/gateway/auth', headers: { 'X-Keyplane-Gateway-Key': tenant.admin, 'X-API-Key': tenant.admin } };
  },
  revokeKey: async (w) => {
    const tenant = await w.keys();
    return { method: 'POST', path: `/v1/keys/${await w.newKey(tenant)}/revoke`, key: tenant.admin };
  },
  rotateKey: async (w) => {
    const tenant = await w.keys();
    return { method: 'POST', path: `/v1/keys/${await w.newKey(tenant)}/rotate`, key: tenant.admin };
  },
  createScope: async (w) => ({ method: 'POST', path: '/v1/scopes', key: (await w.catalog()).admin, body: { name: w.unique('scope') } }),
  updateScope: async (w) => {
    const tenant = await w.catalog();
    const name = w.unique('scope');
    await w.send({ method: 'POST', path: '/v1/scopes', key: tenant.admin, body: { name } });
    return { method: 'PATCH', path: `/v1/scopes/${name}`, key: tenant.admin, body: {} };
  },
  deleteScope: async (w) => {
    const tenant = await w.catalog();
    const name = w.unique('scope');
    await w.send({ method: 'POST', path: '/v1/scopes', key: tenant.admin, body: { name } });
    return { method: 'DELETE', path: `/v1/scopes/${name}`, key: tenant.admin };
  },
  createOrganization: async (w) => ({
    method: 'POST',
    path: '/v1/organizations',
    key: w.operator,
    body: { slug: w.unique('org'), name: 'Limits' },
  }),
  // A fresh organization each time: its name, limit and policy are org-wide state.
  updateOrganization: async (w) => ({ method: 'PATCH', path: `/v1/organizations/${(await w.organization()).id}`, key: w.operator, body: {} }),

  // The shared member, with their right password: 201.
  signIn: async (w) => {
    const { member } = await w.signedIn();
    return { method: 'POST', path: '/v1/sessions', body: { organization: member.organization, email: member.email, password: member.password } };
  },
  // The operations of a session are made with the shared one. No case below ends it: each is
  // refused at the CSRF check or at a check of a password (see their cases).
  signOut: async (w) => {
    const { session } = await w.signedIn();
    return { method: 'DELETE', path: '/v1/sessions/current', session: session.token, headers: { 'X-CSRF-Token': session.csrf } };
  },
  // The new password is the current one: a change that went through would end no other case's session.
  changePassword: async (w) => {
    const { member, session } = await w.signedIn();
    return {
      method: 'POST',
      path: '/v1/sessions/current/password',
      session: session.token,
      headers: { 'X-CSRF-Token': session.csrf },
      body: { current_password: member.password, new_password: member.password },
    };
  },
  revokeSession: async (w) => {
    const { session } = await w.signedIn();
    return { method: 'DELETE', path: `/v1/sessions/${session.id}`, session: session.token, headers: { 'X-CSRF-Token': session.csrf } };
  },
  // A new organization's owner set-up link, the one kind of link that takes the e-mail: 201.
  acceptInvitation: async (w) => ({
    method: 'POST',
    path: '/v1/invitations/accept',
    body: { token: (await w.organization()).ownerSetup, email: w.email(), password: PASSWORD },
  }),

  inviteMember: async (w) => ({ method: 'POST', path: '/v1/members', key: (await w.keys()).admin, body: { email: w.email(), scopes: [] } }),
  // A new invited member each time, as a member's status and sessions are theirs alone.
  updateMember: async (w) => {
    const tenant = await w.keys();
    return { method: 'PATCH', path: `/v1/members/${await w.newMember(tenant)}`, key: tenant.admin, body: {} };
  },
  deleteMember: async (w) => {
    const tenant = await w.keys();
    return { method: 'DELETE', path: `/v1/members/${await w.newMember(tenant)}`, key: tenant.admin };
  },
  reissueInvitation: async (w) => {
    const tenant = await w.keys();
    return { method: 'POST', path: `/v1/members/${await w.newMember(tenant)}/invitation`, key: tenant.admin };
  },
  unlockMember: async (w) => {
    const tenant = await w.keys();
    return { method: 'POST', path: `/v1/members/${await w.newMember(tenant)}/unlock`, key: tenant.admin };
  },
  revokeMemberSessions: async (w) => {
    const tenant = await w.keys();
    return { method: 'DELETE', path: `/v1/members/${await w.newMember(tenant)}/sessions`, key: tenant.admin };
  },
};

const chars = (c: string) => (size: number) => c.repeat(size);
const number = (size: number) => size;

/** The value goes into the body of `operation`'s base request, as `place` puts it. */
function inBody(operation: string, limits: LimitKeyword[], value: LimitCase['value'], place: (v: unknown) => object): LimitCase {
  return {
    limits,
    value,
    async request(w, v) {
      const base = await BASE[operation]!(w);
      return { ...base, body: { ...(base.body as object), ...place(v) } };
    },
  };
}

/** The value is the whole body (for `minProperties`): the first `size` of `fields`. */
function wholeBody(operation: string, fields: Record<string, unknown>): LimitCase {
  return {
    limits: ['minProperties'],
    value: (size) => Object.fromEntries(Object.entries(fields).slice(0, size)),
    async request(w, v) {
      return { ...(await BASE[operation]!(w)), body: v };
    },
  };
}

/** The value goes into the headers of `operation`'s base request, as `place` puts it among them. */
function inHeaders(
  operation: string,
  limits: LimitKeyword[],
  value: LimitCase['value'],
  place: (v: unknown, headers: Record<string, string>) => Record<string, string>,
): LimitCase {
  return {
    limits,
    value,
    async request(w, v) {
      const base = await BASE[operation]!(w);
      return { ...base, headers: place(v, base.headers ?? {}) };
    },
  };
}

function idempotencyKey(operation: string): LimitCase {
  return inHeaders(
    operation,
    ['minLength', 'maxLength'],
    (size, w) => w.tokens.next(size),
    (v, headers) => ({ ...headers, 'Idempotency-Key': String(v) }),
  );
}

/**
 * The `X-CSRF-Token` header. The service ignores it with an API key, once the contract has
 * checked its length; with a session, only the session's own token lets a change through.
 * `body` stands in for a base request's empty one (an update must change something).
 */
function csrfToken(operation: string, body?: object): LimitCase {
  return {
    limits: ['minLength', 'maxLength'],
    value: chars('c'),
    async request(w, v) {
      const base = await BASE[operation]!(w);
      return { ...base, headers: { ...base.headers, 'X-CSRF-Token': String(v) }, ...(body ? { body } : {}) };
    },
  };
}

/**
 * `entry`, whose value on the limit no request can succeed with at the sizes `when` picks
 * (every size by default): the service refuses it with `status` and `code` instead, which
 * only a request the contract let through gets.
 */
function refusedAs(entry: LimitCase, status: number, code: string, when: (size: number) => boolean = () => true): LimitCase {
  return { ...entry, refusedAfterValidation: (size) => (when(size) ? { status, code } : undefined) };
}

/** No password the service sets is this long (it takes 15 to 256 characters: 422 WEAK_PASSWORD). */
const noPasswordOf = (size: number) => size < PASSWORD_MIN_LENGTH || size > PASSWORD_MAX_LENGTH;

/** A new address of `size` characters; past the lengths an address can have, any text. */
/**
 * A fresh e-mail of `size` characters (members' e-mails are unique). The shortest, `a@b.c`,
 * has no room for a tag: its three letters count instead.
 */
let shortest = 0;
const email = (size: number, w: LimitWorld) => {
  if (size === 5) {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const n = shortest++;
    return `${letters[n % 26]}@${letters[Math.floor(n / 26) % 26]}.${letters[Math.floor(n / 676) % 26]}`;
  }
  return emailOfLength(size, w.unique('m')) ?? 'e'.repeat(size);
};

/** A query parameter of a list, called with `key`. */
function inQuery(path: string, name: string, limits: LimitKeyword[], value: LimitCase['value'], key: (w: LimitWorld) => Promise<string>): LimitCase {
  return { limits, value, request: async (w, v) => ({ method: 'GET', path: `${path}?${name}=${encodeURIComponent(String(v))}`, key: await key(w) }) };
}

/** The value goes into the query of `operation`'s base request; an array as the parameter repeated. */
function inBaseQuery(operation: string, name: string, limits: LimitKeyword[], value: LimitCase['value']): LimitCase {
  return {
    limits,
    value,
    async request(w, v) {
      const base = await BASE[operation]!(w);
      const query = (Array.isArray(v) ? v : [v]).map((item) => `${name}=${encodeURIComponent(String(item))}`).join('&');
      return { ...base, path: `${base.path}?${query}` };
    },
  };
}

/** A cursor of `size` characters: a real one cut short, or padded with `=` (which decoding ignores). */
function cursor(path: string, key: (w: LimitWorld) => Promise<string>): LimitCase {
  return inQuery(
    path,
    'cursor',
    ['minLength', 'maxLength'],
    async (size, w) => {
      const real = await w.cursor(path, await key(w));
      return size <= real.length ? real.slice(0, size) : real.padEnd(size, '=');
    },
    key,
  );
}

const keysAdmin = async (w: LimitWorld) => (await w.keys()).admin;
const membersAdmin = async (w: LimitWorld) => (await w.people()).admin;
const operator = async (w: LimitWorld) => w.operator;

/** The fields a key shares between create and update. */
function keyFields(operation: 'createKey' | 'updateKey'): Record<string, LimitCase> {
  const field = (name: string) => (v: unknown) => ({ [name]: v });
  const rule = (name: 'cidr' | 'note') => (v: unknown) => ({ ip_rules: [{ action: 'allow', cidr: '10.0.0.0/8', [name]: v }] });
  return {
    [`${operation} body.name`]: inBody(operation, ['minLength', 'maxLength'], chars('n'), field('name')),
    [`${operation} body.description`]: inBody(operation, ['maxLength'], chars('d'), field('description')),
    [`${operation} body.scopes`]: inBody(operation, ['maxItems'], async (size, w) => w.scopes(await w.keys(), size), field('scopes')),
    [`${operation} body.ip_rules`]: inBody(
      operation,
      ['maxItems'],
      (size) => Array.from({ length: size }, (_, i) => ({ action: 'deny', cidr: `10.${i >> 8}.${i & 255}.0/24` })),
      field('ip_rules'),
    ),
    [`${operation} body.ip_rules[].cidr`]: inBody(
      operation,
      ['minLength', 'maxLength'],
      (size) => cidrOfLength(size) ?? '1'.repeat(size),
      rule('cidr'),
    ),
    [`${operation} body.ip_rules[].note`]: inBody(operation, ['maxLength'], chars('o'), rule('note')),
    [`${operation} body.metadata`]: inBody(
      operation,
      ['maxProperties'],
      (size) => Object.fromEntries(Array.from({ length: size }, (_, i) => [`k${i}`, 'v'])),
      field('metadata'),
    ),
    [`${operation} body.metadata.*`]: inBody(operation, ['maxLength'], chars('v'), (v) => ({ metadata: { team: v } })),
    [`${operation} body.rate_limit_per_minute`]: inBody(operation, ['minimum', 'maximum'], number, field('rate_limit_per_minute')),
    [`${operation} body.expires_in`]: inBody(operation, ['minimum', 'maximum'], number, field('expires_in')),
  };
}

/** The policy TTLs, with a default no longer than any maximum tried. */
function policyFields(operation: 'createOrganization' | 'updateOrganization'): Record<string, LimitCase> {
  return {
    [`${operation} body.key_policy.default_ttl_seconds`]: inBody(operation, ['minimum', 'maximum'], number, (v) => ({
      key_policy: { default_ttl_seconds: v },
    })),
    [`${operation} body.key_policy.max_ttl_seconds`]: inBody(operation, ['minimum', 'maximum'], number, (v) => ({
      key_policy: { default_ttl_seconds: MIN_POLICY_TTL_SECONDS, max_ttl_seconds: v },
    })),
  };
}

/**
 * The session timeouts, each with the other at a value that allows every value tried (the
 * idle timeout may not exceed the absolute one: 422): an absolute timeout of a week is longer
 * than any idle timeout, an idle timeout of ten minutes shorter than any absolute one.
 */
function sessionPolicyFields(operation: 'createOrganization' | 'updateOrganization'): Record<string, LimitCase> {
  const week = 7 * 24 * 3600;
  const tenMinutes = 600;
  return {
    [`${operation} body.session_policy.idle_timeout_seconds`]: inBody(operation, ['minimum', 'maximum'], number, (v) => ({
      session_policy: { idle_timeout_seconds: v, absolute_timeout_seconds: week },
    })),
    [`${operation} body.session_policy.absolute_timeout_seconds`]: inBody(operation, ['minimum', 'maximum'], number, (v) => ({
      session_policy: { idle_timeout_seconds: tenMinutes, absolute_timeout_seconds: v },
    })),
  };
}

/** One case per limited field of the contract's requests, keyed `<operationId> <field>`. */
export const LIMIT_CASES: Record<string, LimitCase> = {
  'listKeys query.name': inQuery('/v1/keys', 'name', ['minLength', 'maxLength'], chars('n'), keysAdmin),
  'listKeys query.limit': inQuery('/v1/keys', 'limit', ['minimum', 'maximum'], number, keysAdmin),
  'listKeys query.cursor': cursor('/v1/keys', keysAdmin),
  // Ids of no key of the organization are left out of the page, so one id repeated will do.
  'listKeys query.id': inBaseQuery('listKeys', 'id', ['maxItems'], (size) => Array.from({ length: size }, () => 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K')),
  'listAuditEvents query.target_id': inQuery('/v1/audit-events', 'target_id', ['minLength', 'maxLength'], chars('t'), keysAdmin),
  'listAuditEvents query.limit': inQuery('/v1/audit-events', 'limit', ['minimum', 'maximum'], number, keysAdmin),
  'listAuditEvents query.cursor': cursor('/v1/audit-events', keysAdmin),
  'listOrganizations query.limit': inQuery('/v1/organizations', 'limit', ['minimum', 'maximum'], number, operator),
  'listOrganizations query.cursor': cursor('/v1/organizations', operator),
  'listMembers query.limit': inQuery('/v1/members', 'limit', ['minimum', 'maximum'], number, membersAdmin),
  'listMembers query.cursor': cursor('/v1/members', membersAdmin),

  'createKey header.idempotency-key': idempotencyKey('createKey'),
  'createKey header.x-csrf-token': csrfToken('createKey'),
  ...keyFields('createKey'),
  'updateKey header.x-csrf-token': csrfToken('updateKey', { description: 'changed' }),
  'updateKey body': wholeBody('updateKey', { name: 'renamed', description: 'changed' }),
  ...keyFields('updateKey'),

  // A key of any other form is MALFORMED: 200 with valid:false, which is accepted.
  'verifyKey header.x-csrf-token': csrfToken('verifyKey'),
  'verifyKey body.key': inBody('verifyKey', ['minLength', 'maxLength'], chars('k'), (v) => ({ key: v })),
  'verifyKey body.required_scopes': inBody(
    'verifyKey',
    ['maxItems'],
    (size) => Array.from({ length: size }, (_, i) => `needed-${i}`),
    (v) => ({ required_scopes: v }),
  ),
  'verifyKey body.ip': inBody('verifyKey', ['minLength', 'maxLength'], (size) => addressOfLength(size) ?? 'x'.repeat(size), (v) => ({ ip: v })),

  // Scopes the client's key holds (an admin key holds every scope of its organization): 200.
  'authorizeGatewayRequest query.scope': inBaseQuery('authorizeGatewayRequest', 'scope', ['maxItems'], async (size, w) => w.scopes(await w.keys(), size)),
  // No key is that long, and HTTP strips the spaces around a header's value, so one of the
  // limit's length is 401 MALFORMED_KEY.
  'authorizeGatewayRequest header.x-api-key': refusedAs(
    inHeaders('authorizeGatewayRequest', ['maxLength'], chars('k'), (v, headers) => ({ ...headers, 'X-API-Key': String(v) })),
    401,
    'MALFORMED_KEY',
  ),
  // RFC 6750 allows one or more spaces after `Bearer`: the client's key, padded with them.
  'authorizeGatewayRequest header.authorization': inHeaders(
    'authorizeGatewayRequest',
    ['maxLength'],
    async (size, w) => {
      const key = (await w.keys()).admin;
      return size >= `Bearer ${key}`.length ? `Bearer${' '.repeat(size - 'Bearer'.length - key.length)}${key}` : 'B'.repeat(size);
    },
    (v, { 'X-API-Key': _client, ...headers }) => ({ ...headers, Authorization: String(v) }),
  ),
  'authorizeGatewayRequest header.x-forwarded-for': inHeaders(
    'authorizeGatewayRequest',
    ['maxLength'],
    (size) => forwardedForOfLength(size) ?? '1'.repeat(size),
    (v, headers) => ({ ...headers, 'X-Forwarded-For': String(v) }),
  ),

  'revokeKey header.idempotency-key': idempotencyKey('revokeKey'),
  'revokeKey header.x-csrf-token': csrfToken('revokeKey'),
  'revokeKey body.reason': inBody('revokeKey', ['maxLength'], chars('r'), (v) => ({ reason: v })),
  'rotateKey header.idempotency-key': idempotencyKey('rotateKey'),
  'rotateKey header.x-csrf-token': csrfToken('rotateKey'),
  'rotateKey body.grace_period': inBody('rotateKey', ['minimum', 'maximum'], number, (v) => ({ grace_period: v })),
  'rotateKey body.expires_in': inBody('rotateKey', ['minimum', 'maximum'], number, (v) => ({ expires_in: v })),

  'createScope header.idempotency-key': idempotencyKey('createScope'),
  'createScope header.x-csrf-token': csrfToken('createScope'),
  'createScope body.description': inBody('createScope', ['maxLength'], chars('d'), (v) => ({ description: v })),
  'createScope body.includes': inBody('createScope', ['maxItems'], async (size, w) => w.scopes(await w.catalog(), size), (v) => ({ includes: v })),
  'updateScope header.x-csrf-token': csrfToken('updateScope', { description: 'changed' }),
  'updateScope body': wholeBody('updateScope', { description: 'changed', includes: [] }),
  'updateScope body.description': inBody('updateScope', ['maxLength'], chars('d'), (v) => ({ description: v })),
  'updateScope body.includes': inBody('updateScope', ['maxItems'], async (size, w) => w.scopes(await w.catalog(), size), (v) => ({ includes: v })),
  'deleteScope header.x-csrf-token': csrfToken('deleteScope'),

  'createOrganization header.idempotency-key': idempotencyKey('createOrganization'),
  'createOrganization header.x-csrf-token': csrfToken('createOrganization'),
  'createOrganization body.name': inBody('createOrganization', ['minLength', 'maxLength'], chars('n'), (v) => ({ name: v })),
  'createOrganization body.rate_limit_per_minute': inBody('createOrganization', ['minimum', 'maximum'], number, (v) => ({ rate_limit_per_minute: v })),
  ...policyFields('createOrganization'),
  ...sessionPolicyFields('createOrganization'),
  'updateOrganization header.x-csrf-token': csrfToken('updateOrganization', { name: 'Renamed' }),
  'updateOrganization body': wholeBody('updateOrganization', { name: 'Renamed', plan: 'team' }),
  'updateOrganization body.name': inBody('updateOrganization', ['minLength', 'maxLength'], chars('n'), (v) => ({ name: v })),
  'updateOrganization body.rate_limit_per_minute': inBody('updateOrganization', ['minimum', 'maximum'], number, (v) => ({ rate_limit_per_minute: v })),
  ...policyFields('updateOrganization'),
  ...sessionPolicyFields('updateOrganization'),

  // A member's e-mail where an address can be that long (a member signed up with it: 201);
  // where none can, 401 INVALID_CREDENTIALS.
  'signIn body.email': refusedAs(
    inBody(
      'signIn',
      ['minLength', 'maxLength'],
      async (size, w) => {
        const address = emailOfLength(size, w.unique('m'));
        return address === null ? 'e'.repeat(size) : (await w.memberWith(address)).email;
      },
      (v) => ({ email: v }),
    ),
    401,
    'INVALID_CREDENTIALS',
    (size) => emailOfLength(size) === null,
  ),
  // The member's e-mail with a password no member can have: 401 INVALID_CREDENTIALS. Each
  // counts towards the member's lock-out (ten in a row), as do changePassword's.
  'signIn body.password': refusedAs(
    inBody('signIn', ['minLength', 'maxLength'], chars('p'), (v) => ({ password: v })),
    401,
    'INVALID_CREDENTIALS',
    noPasswordOf,
  ),

  // Only the session's own CSRF token (43 characters) lets a change through: any other is
  // 403 CSRF_TOKEN_INVALID, and the shared session goes on.
  'signOut header.x-csrf-token': refusedAs(csrfToken('signOut'), 403, 'CSRF_TOKEN_INVALID'),
  'changePassword header.x-csrf-token': refusedAs(csrfToken('changePassword'), 403, 'CSRF_TOKEN_INVALID'),
  'changePassword body.current_password': refusedAs(
    inBody('changePassword', ['minLength', 'maxLength'], chars('p'), (v) => ({ current_password: v })),
    401,
    'INVALID_CREDENTIALS',
    noPasswordOf,
  ),
  'changePassword body.new_password': refusedAs(
    inBody('changePassword', ['minLength', 'maxLength'], chars('p'), (v) => ({ new_password: v })),
    422,
    'WEAK_PASSWORD',
    noPasswordOf,
  ),
  'revokeSession header.x-csrf-token': refusedAs(csrfToken('revokeSession'), 403, 'CSRF_TOKEN_INVALID'),

  // Link tokens are 53 characters: `t…t` is none, 401 INVITATION_INVALID.
  'acceptInvitation body.token': refusedAs(
    inBody('acceptInvitation', ['minLength', 'maxLength'], chars('t'), (v) => ({ token: v })),
    401,
    'INVITATION_INVALID',
  ),
  'acceptInvitation body.password': refusedAs(
    inBody('acceptInvitation', ['minLength', 'maxLength'], chars('p'), (v) => ({ password: v })),
    422,
    'WEAK_PASSWORD',
    noPasswordOf,
  ),
  'acceptInvitation body.email': inBody('acceptInvitation', ['minLength', 'maxLength'], email, (v) => ({ email: v })),
  'acceptInvitation body.display_name': inBody('acceptInvitation', ['minLength', 'maxLength'], chars('n'), (v) => ({ display_name: v })),

  'inviteMember header.idempotency-key': idempotencyKey('inviteMember'),
  'inviteMember header.x-csrf-token': csrfToken('inviteMember'),
  'inviteMember body.email': inBody('inviteMember', ['minLength', 'maxLength'], email, (v) => ({ email: v })),
  'inviteMember body.display_name': inBody('inviteMember', ['minLength', 'maxLength'], chars('n'), (v) => ({ display_name: v })),
  'inviteMember body.scopes': inBody('inviteMember', ['maxItems'], async (size, w) => w.scopes(await w.keys(), size), (v) => ({ scopes: v })),
  'updateMember header.x-csrf-token': csrfToken('updateMember', { display_name: 'Renamed' }),
  'updateMember body': wholeBody('updateMember', { display_name: 'Renamed', scopes: [] }),
  'updateMember body.display_name': inBody('updateMember', ['minLength', 'maxLength'], chars('n'), (v) => ({ display_name: v })),
  'updateMember body.scopes': inBody('updateMember', ['maxItems'], async (size, w) => w.scopes(await w.keys(), size), (v) => ({ scopes: v })),
  'deleteMember header.x-csrf-token': csrfToken('deleteMember'),
  'reissueInvitation header.idempotency-key': idempotencyKey('reissueInvitation'),
  'reissueInvitation header.x-csrf-token': csrfToken('reissueInvitation'),
  'unlockMember header.idempotency-key': idempotencyKey('unlockMember'),
  'unlockMember header.x-csrf-token': csrfToken('unlockMember'),
  'revokeMemberSessions header.x-csrf-token': csrfToken('revokeMemberSessions'),
};
