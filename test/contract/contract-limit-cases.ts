/**
 * How to prove each request limit of openapi.yaml, keyed by `<operationId> <field>` (see
 * test/helpers/contract-limits.ts for the field form). A case names the limits of its field
 * it covers, builds a value of a given size, and builds the whole request around it; the
 * numbers themselves always come from the contract. contract-limits.test.ts fails for a
 * limit of the contract without a case here, and for a case whose limit the contract lost.
 */
import { MIN_POLICY_TTL_SECONDS } from '../../src/core/key-policy.js';
import type { LimitKeyword } from '../helpers/contract-limits.js';
import { addressOfLength, cidrOfLength } from '../helpers/limit-values.js';
import type { LimitRequest, LimitWorld } from './limit-world.js';

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
}

type Base = (world: LimitWorld) => Promise<LimitRequest>;

/** The smallest valid request of each operation that has limits. */
const BASE: Record<string, Base> = {
  createKey: async (w) => ({ method: 'POST', path: '/v1/keys', key: (await w.keys()).admin, body: { name: w.unique('key') } }),
  updateKey: async (w) => {
    const tenant = await w.keys();
    return { method: 'PATCH', path: `/v1/keys/${await w.newKey(tenant)}`, key: tenant.admin, body: {} };
  },
  // A real key, so that the verdict is about the fields: VALID or INSUFFICIENT_SCOPE.
  verifyKey: async (w) => {
    const tenant = await w.keys();
    return { method: 'POST', path: '/v1/keys/verify', key: tenant.admin, body: { key: tenant.admin } };
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
  createOrganization: async (w) => ({
    method: 'POST',
    path: '/v1/organizations',
    key: w.operator,
    body: { slug: w.unique('org'), name: 'Limits' },
  }),
  // A fresh organization each time: its name, limit and policy are org-wide state.
  updateOrganization: async (w) => ({ method: 'PATCH', path: `/v1/organizations/${(await w.organization()).id}`, key: w.operator, body: {} }),
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

function idempotencyKey(operation: string): LimitCase {
  return {
    limits: ['minLength', 'maxLength'],
    value: (size, w) => w.tokens.next(size),
    async request(w, v) {
      return { ...(await BASE[operation]!(w)), headers: { 'Idempotency-Key': String(v) } };
    },
  };
}

/** A query parameter of a list, called with `key`. */
function inQuery(path: string, name: string, limits: LimitKeyword[], value: LimitCase['value'], key: (w: LimitWorld) => Promise<string>): LimitCase {
  return { limits, value, request: async (w, v) => ({ method: 'GET', path: `${path}?${name}=${encodeURIComponent(String(v))}`, key: await key(w) }) };
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

/** One case per limited field of the contract's requests, keyed `<operationId> <field>`. */
export const LIMIT_CASES: Record<string, LimitCase> = {
  'listKeys query.name': inQuery('/v1/keys', 'name', ['minLength', 'maxLength'], chars('n'), keysAdmin),
  'listKeys query.limit': inQuery('/v1/keys', 'limit', ['minimum', 'maximum'], number, keysAdmin),
  'listKeys query.cursor': cursor('/v1/keys', keysAdmin),
  'listAuditEvents query.target_id': inQuery('/v1/audit-events', 'target_id', ['minLength', 'maxLength'], chars('t'), keysAdmin),
  'listAuditEvents query.limit': inQuery('/v1/audit-events', 'limit', ['minimum', 'maximum'], number, keysAdmin),
  'listAuditEvents query.cursor': cursor('/v1/audit-events', keysAdmin),
  'listOrganizations query.limit': inQuery('/v1/organizations', 'limit', ['minimum', 'maximum'], number, operator),
  'listOrganizations query.cursor': cursor('/v1/organizations', operator),

  'createKey header.idempotency-key': idempotencyKey('createKey'),
  ...keyFields('createKey'),
  'updateKey body': wholeBody('updateKey', { name: 'renamed', description: 'changed' }),
  ...keyFields('updateKey'),

  // A key of any other form is MALFORMED: 200 with valid:false, which is accepted.
  'verifyKey body.key': inBody('verifyKey', ['minLength', 'maxLength'], chars('k'), (v) => ({ key: v })),
  'verifyKey body.required_scopes': inBody(
    'verifyKey',
    ['maxItems'],
    (size) => Array.from({ length: size }, (_, i) => `needed-${i}`),
    (v) => ({ required_scopes: v }),
  ),
  'verifyKey body.ip': inBody('verifyKey', ['minLength', 'maxLength'], (size) => addressOfLength(size) ?? 'x'.repeat(size), (v) => ({ ip: v })),

  'revokeKey header.idempotency-key': idempotencyKey('revokeKey'),
  'revokeKey body.reason': inBody('revokeKey', ['maxLength'], chars('r'), (v) => ({ reason: v })),
  'rotateKey header.idempotency-key': idempotencyKey('rotateKey'),
  'rotateKey body.grace_period': inBody('rotateKey', ['minimum', 'maximum'], number, (v) => ({ grace_period: v })),

  'createScope header.idempotency-key': idempotencyKey('createScope'),
  'createScope body.description': inBody('createScope', ['maxLength'], chars('d'), (v) => ({ description: v })),
  'createScope body.includes': inBody('createScope', ['maxItems'], async (size, w) => w.scopes(await w.catalog(), size), (v) => ({ includes: v })),
  'updateScope body': wholeBody('updateScope', { description: 'changed', includes: [] }),
  'updateScope body.description': inBody('updateScope', ['maxLength'], chars('d'), (v) => ({ description: v })),
  'updateScope body.includes': inBody('updateScope', ['maxItems'], async (size, w) => w.scopes(await w.catalog(), size), (v) => ({ includes: v })),

  'createOrganization header.idempotency-key': idempotencyKey('createOrganization'),
  'createOrganization body.name': inBody('createOrganization', ['minLength', 'maxLength'], chars('n'), (v) => ({ name: v })),
  'createOrganization body.rate_limit_per_minute': inBody('createOrganization', ['minimum', 'maximum'], number, (v) => ({ rate_limit_per_minute: v })),
  ...policyFields('createOrganization'),
  'updateOrganization body': wholeBody('updateOrganization', { name: 'Renamed', plan: 'team' }),
  'updateOrganization body.name': inBody('updateOrganization', ['minLength', 'maxLength'], chars('n'), (v) => ({ name: v })),
  'updateOrganization body.rate_limit_per_minute': inBody('updateOrganization', ['minimum', 'maximum'], number, (v) => ({ rate_limit_per_minute: v })),
  ...policyFields('updateOrganization'),
};
