/**
 * keyplane_member without terraform: plan-time validation at each attribute, the plans the
 * framework and the resource's modifyPlan make together (the default of `suspended`, what an
 * invited member cannot be, what a change leaves to the apply, the e-mail compared ignoring
 * case and replacing the member otherwise), and the mapping from the service's member.
 */
import { describe, expect, it } from 'vitest';
import type { components } from '../../../src/api/schema.js';
import { planResourceChange, SchemaCodec, Unknown, valuesEqual, type CtyValue, type PlanInput } from '../../../src/provider/framework/index.js';
import { memberResource, memberToState, memberUpdateBody } from '../../../src/provider/resources/member-resource.js';
import { memberSchema, type MemberState } from '../../../src/provider/resources/member-schema.js';
import { validateMemberConfig } from '../../../src/provider/resources/member-validation.js';

type Obj = Record<string, CtyValue>;
const codec = new SchemaCodec(memberSchema);
const object = (values: Obj): Obj => codec.complete(values);

const problems = (values: Obj) =>
  validateMemberConfig(object({ email: 'ada@example.com', scopes: ['keys:read'], ...values }) as never).map((d) => ({ summary: d.summary, path: d.path, detail: d.detail }));

describe('validateMemberConfig', () => {
  it('accepts a valid member, with scopes that only the service can check', () => {
    expect(problems({ display_name: 'Ada Lovelace', scopes: ['keys:read', 'admin', 'my-own-scope'], suspended: true })).toEqual([]);
  });

  const cases: { name: string; values: Obj; summary: string; attribute: string; detail: RegExp }[] = [
    { name: 'an e-mail without @', values: { email: 'ada.example.com' }, summary: 'Invalid email', attribute: 'email', detail: /^"ada\.example\.com" is not an e-mail address; write it like "ada@example\.com"\.$/ },
    { name: 'an e-mail without a domain', values: { email: 'ada@localhost' }, summary: 'Invalid email', attribute: 'email', detail: /is not an e-mail address/ },
    { name: 'an empty display name', values: { display_name: '' }, summary: 'Invalid display_name', attribute: 'display_name', detail: /^Display name must not be empty; leave it out for none\.$/ },
    { name: 'a display name on two lines', values: { display_name: 'Ada\nLovelace' }, summary: 'Invalid display_name', attribute: 'display_name', detail: /line break/ },
    { name: 'a malformed scope', values: { scopes: ['keys:read', 'keys read'] }, summary: 'Invalid scope', attribute: 'scopes', detail: /^"keys read" is not a scope name/ },
    { name: 'too many scopes', values: { scopes: Array.from({ length: 101 }, (_, i) => `s${i}`) }, summary: 'Too many scopes', attribute: 'scopes', detail: /at most 100 scopes, got 101/ },
  ];
  for (const c of cases) {
    it(`reports ${c.name} at ${c.attribute}`, () => {
      expect(problems(c.values)).toEqual([{ summary: c.summary, path: [{ attribute: c.attribute }], detail: expect.stringMatching(c.detail) }]);
    });
  }

  it('skips unknown values', () => {
    expect(problems({ email: Unknown, display_name: Unknown, scopes: Unknown })).toEqual([]);
    expect(problems({ scopes: [Unknown, 'no good'] })).toEqual([
      { summary: 'Invalid scope', path: [{ attribute: 'scopes' }], detail: expect.stringMatching(/"no good" is not a scope name/) },
    ]);
  });
});

const activeState = object({
  id: 'mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K',
  email: 'ada@example.com',
  display_name: 'Ada',
  scopes: ['audit:read', 'keys:read'],
  suspended: false,
  status: 'active',
  created_at: '2026-01-01T00:00:00.000Z',
  invitation_url: 'http://127.0.0.1:8080/console/#/accept-invitation?token=kp_invite_x',
  invitation_token: 'kp_invite_x',
  invitation_expires_at: null,
});
const invitedState = { ...activeState, status: 'invited', invitation_expires_at: '2026-01-08T00:00:00.000Z' };

/** The proposed new state as Terraform builds it: config, with prior values for unset computed attributes. */
function proposed(config: Obj, before: Obj | null): Obj {
  const out = { ...config };
  for (const [name, attr] of Object.entries(memberSchema.attributes)) {
    if ('computed' in attr && attr.computed && config[name] === null) out[name] = before?.[name] ?? null;
  }
  return out;
}

async function plan(values: Obj, before: Obj | null) {
  const config = object({ email: 'ada@example.com', display_name: 'Ada', scopes: ['audit:read', 'keys:read'], ...values });
  const input: PlanInput = { prior: before, config, proposed: proposed(config, before) };
  return planResourceChange(memberResource as never, codec as SchemaCodec, input);
}

describe('planning keyplane_member', () => {
  it('on create: suspended defaults to false, everything computed (the link too) is known after apply', async () => {
    const { planned, diagnostics } = await plan({}, null);
    expect(diagnostics).toEqual([]);
    expect(planned).toEqual({
      ...object({ email: 'ada@example.com', display_name: 'Ada', scopes: ['audit:read', 'keys:read'] }),
      suspended: false,
      id: Unknown,
      status: Unknown,
      created_at: Unknown,
      invitation_url: Unknown,
      invitation_token: Unknown,
      invitation_expires_at: Unknown,
    });
  });

  it('refuses to create a suspended member, at suspended', async () => {
    const { diagnostics } = await plan({ suspended: true }, null);
    expect(diagnostics).toEqual([expect.objectContaining({ summary: 'Invited member cannot be suspended', path: [{ attribute: 'suspended' }] })]);
  });

  it('plans no change for the same configuration, scopes in another order, or the e-mail in other letter case', async () => {
    for (const values of [{}, { scopes: ['keys:read', 'audit:read'] }, { email: 'Ada@Example.COM' }] as Obj[]) {
      const result = await plan(values, activeState);
      expect(result.diagnostics).toEqual([]);
      expect(result.requiresReplace).toEqual([]);
      // Sets compare without order, as Terraform compares them.
      expect(valuesEqual(codec.type, result.planned!, activeState), JSON.stringify(result.planned)).toBe(true);
    }
  });

  it('changes scopes and the name in place, keeping every computed value', async () => {
    const result = await plan({ display_name: 'Ada Lovelace', scopes: ['keys:read'] }, activeState);
    expect(result.requiresReplace).toEqual([]);
    expect(result.planned).toEqual({ ...activeState, display_name: 'Ada Lovelace', scopes: ['keys:read'] });
  });

  it('suspending or re-activating leaves the status to the apply', async () => {
    expect((await plan({ suspended: true }, activeState)).planned).toEqual({ ...activeState, suspended: true, status: Unknown });
    const suspended = { ...activeState, suspended: true, status: 'suspended' };
    // suspended left out means false: a suspension made outside Terraform is undone.
    expect((await plan({}, suspended)).planned).toEqual({ ...activeState, status: Unknown });
  });

  it('an invited member: cannot be suspended; an update leaves status and link expiry to the apply, as they may accept meanwhile', async () => {
    const refused = await plan({ suspended: true }, invitedState);
    expect(refused.diagnostics).toEqual([expect.objectContaining({ summary: 'Invited member cannot be suspended', path: [{ attribute: 'suspended' }] })]);
    expect((await plan({}, invitedState)).planned).toEqual(invitedState);
    expect((await plan({ scopes: ['keys:read'] }, invitedState)).planned).toEqual({ ...invitedState, scopes: ['keys:read'], status: Unknown, invitation_expires_at: Unknown });
  });

  it('a new e-mail replaces the member', async () => {
    const result = await plan({ email: 'ada.lovelace@example.com' }, activeState);
    expect(result.requiresReplace).toEqual([[{ attribute: 'email' }]]);
  });
});

describe('mapping', () => {
  const member: components['schemas']['Member'] = {
    id: 'mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K',
    organization_id: 'org_01JD3Q6Z8M4Y2W7V5T1R9P0N3K',
    email: 'ada@example.com',
    display_name: null,
    scopes: ['keys:read'],
    status: 'suspended',
    locked: false,
    locked_at: null,
    invitation_expires_at: null,
    created_at: '2026-01-01T00:00:00.000Z',
    created_by: { type: 'key', id: 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K', display: 'admin (nm_…abcd)' },
    updated_at: '2026-01-02T00:00:00.000Z',
    last_sign_in_at: null,
  };

  it('state from the service, with the link carried', () => {
    expect(memberToState(member, { invitation_url: null, invitation_token: null })).toEqual({
      id: member.id,
      email: 'ada@example.com',
      display_name: null,
      scopes: ['keys:read'],
      suspended: true,
      status: 'suspended',
      created_at: member.created_at,
      invitation_expires_at: null,
      invitation_url: null,
      invitation_token: null,
    });
  });

  it('the update body holds only what changed, suspended as status', () => {
    const prior = activeState as MemberState;
    expect(memberUpdateBody(prior, { ...prior })).toBeNull();
    expect(memberUpdateBody(prior, { ...prior, scopes: ['keys:read', 'audit:read'] })).toBeNull();
    expect(memberUpdateBody(prior, { ...prior, display_name: null, scopes: ['keys:read'], suspended: true })).toEqual({
      display_name: null,
      scopes: ['keys:read'],
      status: 'suspended',
    });
    expect(memberUpdateBody({ ...prior, suspended: true }, prior)).toEqual({ status: 'active' });
  });
});
