/**
 * keyplane_organization without terraform: plan-time validation at each attribute (src/core's
 * slug, policy and rate-limit rules), the policy blocks read back worded as written, the
 * requests made from a plan, the operator-key check, and the plans the framework and
 * modifyPlan make together (computed values kept, a new slug replacing with a warning).
 */
import { describe, expect, it } from 'vitest';
import type { components } from '../../../src/api/schema.js';
import { planResourceChange, SchemaCodec, Unknown, type CtyValue, type PlanInput } from '../../../src/provider/framework/index.js';
import { DEFAULT_KEY_POLICY as SERVICE_KEY_POLICY, DEFAULT_SESSION_POLICY as SERVICE_SESSION_POLICY } from '../../../src/server/organizations/organization-rules.js';
import {
  DEFAULT_KEY_POLICY,
  DEFAULT_SESSION_POLICY,
  keyPolicyBlockOf,
  keyPolicyInput,
  sameKeyPolicy,
  sessionPolicyBlockOf,
  type KeyPolicyBlock,
} from '../../../src/provider/resources/organization-policies.js';
import { organizationCreateBody, organizationResource, organizationToState, organizationUpdateBody } from '../../../src/provider/resources/organization-resource.js';
import { organizationSchema, type OrganizationState } from '../../../src/provider/resources/organization-schema.js';
import { operatorKeyProblem, validateOrganizationConfig } from '../../../src/provider/resources/organization-validation.js';

type Obj = Record<string, CtyValue>;
const codec = new SchemaCodec(organizationSchema);
const object = (values: Obj): Obj => codec.complete(values);
const emptyKeyPolicy: KeyPolicyBlock = { default_ttl_seconds: null, default_never_expires: null, max_ttl_seconds: null, issuer_prefix: null, tag_style: null, environment_tag: null };

const problems = (values: Obj) =>
  validateOrganizationConfig(object({ slug: 'acme', name: 'Acme', ...values }) as never).map((d) => ({ summary: d.summary, path: d.path, detail: d.detail }));

describe('validateOrganizationConfig', () => {
  it('accepts a valid organization, with unknown values left for later', () => {
    expect(problems({ plan: 'enterprise', rate_limit_per_minute: 20000, key_policy: { ...emptyKeyPolicy, tag_style: 'environment', environment_tag: 'live' } })).toEqual([]);
    expect(problems({ slug: Unknown, name: Unknown, plan: Unknown, rate_limit_per_minute: Unknown, key_policy: Unknown })).toEqual([]);
    expect(problems({ key_policy: { ...emptyKeyPolicy, default_ttl_seconds: Unknown, max_ttl_seconds: 60 } })).toEqual([]);
  });

  const at = (...steps: string[]) => steps.map((attribute) => ({ attribute }));
  const cases: { name: string; values: Obj; summary: string; path: { attribute: string }[]; detail: RegExp }[] = [
    { name: 'a slug with capitals and a space', values: { slug: 'Acme Corp' }, summary: 'Invalid slug', path: at('slug'), detail: /^"Acme Corp" is not a valid slug: use 1 to 32 lower-case letters or digits/ },
    { name: 'a slug too long', values: { slug: 'a'.repeat(33) }, summary: 'Invalid slug', path: at('slug'), detail: /is not a valid slug/ },
    { name: 'an empty name', values: { name: ' ' }, summary: 'Invalid name', path: at('name'), detail: /must not be empty/ },
    { name: 'a name on two lines', values: { name: 'Acme\nCorp' }, summary: 'Invalid name', path: at('name'), detail: /line break/ },
    { name: 'a plan that does not exist', values: { plan: 'gold' }, summary: 'Invalid plan', path: at('plan'), detail: /^"gold" is not a plan; use one of "free", "team", "business", "enterprise"\.$/ },
    { name: 'enterprise without a rate limit', values: { plan: 'enterprise' }, summary: 'Invalid rate_limit_per_minute', path: at('rate_limit_per_minute'), detail: /required for the enterprise plan/ },
    { name: 'a rate limit out of range', values: { rate_limit_per_minute: 0 }, summary: 'Invalid rate_limit_per_minute', path: at('rate_limit_per_minute'), detail: /from 1 to 1000000, got 0/ },
    {
      name: 'a default lifetime above the maximum',
      values: { key_policy: { ...emptyKeyPolicy, default_ttl_seconds: 7776000, max_ttl_seconds: 86400 } },
      summary: 'Invalid key policy',
      path: at('key_policy', 'default_ttl_seconds'),
      detail: /longer than max_ttl_seconds/,
    },
    {
      name: 'a maximum left with the default of 90 days above it',
      values: { key_policy: { ...emptyKeyPolicy, max_ttl_seconds: 86400 } },
      summary: 'Invalid key policy',
      path: at('key_policy', 'default_ttl_seconds'),
      detail: /\(90 days\) is longer than max_ttl_seconds \(1 day\)/,
    },
    {
      name: 'never expiring by default under a maximum',
      values: { key_policy: { ...emptyKeyPolicy, default_never_expires: true, max_ttl_seconds: 86400 } },
      summary: 'Invalid key policy',
      path: at('key_policy', 'default_never_expires'),
      detail: /cannot be null \(never\) while max_ttl_seconds limits keys/,
    },
    {
      name: 'a lifetime and never expiring together',
      values: { key_policy: { ...emptyKeyPolicy, default_never_expires: true, default_ttl_seconds: 3600 } },
      summary: 'Conflicting key policy',
      path: at('key_policy', 'default_ttl_seconds'),
      detail: /leave default_ttl_seconds out/,
    },
    { name: 'a bad issuer prefix', values: { key_policy: { ...emptyKeyPolicy, issuer_prefix: 'N' } }, summary: 'Invalid key policy', path: at('key_policy', 'issuer_prefix'), detail: /not a valid issuer prefix/ },
    { name: 'an unknown tag style', values: { key_policy: { ...emptyKeyPolicy, tag_style: 'team' } }, summary: 'Invalid key policy', path: at('key_policy', 'tag_style'), detail: /"organization" or "environment"/ },
    {
      name: 'the environment style without a tag',
      values: { key_policy: { ...emptyKeyPolicy, tag_style: 'environment' } },
      summary: 'Invalid key policy',
      path: at('key_policy', 'environment_tag'),
      detail: /environment_tag is required/,
    },
    {
      name: 'an idle timeout out of range',
      values: { session_policy: { idle_timeout_seconds: 60, absolute_timeout_seconds: null } },
      summary: 'Invalid session policy',
      path: at('session_policy', 'idle_timeout_seconds'),
      detail: /from 300 to 86400, got 60/,
    },
    {
      name: 'an idle timeout above the default absolute one',
      values: { session_policy: { idle_timeout_seconds: 86400, absolute_timeout_seconds: null } },
      summary: 'Invalid session policy',
      path: at('session_policy', 'idle_timeout_seconds'),
      detail: /idle timeout \(86400 s\) may not be longer than the absolute timeout \(43200 s\)/,
    },
  ];
  for (const c of cases) {
    it(`reports ${c.name} at ${c.path.map((p) => p.attribute).join('.')}`, () => {
      expect(problems(c.values)).toEqual([{ summary: c.summary, path: c.path, detail: expect.stringMatching(c.detail) }]);
    });
  }
});

describe('policy blocks', () => {
  it("take a new organization's values where left out, as the service does", () => {
    expect(DEFAULT_KEY_POLICY).toEqual(SERVICE_KEY_POLICY);
    expect(DEFAULT_SESSION_POLICY).toEqual(SERVICE_SESSION_POLICY);
    expect(keyPolicyInput(emptyKeyPolicy)).toEqual({ default_ttl_seconds: 7776000, max_ttl_seconds: null, issuer_prefix: 'nm', tag_style: 'organization', environment_tag: null });
    expect(keyPolicyInput({ ...emptyKeyPolicy, default_never_expires: true })).toMatchObject({ default_ttl_seconds: null });
    expect(sameKeyPolicy(emptyKeyPolicy, { ...emptyKeyPolicy, issuer_prefix: 'nm', default_ttl_seconds: 7776000, default_never_expires: false })).toBe(true);
    expect(sameKeyPolicy(emptyKeyPolicy, { ...emptyKeyPolicy, max_ttl_seconds: 7776000 })).toBe(false);
  });

  const service: components['schemas']['KeyPolicy'] = { default_ttl_seconds: 7776000, max_ttl_seconds: 31536000, issuer_prefix: 'nm', tag_style: 'organization', environment_tag: null };

  it('read back worded as the plan or state words them, so that an equal policy shows no change', () => {
    const written = { ...emptyKeyPolicy, max_ttl_seconds: 31536000 };
    expect(keyPolicyBlockOf(service, written)).toEqual(written);
    const explicit = { ...emptyKeyPolicy, default_ttl_seconds: 7776000, max_ttl_seconds: 31536000, issuer_prefix: 'nm', tag_style: 'organization', default_never_expires: false };
    expect(keyPolicyBlockOf(service, explicit)).toEqual(explicit);
    // On import, only what differs from a new organization's policy:
    expect(keyPolicyBlockOf(service, null)).toEqual(written);
    expect(keyPolicyBlockOf({ ...service, default_ttl_seconds: null, max_ttl_seconds: null }, null)).toEqual({ ...emptyKeyPolicy, default_never_expires: true });
    expect(sessionPolicyBlockOf({ idle_timeout_seconds: 1800, absolute_timeout_seconds: 3600 }, null)).toEqual({ idle_timeout_seconds: null, absolute_timeout_seconds: 3600 });
  });

  it('read back with the values that differ from what was written, so that drift shows', () => {
    expect(keyPolicyBlockOf({ ...service, issuer_prefix: 'kp', default_ttl_seconds: 3600 }, { ...emptyKeyPolicy, max_ttl_seconds: 31536000 })).toEqual({
      ...emptyKeyPolicy,
      default_ttl_seconds: 3600,
      max_ttl_seconds: 31536000,
      issuer_prefix: 'kp',
    });
  });
});

const organization: components['schemas']['Organization'] = {
  id: 'org_01JD3Q4C2B7N9M5K3H1G8F6D4S',
  slug: 'acme',
  name: 'Acme',
  plan: 'team',
  rate_limit_per_minute: null,
  effective_rate_limit_per_minute: 500,
  is_operator: false,
  key_policy: { default_ttl_seconds: 86400, max_ttl_seconds: null, issuer_prefix: 'nm', tag_style: 'organization', environment_tag: null },
  session_policy: { idle_timeout_seconds: 1800, absolute_timeout_seconds: 43200 },
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};
const carried = { admin_key_id: 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K', admin_key_secret: 'nm_acme_x', owner_invitation_url: 'http://x/#token', owner_invitation_expires_at: '2026-01-08T00:00:00.000Z' };
const prior = organizationToState(organization, carried, { key_policy: { ...emptyKeyPolicy, default_ttl_seconds: 86400 }, session_policy: null });

describe('requests', () => {
  it('create sends what is configured, whole policies for the blocks given', () => {
    expect(organizationCreateBody({ ...prior, plan: null, session_policy: null } as OrganizationState)).toEqual({
      slug: 'acme',
      name: 'Acme',
      key_policy: { default_ttl_seconds: 86400, max_ttl_seconds: null, issuer_prefix: 'nm', tag_style: 'organization', environment_tag: null },
    });
  });

  it('update sends only what changed in meaning; a removed block changes nothing', () => {
    expect(organizationUpdateBody(prior, prior)).toBeNull();
    expect(organizationUpdateBody(prior, { ...prior, key_policy: { ...emptyKeyPolicy, default_ttl_seconds: 86400, issuer_prefix: 'nm' } } as OrganizationState)).toBeNull();
    expect(organizationUpdateBody(prior, { ...prior, key_policy: null } as OrganizationState)).toBeNull();
    expect(organizationUpdateBody(prior, { ...prior, name: 'Acme Inc', plan: 'business', rate_limit_per_minute: 900 })).toEqual({ name: 'Acme Inc', plan: 'business', rate_limit_per_minute: 900 });
    expect(organizationUpdateBody(prior, { ...prior, session_policy: { idle_timeout_seconds: 600, absolute_timeout_seconds: null } } as OrganizationState)).toEqual({
      session_policy: { idle_timeout_seconds: 600, absolute_timeout_seconds: 43200 },
    });
  });
});

describe('operatorKeyProblem', () => {
  const me = (isOperator: boolean, scopes: string[]) => ({ organization: { ...organization, slug: isOperator ? 'operator' : 'acme', is_operator: isOperator }, effective_scopes: scopes, key: { id: 'key_X', hint: 'nm_acme_…abcd' } as never });
  it('accepts an operator key, and names what is missing otherwise', () => {
    expect(operatorKeyProblem(me(true, ['admin', 'operator']))).toBeNull();
    expect(operatorKeyProblem(me(false, ['admin']))?.detail).toMatch(/key_X \(nm_acme_…abcd\) belongs to the organization "acme", not to the operator organization/);
    expect(operatorKeyProblem(me(true, ['admin']))?.detail).toMatch(/belongs to the operator organization but does not hold the scope "operator"/);
  });
});

describe('planning keyplane_organization', () => {
  const proposed = (config: Obj, before: Obj | null): Obj => {
    const out = { ...config };
    for (const [name, attr] of Object.entries(organizationSchema.attributes)) if (attr.computed && config[name] === null) out[name] = before?.[name] ?? null;
    return out;
  };
  const plan = (values: Obj, before: Obj | null) => {
    const config = object({ slug: 'acme', name: 'Acme', key_policy: { ...emptyKeyPolicy, default_ttl_seconds: 86400 }, ...values });
    const input: PlanInput = { prior: before, config, proposed: proposed(config, before) };
    return planResourceChange(organizationResource as never, codec as SchemaCodec, input);
  };

  it('plans no change for the same configuration', async () => {
    const result = await plan({}, prior as Obj);
    expect(result.diagnostics).toEqual([]);
    expect(result.planned).toEqual(prior);
  });

  it('a new name keeps the plan and the effective limit; a new plan leaves the limit to the apply', async () => {
    expect((await plan({ name: 'Acme Inc' }, prior as Obj)).planned).toEqual({ ...prior, name: 'Acme Inc', updated_at: Unknown });
    expect((await plan({ plan: 'business' }, prior as Obj)).planned).toEqual({ ...prior, plan: 'business', effective_rate_limit_per_minute: Unknown, updated_at: Unknown });
  });

  it('checks the enterprise rate limit against the plan the organization keeps', async () => {
    const enterprise = { ...prior, plan: 'enterprise', rate_limit_per_minute: 5000 } as Obj;
    const result = await plan({ rate_limit_per_minute: null }, enterprise);
    expect(result.diagnostics).toEqual([expect.objectContaining({ summary: 'Invalid rate_limit_per_minute', path: [{ attribute: 'rate_limit_per_minute' }] })]);
  });

  it('a new slug replaces the organization, with a warning that the old one stays', async () => {
    const result = await plan({ slug: 'acmeinc' }, prior as Obj);
    expect(result.requiresReplace).toEqual([[{ attribute: 'slug' }]]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', summary: 'A new slug makes a new organization', path: [{ attribute: 'slug' }], detail: expect.stringMatching(/org_01JD3Q4C2B7N9M5K3H1G8F6D4S \("acme"\) stays in the service/) }),
    ]);
  });
});
