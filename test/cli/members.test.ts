/**
 * `keyplane members ...`: the real CLI (child processes) against the real service, with the
 * bootstrap admin key: every action, the one-time link printed once and working, both output
 * forms, the environment, and problems on stderr (exit 1) or usage mistakes (exit 2).
 * Independent runs go concurrently: each costs a Node start-up.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../src/api/schema.js';
import { unwrap } from '../../src/client/index.js';
import { killAllChildren, runCli, type CliResult } from '../helpers/process.js';
import { startService, type TestService } from '../helpers/service.js';

type InvitedMember = components['schemas']['InvitedMember'];
type Member = components['schemas']['Member'];

let service: TestService;
/** `keyplane <args>` connected with flags. */
let cli: (args: string[]) => Promise<CliResult>;

beforeAll(async () => {
  service = await startService();
  cli = (args) => runCli([...args, '--endpoint', service.url, '--api-key', service.adminKey]);
});

afterAll(async () => {
  killAllChildren();
  await service?.close();
});

/** `key  value` lines of `renderRecord` output, as an object. */
function record(text: string): Record<string, string> {
  return Object.fromEntries(
    text.split('\n').flatMap((line) => {
      const match = /^(\S+)\s{2,}(.*)$/.exec(line);
      return match ? [[match[1]!, match[2]!] as const] : [];
    }),
  );
}

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;
const api = () => service.client().api;

/** Accepts a one-time link as the person would: sets a password and signs in (one session). */
async function accept(token: string): Promise<Response> {
  const password = `lantern ${randomBytes(6).toString('hex')} quartz meadow`;
  return service.fetch('/v1/invitations/accept', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token, password }) });
}

async function invited(email: string, scopes: string[] = ['keys:read']): Promise<InvitedMember> {
  return unwrap(await api().POST('/v1/members', { body: { email, scopes } }));
}

describe('keyplane members', () => {
  it('invites (the link printed once, with what to do with it), lists, gets and updates', async () => {
    const [table, json] = await Promise.all([
      cli(['members', 'invite', '--email', 'ada@example.com', '--scope', 'keys:read', '--scope', 'audit:read', '--name', 'Ada Lovelace']),
      cli(['members', 'invite', '--json', '--email', 'grace@example.com', '--scope', 'admin']),
    ]);

    expect(table.code, table.stderr).toBe(0);
    expect(table.stderr).toBe('');
    const ada = record(table.stdout);
    expect(ada).toMatchObject({ email: 'ada@example.com', display_name: 'Ada Lovelace', status: 'invited', scopes: 'audit:read, keys:read', locked: 'no' });
    expect(ada.id).toMatch(/^mem_[0-9A-Z]{26}$/);
    expect(ada.created_by).toContain('nm_operator_…');
    const link = /^link\s+(\S+)$/m.exec(table.stdout)![1]!;
    expect(link.startsWith(`${service.url}/console/#/accept-invitation?token=kp_invite_`), link).toBe(true); // the service's public URL
    const adaToken = new URL(link.replace('#/', '')).searchParams.get('token')!;
    expect(occurrences(table.stdout, adaToken)).toBe(1);
    expect(table.stdout).toContain('The link is shown only this once: pass it on to ada@example.com now (Keyplane sends no e-mail).');
    expect(table.stdout).toContain(`It works once, until ${ada.invitation_expires_at}. If it is lost, make a new one: keyplane members reset-link ${ada.id}`);

    // --json: the document the API answered, link and token included.
    expect(json.code, json.stderr).toBe(0);
    const grace = JSON.parse(json.stdout) as InvitedMember;
    expect(grace.member).toMatchObject({ email: 'grace@example.com', status: 'invited', scopes: ['admin'], display_name: null });
    expect(grace.invitation).toMatchObject({ purpose: 'invitation', expires_at: grace.member.invitation_expires_at });
    expect(grace.invitation.url).toContain(grace.invitation.token);

    const [list, listInvited, get] = await Promise.all([
      cli(['members', 'list']),
      cli(['members', 'list', '--json', '--status', 'invited', '--limit', '1']),
      cli(['members', 'get', grace.member.id]),
    ]);
    const update = await cli(['members', 'update', ada.id!, '--name', 'Ada King', '--scope', 'keys:read']);
    expect(list.code, list.stderr).toBe(0);
    const [header, ...rows] = list.stdout.trim().split('\n');
    expect(header!.split(/\s+/)).toEqual(['ID', 'EMAIL', 'DISPLAY_NAME', 'STATUS', 'SCOPES', 'LOCKED', 'LAST_SIGN_IN_AT']);
    expect(rows.some((row) => row.startsWith(ada.id!) && /ada@example\.com\s+Ada Lovelace\s+invited\s+audit:read keys:read\s+no\s+-$/.test(row))).toBe(true);
    expect(rows.some((row) => row.startsWith(grace.member.id) && /grace@example\.com\s+-\s+invited\s+admin/.test(row))).toBe(true);
    expect(listInvited.code, listInvited.stderr).toBe(0);
    expect((JSON.parse(listInvited.stdout) as Member[]).map((m) => m.id)).toEqual([(await firstInvitedId())]);
    expect(get.code, get.stderr).toBe(0);
    expect(record(get.stdout)).toMatchObject({ id: grace.member.id, email: 'grace@example.com', status: 'invited', display_name: '-' });
    expect(update.code, update.stderr).toBe(0);
    expect(record(update.stdout)).toMatchObject({ display_name: 'Ada King', scopes: 'keys:read' });
    // Links are shown by the answer that makes them, never again.
    for (const output of [list, listInvited, get, update]) {
      expect(output.stdout).not.toContain(adaToken);
      expect(output.stdout).not.toContain(grace.invitation.token);
    }

    // The printed link is the real one: accepting it makes Ada active.
    expect((await accept(adaToken)).status).toBe(201);
    const accepted = unwrap(await api().GET('/v1/members/{member_id}', { params: { path: { member_id: ada.id! } } }));
    expect(accepted).toMatchObject({ status: 'active', display_name: 'Ada King', scopes: ['keys:read'], invitation_expires_at: null });
  });

  /** An active member (Linus), made by the first of the two tests below, used by the second. */
  let id: string;

  it('signs out, suspends, activates and unlocks', async () => {
    const person = await invited('linus@example.com', ['keys:read', 'audit:read']);
    id = person.member.id;
    expect((await accept(person.invitation.token)).status).toBe(201); // and signed in: one session

    const signOut = await cli(['members', 'sign-out', id]);
    expect(signOut.code, signOut.stderr).toBe(0);
    expect(signOut.stdout).toBe(`Signed ${id} out everywhere: 1 session ended.\n`);

    const suspend = await cli(['members', 'suspend', id]);
    expect(suspend.code, suspend.stderr).toBe(0);
    expect(suspend.stdout).toBe(`Suspended ${id} (linus@example.com): their sessions have ended, and they cannot sign in until keyplane members activate ${id}.\n`);
    const [suspendedJson, refusedLink] = await Promise.all([cli(['members', 'get', id, '--json']), cli(['members', 'reset-link', id])]);
    expect(JSON.parse(suspendedJson.stdout)).toMatchObject({ id, status: 'suspended' });
    // A suspended member gets no link: the service's detail says what to do.
    expect(refusedLink.code).toBe(1);
    expect(refusedLink.stderr).toMatch(/^keyplane members reset-link: 409 MEMBER_NOT_ACTIVE: Member mem_\w+ is suspended; set their status to active first\.\n {2}\(request id req_\w+\)\n$/);

    const activate = await cli(['members', 'activate', id, '--json']);
    expect(activate.code, activate.stderr).toBe(0);
    expect(JSON.parse(activate.stdout)).toMatchObject({ id, status: 'active' });

    // Locked out as after ten failed sign-ins (written past the API, to save ten password checks).
    await service.store.members.update(service.organizationId, id, { lockedAt: service.clock.now(), failedSignIns: 10 });
    const locked = await cli(['members', 'get', id]);
    expect(record(locked.stdout).locked).toMatch(/^yes, since \d{4}-/);
    const unlock = await cli(['members', 'unlock', id]);
    expect(unlock.code, unlock.stderr).toBe(0);
    expect(unlock.stdout).toBe(`Unlocked ${id} (linus@example.com): failed sign-ins no longer keep them out.\n`);
    expect(unwrap(await api().GET('/v1/members/{member_id}', { params: { path: { member_id: id } } })).locked).toBe(false);
  });

  it('makes reset and invitation links (earlier ones stop working), and removes', async () => {
    // An active member's new link resets the password; an invited member's replaces the invitation.
    const other = await invited('ken@example.com');
    const [reset, reinvite] = await Promise.all([cli(['members', 'reset-link', id]), cli(['members', 'reset-link', other.member.id, '--json'])]);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain(`A password reset link for ${id} (linus@example.com): opening it sets a new password and ends their other sessions; earlier links no longer work.`);
    expect(reset.stdout).toContain('The link is shown only this once');
    const resetLink = /^link\s+(\S+)$/m.exec(reset.stdout)![1]!;
    expect(occurrences(reset.stdout, resetLink)).toBe(1);
    expect(reinvite.code, reinvite.stderr).toBe(0);
    const renewed = JSON.parse(reinvite.stdout) as InvitedMember;
    expect(renewed.invitation.purpose).toBe('invitation');
    expect(renewed.invitation.token).not.toBe(other.invitation.token);
    const oldLink = await accept(other.invitation.token);
    expect(oldLink.status).toBe(401);
    expect(((await oldLink.json()) as { code: string }).code).toBe('INVITATION_INVALID');

    const remove = await cli(['members', 'remove', id]);
    expect(remove.code, remove.stderr).toBe(0);
    expect(remove.stdout).toBe(`Removed member ${id}. The keys they made stay with the organization.\n`);
    const [gone, removeJson] = await Promise.all([cli(['members', 'get', id]), cli(['members', 'remove', other.member.id, '--json'])]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^keyplane members get: 404 MEMBER_NOT_FOUND: There is no member mem_\w+ in this organization\.\n/);
    expect(JSON.parse(removeJson.stdout)).toEqual({ removed: other.member.id });
  });

  it('prints the service\'s problems with their field paths (exit 1) and usage mistakes with the usage (exit 2)', async () => {
    await invited('taken@example.com');
    const pending = await invited('pending@example.com');
    const [badEmail, taken, unknownScope, notActive, noEmail, badStatus, unknownAction] = await Promise.all([
      cli(['members', 'invite', '--email', 'not-an-address', '--scope', 'keys:read']),
      cli(['members', 'invite', '--email', 'Taken@Example.com']),
      cli(['members', 'invite', '--email', 'new@example.com', '--scope', 'no_such_scope']),
      cli(['members', 'activate', pending.member.id]),
      cli(['members', 'invite', '--scope', 'keys:read']),
      cli(['members', 'list', '--status', 'gone']),
      cli(['members', 'promote', pending.member.id]),
    ]);
    expect(badEmail.code).toBe(1);
    expect(badEmail.stderr).toMatch(/^keyplane members invite: 400 VALIDATION_FAILED: .+\n {2}body\.email: .*email.*\n {2}\(request id req_\w+\)\n$/);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/^keyplane members invite: 409 MEMBER_EMAIL_TAKEN: Taken@Example\.com is already a member of this organization \(e-mails are compared ignoring case\)\.\n {2}body\.email: is already a member\n/);
    expect(unknownScope.code).toBe(1);
    expect(unknownScope.stderr).toMatch(/422 UNKNOWN_SCOPE: .+\n {2}body\.scopes\[0\]: scope "no_such_scope" does not exist in this organization/);
    expect(notActive.code).toBe(1);
    expect(notActive.stderr).toMatch(/409 MEMBER_NOT_ACTIVE: Member mem_\w+ has not accepted their invitation yet.*\n {2}body\.status: cannot change before the invitation is accepted\n/);
    expect(noEmail.code).toBe(2);
    expect(noEmail.stderr).toMatch(/^keyplane members invite: --email is required\n\nUsage: keyplane members invite --email EMAIL/);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('--status must be one of invited, active, suspended, got "gone"');
    expect(unknownAction.code).toBe(2);
    expect(unknownAction.stderr).toMatch(/^keyplane members: unknown action "promote"\.\n\nUsage:\n {2}keyplane members invite/);
  });

  it('connects through KEYPLANE_ENDPOINT and KEYPLANE_API_KEY; --help lists every action', async () => {
    const [fromEnv, help, top] = await Promise.all([
      runCli(['members', 'list', '--json'], { env: { KEYPLANE_ENDPOINT: service.url, KEYPLANE_API_KEY: service.adminKey } }),
      runCli(['members', '--help']),
      runCli(['--help']),
    ]);
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(fromEnv.stdout))).toBe(true);
    expect(help.code).toBe(0);
    for (const action of ['invite', 'list', 'get', 'update', 'suspend', 'activate', 'remove', 'unlock', 'sign-out', 'reset-link']) {
      expect(help.stdout).toContain(`keyplane members ${action}`);
    }
    expect(top.stdout).toMatch(/^ {2}members <action> {6}invite \| list \| get \| update \| suspend \| activate \| remove \| unlock \| sign-out \| reset-link$/m);
  });
});

/** The oldest invited member of the organization (`list --status invited --limit 1` shows it). */
async function firstInvitedId(): Promise<string> {
  return unwrap(await api().GET('/v1/members', { params: { query: { status: 'invited', limit: 1 } } })).data[0]!.id;
}
