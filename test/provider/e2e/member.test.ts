/**
 * `keyplane_member` with the real terraform and the real service: create (the invitation link
 * sensitive in the plan, kept in state, and the real one: the person accepts with it), an
 * empty second plan, scopes and name changed in place, a new e-mail planned as a replacement
 * (other letter case: no change), suspend and back, removal outside Terraform (a warning and a
 * planned invitation), import by id (no link), plan-time validation at the attribute's line,
 * destroy, and the documented example. Steps run in order and share one service.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/client/index.js';
import { startKeyplaneTerraform, stateOf, type KeyplaneTerraform } from './keyplane-terraform.js';

const repoRoot = join(import.meta.dirname, '../../..');
let kt: KeyplaneTerraform;
let dir: string;

beforeAll(async () => {
  kt = await startKeyplaneTerraform('member');
  dir = kt.workspace('main', '');
});
afterAll(async () => kt?.close());

/** The main workspace: Ada, with `extra` lines inside her block. */
function config(extra = '', email = 'ada@example.com', scopes = '["keys:read", "audit:read"]'): string {
  return `
resource "keyplane_member" "ada" {
  email        = "${email}"
  display_name = "Ada Lovelace"
  scopes       = ${scopes}
${extra}
}
`;
}

const api = () => kt.service.client().api;
async function serviceMember(id: string) {
  return unwrap(await api().GET('/v1/members/{member_id}', { params: { path: { member_id: id } } }));
}

async function plan(expectedCode: number, workspace = dir) {
  const result = await kt.terraform(workspace, 'plan', '-detailed-exitcode');
  expect(result.code, result.stdout + result.stderr).toBe(expectedCode);
  return result;
}

async function apply(expected: RegExp, workspace = dir) {
  const result = await kt.terraform(workspace, 'apply', '-auto-approve');
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toMatch(expected);
  return result;
}

let memberId: string;
let token: string;

describe('keyplane_member', () => {
  it('invites the member; the link is sensitive in the plan and kept in state', async () => {
    kt.write(dir, config());
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const planned = await plan(2);
    expect(planned.stdout).toMatch(/\+ invitation_url\s+= \(sensitive value\)/);
    expect(planned.stdout).toMatch(/\+ invitation_token\s+= \(sensitive value\)/);
    expect(planned.stdout).toMatch(/\+ suspended\s+= false/);
    expect(planned.stdout).toMatch(/\+ status\s+= \(known after apply\)/);

    const applied = await apply(/Apply complete! Resources: 1 added, 0 changed, 0 destroyed/);
    const state = await stateOf(kt, dir, 'keyplane_member.ada');
    memberId = state.id as string;
    token = state.invitation_token as string;
    expect(state).toMatchObject({
      email: 'ada@example.com',
      display_name: 'Ada Lovelace',
      suspended: false,
      status: 'invited',
      invitation_url: expect.stringMatching(/\/console\/#\/accept-invitation\?token=kp_invite_\w+$/),
      invitation_token: expect.stringMatching(/^kp_invite_\w+$/),
      invitation_expires_at: expect.any(String),
      created_at: expect.any(String),
    });
    expect(state.invitation_url).toContain(token);
    expect([...(state.scopes as string[])].sort()).toEqual(['audit:read', 'keys:read']);
    // Sensitive: never printed.
    expect(applied.stdout + applied.stderr).not.toContain(token);

    const stored = await serviceMember(memberId);
    expect(stored).toMatchObject({ email: 'ada@example.com', display_name: 'Ada Lovelace', status: 'invited', scopes: ['audit:read', 'keys:read'] });
    expect(stored.invitation_expires_at).toBe(state.invitation_expires_at);
    await plan(0);
  });

  it('changes scopes and display name in place, keeping the link', async () => {
    kt.write(dir, config('', 'ada@example.com', '["keys:read"]').replace('Ada Lovelace', 'Ada King'));
    const planned = await plan(2);
    expect(planned.stdout).toMatch(/~ update in-place/);
    expect(planned.stdout).toMatch(/~ display_name\s+= "Ada Lovelace" -> "Ada King"/);
    expect(planned.stdout).toMatch(/- "audit:read",/);
    expect(planned.stdout).not.toMatch(/forces replacement/);
    await apply(/Resources: 0 added, 1 changed, 0 destroyed/);
    expect(await serviceMember(memberId)).toMatchObject({ display_name: 'Ada King', scopes: ['keys:read'], status: 'invited' });
    expect((await stateOf(kt, dir, 'keyplane_member.ada')).invitation_token).toBe(token);
    await plan(0);
  });

  it('plans no change for the e-mail in other letter case, and a replacement for a new e-mail', async () => {
    kt.write(dir, config('', 'Ada@Example.com', '["keys:read"]').replace('Ada Lovelace', 'Ada King'));
    await plan(0);
    kt.write(dir, config('', 'ada.king@example.com', '["keys:read"]').replace('Ada Lovelace', 'Ada King'));
    const planned = await plan(2);
    expect(planned.stdout).toMatch(/~ email\s+= "ada@example\.com" -> "ada\.king@example\.com" # forces replacement/);
    expect(planned.stdout).toMatch(/Plan: 1 to add, 0 to change, 1 to destroy/);
  });

  const base = () => config('', 'ada@example.com', '["keys:read"]').replace('Ada Lovelace', 'Ada King');

  it('the link in state is the real one: the person accepts with it, which needs no change', async () => {
    const password = `lantern ${randomBytes(6).toString('hex')} quartz meadow`;
    const accepted = await kt.service.fetch('/v1/invitations/accept', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token, password }) });
    expect(accepted.status).toBe(201);
    kt.write(dir, base());
    await plan(0); // accepting changed what only the service decides: no change to make
    expect((await kt.terraform(dir, 'apply', '-refresh-only', '-auto-approve')).code).toBe(0);
    expect(await stateOf(kt, dir, 'keyplane_member.ada')).toMatchObject({ status: 'active', invitation_expires_at: null, invitation_token: token });
  });

  it('suspends an active member in place', async () => {
    kt.write(dir, config('  suspended    = true', 'ada@example.com', '["keys:read"]').replace('Ada Lovelace', 'Ada King'));
    const planned = await plan(2);
    expect(planned.stdout).toMatch(/~ suspended\s+= false -> true/);
    expect(planned.stdout).toMatch(/~ status\s+= "active" -> \(known after apply\)/);
    await apply(/Resources: 0 added, 1 changed, 0 destroyed/);
    expect(await serviceMember(memberId)).toMatchObject({ status: 'suspended' });
    expect(await stateOf(kt, dir, 'keyplane_member.ada')).toMatchObject({ suspended: true, status: 'suspended' });
    await plan(0);
  });

  it('lets them back in when suspended is left out (false)', async () => {
    kt.write(dir, base());
    const back = await plan(2);
    expect(back.stdout).toMatch(/~ suspended\s+= true -> false/);
    await apply(/Resources: 0 added, 1 changed, 0 destroyed/);
    expect(await serviceMember(memberId)).toMatchObject({ status: 'active' });
    await plan(0);
  });

  it('reads a member removed outside Terraform as gone: a warning, and the next apply invites them again', async () => {
    const removed = await api().DELETE('/v1/members/{member_id}', { params: { path: { member_id: memberId } } });
    expect(removed.response.status).toBe(204);
    const gone = await plan(2);
    expect(gone.stdout + gone.stderr).toMatch(/Warning: Member no longer exists/);
    expect(gone.stdout).toMatch(/keyplane_member\.ada will be created/);
    await apply(/Resources: 1 added, 0 changed, 0 destroyed/);
    const state = await stateOf(kt, dir, 'keyplane_member.ada');
    expect(state.id).not.toBe(memberId);
    expect(state).toMatchObject({ status: 'invited', invitation_token: expect.stringMatching(/^kp_invite_/) });
    memberId = state.id as string;
  });

  it('imports a member by id, without a link, and plans no change for a matching configuration', async () => {
    const made = unwrap(await api().POST('/v1/members', { body: { email: 'grace@example.com', scopes: ['audit:read', 'keys:read'] } }));
    const importDir = kt.workspace(
      'import',
      `
resource "keyplane_member" "grace" {
  email  = "grace@example.com"
  scopes = ["keys:read", "audit:read"]
}
`,
    );
    expect((await kt.terraform(importDir, 'init')).code).toBe(0);
    const imported = await kt.terraform(importDir, 'import', 'keyplane_member.grace', made.member.id);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Import successful/);
    expect(await stateOf(kt, importDir, 'keyplane_member.grace')).toMatchObject({
      id: made.member.id,
      email: 'grace@example.com',
      display_name: null,
      suspended: false,
      status: 'invited',
      invitation_url: null,
      invitation_token: null,
      invitation_expires_at: made.member.invitation_expires_at,
    });
    await plan(0, importDir);

    const bad = await kt.terraform(importDir, 'import', 'keyplane_member.grace', 'grace@example.com');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Error: Invalid import id/);
    expect(bad.stderr.replace(/\s+/g, ' ')).toMatch(/"grace@example\.com" is not a member id; give the member's id/);

    const destroy = await kt.terraform(importDir, 'destroy', '-auto-approve');
    expect(destroy.code, destroy.stderr).toBe(0);
    expect((await api().GET('/v1/members/{member_id}', { params: { path: { member_id: made.member.id } } })).response.status).toBe(404);
  });

  it('refuses at plan time what the service would refuse, at the line of the attribute', async () => {
    const invalid = kt.workspace(
      'invalid',
      `
variable "email_from_elsewhere" {
  type = string
}

resource "keyplane_member" "bad_email" {
  email  = "ada at example.com"
  scopes = []
}

resource "keyplane_member" "bad_scope" {
  email  = "bob@example.com"
  scopes = ["keys:read", "keys read"]
}

resource "keyplane_member" "empty_name" {
  email        = "carol@example.com"
  display_name = ""
  scopes       = []
}

resource "keyplane_member" "unknown_email" {
  email  = var.email_from_elsewhere
  scopes = []
}
`,
    );
    expect((await kt.terraform(invalid, 'init')).code).toBe(0);
    const validate = await kt.terraform(invalid, 'validate');
    expect(validate.code).toBe(1);
    const out = validate.stderr.replace(/\s+/g, ' ');
    expect(out).toMatch(/Error: Invalid email with keyplane_member\.bad_email, on main\.tf line \d+, in resource "keyplane_member" "bad_email": \d+: email = "ada at example\.com" "ada at example\.com" is not an e-mail address; write it like "ada@example\.com"\./);
    expect(out).toMatch(/Error: Invalid scope with keyplane_member\.bad_scope, on main\.tf line \d+, in resource "keyplane_member" "bad_scope": \d+: scopes = \["keys:read", "keys read"\] "keys read" is not a scope name/);
    expect(out).toMatch(/Error: Invalid display_name with keyplane_member\.empty_name, on main\.tf line \d+, in resource "keyplane_member" "empty_name": \d+: display_name = "" Display name must not be empty/);
    expect(validate.stderr.match(/^Error: /gm)).toHaveLength(3);

    // A new member cannot start suspended: said at plan time, at the line of `suspended`.
    kt.write(
      invalid,
      `
resource "keyplane_member" "on_leave" {
  email     = "dave@example.com"
  scopes    = []
  suspended = true
}
`,
    );
    const suspended = await kt.terraform(invalid, 'plan');
    expect(suspended.code).toBe(1);
    expect(suspended.stderr.replace(/\s+/g, ' ')).toMatch(
      /Error: Invited member cannot be suspended with keyplane_member\.on_leave, on main\.tf line \d+, in resource "keyplane_member" "on_leave": \d+: suspended = true A new member starts as invited/,
    );
  });

  it('destroy removes the member', async () => {
    const destroy = await kt.terraform(dir, 'destroy', '-auto-approve');
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: 1 destroyed/);
    expect((await api().GET('/v1/members/{member_id}', { params: { path: { member_id: memberId } } })).response.status).toBe(404);
  });

  it('the example of docs/resources/member.md applies as it stands, and destroys', async () => {
    const example = kt.workspace('docs-example', readFileSync(join(repoRoot, 'examples/resources/keyplane_member/resource.tf'), 'utf8'));
    expect((await kt.terraform(example, 'init')).code).toBe(0);
    await apply(/Apply complete! Resources: 2 added, 0 changed, 0 destroyed/, example);
    const link = await kt.terraform(example, 'output', '-raw', 'ada_invitation_url');
    expect(link.stdout).toMatch(/\/console\/#\/accept-invitation\?token=kp_invite_\w+$/);
    const destroy = await kt.terraform(example, 'destroy', '-auto-approve');
    expect(destroy.code, destroy.stdout + destroy.stderr).toBe(0);
  });
});
