/**
 * Expiry as code with the real terraform and the real service: the story
 * ("production-agent": 90-day expiry renewed at each rotation, rotation every 90 days with a
 * 24-hour overlap) through its first rotation; an expired key with rotation kept and rotated
 * back into use (by expires_after, or by the organization's default), one without rotation
 * re-created; never_expires where the policy allows it, and a plan error naming the policy
 * where it does not; conflicting attributes pointed at in the configuration.
 *
 * The service's clock follows real time here (the provider, another process, reads the real
 * clock); a step that needs a key created long ago sets the service's clock back for the create.
 * Lifetimes are counted by the service (the provider sends expires_in), so expiries are exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/client/index.js';
import type { TestClock } from '../../helpers/service.js';
import { startKeyplaneTerraform, stateOf, type KeyplaneTerraform } from './keyplane-terraform.js';

const SECOND = 1000;
const HOUR = 3_600 * SECOND;
const DAY = 24 * HOUR;

/** Makes the test clock run with real time, keeping `current = t` and `advance` as offsets. */
function followRealTime(clock: TestClock): void {
  let offset = 0;
  Object.defineProperty(clock, 'current', {
    configurable: true,
    get: () => Date.now() + offset,
    set: (value: number) => {
      offset = value - Date.now();
    },
  });
}

let kt: KeyplaneTerraform;
let dir: string;

beforeAll(async () => {
  kt = await startKeyplaneTerraform('api-key-expiry');
  followRealTime(kt.service.clock);
  dir = kt.workspace('story', '');
});
afterAll(async () => kt?.close());

/**
 * The story's key. 90 days cannot pass in a test, and with the clocks agreeing the rotation
 * falls due the moment the key expires; so its first rotation is forced with a new
 * generation, as the examples force it (the schedule's own due date is covered below, by the
 * lapsed keys, and by the rotation that falls due between plan and apply).
 */
const story = (generation: string) => `
resource "keyplane_api_key" "agent" {
  name              = "production-agent"
  scopes            = ["keys:verify"]
  expires_after     = "90d"
  rotation_triggers = { generation = "${generation}" }

  rotation {
    every   = "90d"
    overlap = "24h"
  }
}
`;
/** The story after its first rotation. */
const STORY = story('2');

const LAPSING = `
resource "keyplane_api_key" "lapsed" {
  name = "lapsed-with-rotation"
  rotation {
    every = "30d"
  }
}

resource "keyplane_api_key" "plain" {
  name = "lapsed-without-rotation"
}
`;

async function key(id: string) {
  return unwrap(await kt.service.client().api.GET('/v1/keys/{key_id}', { params: { path: { key_id: id } } }));
}

async function verify(secret: string): Promise<string> {
  return unwrap(await kt.service.client().api.POST('/v1/keys/verify', { body: { key: secret } })).code;
}

async function apply(where: string, expected: RegExp, env: Record<string, string> = {}): Promise<string> {
  const result = await kt.terraformWithEnv(env, where, 'apply', '-auto-approve');
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toMatch(expected);
  return result.stdout + result.stderr;
}

async function expectNoChanges(where: string, env: Record<string, string> = {}): Promise<void> {
  const plan = await kt.terraformWithEnv(env, where, 'plan', '-detailed-exitcode');
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  expect(plan.stdout).toMatch(/No changes/);
}

/** Makes a key expire in `ms` by hand, outside Terraform. */
async function expireSoon(id: string, ms: number): Promise<void> {
  const at = new Date(Date.now() + ms).toISOString();
  unwrap(await kt.service.client().api.PATCH('/v1/keys/{key_id}', { params: { path: { key_id: id } }, body: { expires_at: at } }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the story: production-agent, 90-day expiry renewed at each rotation every 90 days, 24 h overlap', () => {
  it('creates the key with expires_at = creation + 90 days, counted by the service', async () => {
    kt.write(dir, story('1'));
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    await apply(dir, /Resources: 1 added, 0 changed, 0 destroyed/);

    const agent = await stateOf(kt, dir, 'keyplane_api_key.agent');
    expect(agent).toMatchObject({ name: 'production-agent', expires_after: '90d', status: 'active', rotation: { every: '90d', overlap: '24h', before_expiry: null } });
    // The provider sends the lifetime (expires_in), and the service counts it on its own clock.
    expect(Date.parse(agent.expires_at as string)).toBe(Date.parse(agent.created_at as string) + 90 * DAY);
    expect((await key(agent.id as string)).expires_at).toBe(agent.expires_at);
  });

  it('plans the first rotation in place, with the expiry known only after apply', async () => {
    kt.write(dir, STORY);
    const plan = await kt.terraform(dir, 'plan', '-detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/keyplane_api_key\.agent will be updated in-place/);
    expect(plan.stdout).toMatch(/~ expires_at\s+= "[^"]+" -> \(known after apply\)/);
    expect(plan.stdout).toMatch(/~ hint\s+= "nm_operator_…\w{4}" -> \(known after apply\)/);
    expect(plan.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    expect(plan.stdout).not.toMatch(/must be replaced/);
  });

  it('rotates: a valid new secret, expires_at = rotation time + 90 days, the old secret for 24 h only', async () => {
    const before = await stateOf(kt, dir, 'keyplane_api_key.agent');
    await apply(dir, /Resources: 0 added, 1 changed, 0 destroyed/);
    const after = await stateOf(kt, dir, 'keyplane_api_key.agent');
    expect(after.id).toBe(before.id);
    expect(after.secret).not.toBe(before.secret);
    expect(after.status).toBe('active');
    const rotatedAt = Date.parse(after.rotated_at as string);
    expect(Math.abs(Date.now() - rotatedAt)).toBeLessThan(30 * SECOND);
    expect(Date.parse(after.expires_at as string)).toBe(rotatedAt + 90 * DAY);
    const stored = await key(after.id as string);
    expect(stored.expires_at).toBe(after.expires_at);
    expect(stored.previous_secret_expires_at).toBe(new Date(rotatedAt + DAY).toISOString());

    expect(await verify(after.secret as string)).toBe('VALID');
    expect(await verify(before.secret as string)).toBe('VALID'); // the overlap
    kt.service.clock.advance(DAY + SECOND);
    expect(await verify(before.secret as string)).not.toBe('VALID');
    expect(await verify(after.secret as string)).toBe('VALID'); // renewed: it would have expired by now
    kt.service.clock.current = Date.now();
  });

  it('plans nothing until the next rotation is due', async () => {
    await expectNoChanges(dir);
  });

  it('an expired key with expires_after is kept, and the next apply rotates and renews it (no overlap for the dead secret)', async () => {
    const before = await stateOf(kt, dir, 'keyplane_api_key.agent');
    await expireSoon(before.id as string, 1500);
    await sleep(2000);
    expect(await verify(before.secret as string)).toBe('EXPIRED');

    const plan = await kt.terraform(dir, 'plan', '-detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout + plan.stderr).toMatch(/Warning: API key expired/);
    expect(plan.stdout + plan.stderr).toMatch(/renews its expiry \(by expires_after, 90d\)/);
    expect(plan.stdout).toMatch(/keyplane_api_key\.agent will be updated in-place/);
    expect(plan.stdout).toMatch(/~ status\s+= "expired" -> \(known after apply\)/);

    await apply(dir, /Resources: 0 added, 1 changed, 0 destroyed/);
    const after = await stateOf(kt, dir, 'keyplane_api_key.agent');
    expect(after.id).toBe(before.id);
    expect(after.status).toBe('active');
    expect(Math.abs(Date.parse(after.expires_at as string) - (Date.parse(after.rotated_at as string) + 90 * DAY))).toBeLessThan(5 * SECOND);
    expect(await verify(after.secret as string)).toBe('VALID');
    expect(await verify(before.secret as string)).not.toBe('VALID');
    await expectNoChanges(dir);
  });
});

describe('changing the lifetime', () => {
  it('the same durations in another notation plan nothing', async () => {
    kt.write(dir, STORY.replace('"90d"', '"2160h"').replace('every   = "90d"', 'every   = "2160h"').replace('"24h"', '"1d"'));
    await expectNoChanges(dir);
  });

  it('a new expires_after sets expires_at to the apply time plus it, without rotating', async () => {
    const before = await stateOf(kt, dir, 'keyplane_api_key.agent');
    kt.write(dir, STORY.replace(/expires_after(\s+)= "90d"/, 'expires_after$1= "60d"'));
    const plan = await kt.terraform(dir, 'plan', '-detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/~ expires_after\s+= "90d" -> "60d"/);
    expect(plan.stdout).toMatch(/~ expires_at\s+= "[^"]+" -> \(known after apply\)/);
    expect(plan.stdout).not.toMatch(/hint\s+=.*known after apply/);

    const started = Date.now();
    await apply(dir, /Resources: 0 added, 1 changed, 0 destroyed/);
    const after = await stateOf(kt, dir, 'keyplane_api_key.agent');
    expect(after.secret).toBe(before.secret);
    expect(after.rotated_at).toBe(before.rotated_at);
    expect(Date.parse(after.expires_at as string)).toBeGreaterThanOrEqual(started + 60 * DAY - SECOND);
    expect(Date.parse(after.expires_at as string)).toBeLessThan(Date.now() + 60 * DAY);
    await expectNoChanges(dir);
  });
});

describe('expired keys', () => {
  let lapsing: string;
  beforeAll(() => {
    lapsing = kt.workspace('lapsing', LAPSING);
  });

  it("with rotation but no expires_after: rotated and renewed by the organization's default; without rotation: re-created", async () => {
    expect((await kt.terraform(lapsing, 'init')).code).toBe(0);
    await apply(lapsing, /Resources: 2 added, 0 changed, 0 destroyed/);
    const lapsed = await stateOf(kt, lapsing, 'keyplane_api_key.lapsed');
    const plain = await stateOf(kt, lapsing, 'keyplane_api_key.plain');
    await Promise.all([expireSoon(lapsed.id as string, 1500), expireSoon(plain.id as string, 1500)]);
    await sleep(2000);

    const plan = await kt.terraform(lapsing, 'plan', '-detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/keyplane_api_key\.lapsed will be updated in-place/);
    expect(plan.stdout).toMatch(/keyplane_api_key\.plain will be created/);
    expect(plan.stdout).toMatch(/Plan: 1 to add, 1 to change, 0 to destroy/);

    await apply(lapsing, /Resources: 1 added, 1 changed, 0 destroyed/);
    const renewed = await stateOf(kt, lapsing, 'keyplane_api_key.lapsed');
    expect(renewed).toMatchObject({ id: lapsed.id, status: 'active' });
    // The operator organization's default lifetime is 90 days, counted from the rotation.
    expect(Math.abs(Date.parse(renewed.expires_at as string) - (Date.parse(renewed.rotated_at as string) + 90 * DAY))).toBeLessThan(5 * SECOND);
    expect(await verify(renewed.secret as string)).toBe('VALID');
    expect((await stateOf(kt, lapsing, 'keyplane_api_key.plain')).id).not.toBe(plain.id);
    await expectNoChanges(lapsing);
  });
});

describe('never_expires', () => {
  it('makes a key without expiry where the policy allows it, and plans nothing afterwards', async () => {
    const where = kt.workspace('never', `\nresource "keyplane_api_key" "forever" {\n  name          = "forever"\n  never_expires = true\n}\n`);
    expect((await kt.terraform(where, 'init')).code).toBe(0);
    await apply(where, /Resources: 1 added, 0 changed, 0 destroyed/);
    const forever = await stateOf(kt, where, 'keyplane_api_key.forever');
    expect(forever).toMatchObject({ expires_at: null, never_expires: true, status: 'active' });
    expect((await key(forever.id as string)).expires_at).toBeNull();
    await expectNoChanges(where);
  });

  it("is a plan error naming the policy where the organization limits key lifetimes, as is an expires_after beyond it", async () => {
    const created = unwrap(
      await kt.service.client().api.POST('/v1/organizations', { body: { slug: 'bounded', name: 'Bounded', plan: 'business' } }),
    );
    const admin = created.admin_key.secret;
    unwrap(
      await kt.service.client(admin).api.PATCH('/v1/organizations/{organization_id}', {
        params: { path: { organization_id: created.organization.id } },
        body: { key_policy: { default_ttl_seconds: 7 * 86_400, max_ttl_seconds: 30 * 86_400 } },
      }),
    );
    const env = { KEYPLANE_API_KEY: admin };
    const where = kt.workspace('bounded', `\nresource "keyplane_api_key" "forever" {\n  name          = "forever"\n  never_expires = true\n}\n`);
    expect((await kt.terraformWithEnv(env, where, 'init')).code).toBe(0);

    const never = await kt.terraformWithEnv(env, where, 'plan');
    expect(never.code).toBe(1);
    expect(never.stderr).toMatch(/Error: Key policy does not allow never_expires/);
    expect(never.stderr).toMatch(/never_expires = true/); // terraform points at the line
    // The detail, unwrapped from terraform's line breaks.
    expect(never.stderr.replace(/\s+/g, ' ')).toMatch(
      /never_expires is not allowed: the organization's key policy limits keys to 30 days \(max_ttl_seconds 2592000\); the provider's key belongs to the organization "bounded"\./,
    );

    kt.write(where, `\nresource "keyplane_api_key" "forever" {\n  name          = "long"\n  expires_after = "31d"\n}\n`);
    const tooLong = await kt.terraformWithEnv(env, where, 'plan');
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toMatch(/Error: expires_after exceeds the key policy/);
    expect(tooLong.stderr).toMatch(/expires_after = "31d"/);
    expect(tooLong.stderr.replace(/\s+/g, ' ')).toMatch(/expires_after of 31 days is longer than the organization's key policy allows: at most 30 days .* Set expires_after to at most "30d"\./);

    // Exactly the maximum is fine, and is what the service gives.
    kt.write(where, `\nresource "keyplane_api_key" "forever" {\n  name          = "longest"\n  expires_after = "720h"\n}\n`);
    await apply(where, /Resources: 1 added, 0 changed, 0 destroyed/, env);
    const longest = await stateOf(kt, where, 'keyplane_api_key.forever');
    expect(Math.abs(Date.parse(longest.expires_at as string) - (Date.parse(longest.created_at as string) + 30 * DAY))).toBeLessThan(5 * SECOND);
    await expectNoChanges(where, env);
  });
});

describe('validation', () => {
  it('points at conflicting expiry attributes, a rotation block with the deprecated attributes, and a long overlap', async () => {
    const where = kt.workspace(
      'invalid',
      `
resource "keyplane_api_key" "bad" {
  name          = "bad"
  expires_at    = "2031-01-01T00:00:00Z"
  expires_after = "90d"
  rotation_period = "30d"

  rotation {
    every   = "30d"
    overlap = "8d"
  }
}
`,
    );
    expect((await kt.terraform(where, 'init')).code).toBe(0);
    const result = await kt.terraform(where, 'validate');
    expect(result.code).toBe(1);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/Error: Conflicting expiry[\s\S]*expires_after = "90d"/);
    expect(output).toMatch(/Error: Conflicting rotation_period[\s\S]*rotation_period = "30d"/);
    expect(output).toMatch(/Error: Invalid rotation\.overlap[\s\S]*overlap = "8d"/);
  });

  it('keeps the deprecated rotation_period working, with a warning', async () => {
    const where = kt.workspace('deprecated', `\nresource "keyplane_api_key" "old" {\n  name            = "old style"\n  rotation_period = "30d"\n}\n`);
    expect((await kt.terraform(where, 'init')).code).toBe(0);
    const result = await kt.terraform(where, 'validate');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect((result.stdout + result.stderr).replace(/\s+/g, ' ')).toMatch(
      /Warning: Deprecated attribute .* rotation_period = "30d" .*rotation_period is deprecated\. Use the rotation block instead: rotation \{ every = "90d" \}\./,
    );
  });
});

describe('a rotation that falls due between plan and apply', () => {
  const WINDOW = 25 * SECOND;
  const edge = (description: string) => `
resource "keyplane_api_key" "edge" {
  name        = "due-between-plan-and-apply"
  description = "${description}"
  rotation {
    every = "1d"
  }
}
`;

  it('applies the saved plan as planned (no "inconsistent final plan"), and the next plan rotates', async () => {
    const where = kt.workspace('due-between', edge('first'));
    expect((await kt.terraform(where, 'init')).code).toBe(0);
    // Made a day minus WINDOW ago by the service's clock: the rotation falls due WINDOW from now.
    const dueAt = Date.now() + WINDOW;
    kt.service.clock.current = dueAt - DAY;
    await apply(where, /Resources: 1 added, 0 changed, 0 destroyed/);
    kt.service.clock.current = Date.now();
    const created = await stateOf(kt, where, 'keyplane_api_key.edge');

    kt.write(where, edge('second'));
    const plan = await kt.terraform(where, 'plan', '-out=tfplan', '-detailed-exitcode');
    expect(Date.now(), 'the plan must be made before the rotation falls due: this machine was too slow for the test').toBeLessThan(dueAt);
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/~ description\s+= "first" -> "second"/);
    expect(plan.stdout).not.toMatch(/known after apply/);

    await sleep(dueAt + 2 * SECOND - Date.now());
    const applied = await kt.terraform(where, 'apply', 'tfplan');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout + applied.stderr).not.toMatch(/inconsistent/);
    const after = await stateOf(kt, where, 'keyplane_api_key.edge');
    expect(after).toMatchObject({ description: 'second', secret: created.secret, hint: created.hint, rotated_at: null });

    const next = await kt.terraform(where, 'plan', '-detailed-exitcode');
    expect(next.code, next.stdout + next.stderr).toBe(2);
    expect(next.stdout).toMatch(/~ hint\s+= "[^"]+" -> \(known after apply\)/);
  });
});
