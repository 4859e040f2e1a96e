/**
 * Planning keyplane_api_key without terraform: the plans the framework and the resource's
 * modifyPlan make together for the expiry (expires_after renewed at rotations, never_expires
 * known at plan) and for rotations (scheduled, or of an expired key). The provider is left
 * unconfigured here (context null), as Terraform does when its configuration is unknown; the
 * policy check that needs the service runs in the e2e test (api-key-expiry.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { planResourceChange, SchemaCodec, Unknown, type CtyValue, type PlanInput } from '../../../src/provider/framework/index.js';
import { apiKeyResource } from '../../../src/provider/resources/api-key-resource.js';
import { apiKeySchema } from '../../../src/provider/resources/api-key-schema.js';

type Obj = Record<string, CtyValue>;
const codec = new SchemaCodec(apiKeySchema);
const object = (values: Obj): Obj => codec.complete(values);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/** A key made `ageDays` ago, as the state holds it after a read. */
function state(values: Obj, ageDays = 1): Obj {
  const created = Date.now() - ageDays * DAY;
  return object({
    id: 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K',
    name: 'production-agent',
    expires_at: iso(created + 90 * DAY),
    secret: 'nm_operator_secret',
    hint: 'nm_operator_…cret',
    status: 'active',
    created_at: iso(created),
    rotated_at: null,
    ...values,
  });
}

/** The proposed new state as Terraform builds it: config, with prior values for unset computed attributes. */
function proposed(config: Obj, before: Obj | null): Obj {
  const out = { ...config };
  for (const [name, attr] of Object.entries(apiKeySchema.attributes)) {
    if ('computed' in attr && attr.computed && config[name] === null) out[name] = before?.[name] ?? null;
  }
  return out;
}

async function plan(values: Obj, before: Obj | null) {
  const config = object({ name: 'production-agent', ...values });
  const input: PlanInput = { prior: before, config, proposed: proposed(config, before) };
  const out = await planResourceChange(apiKeyResource as never, codec as SchemaCodec, input, null);
  expect(out.diagnostics).toEqual([]);
  return out.planned!;
}

const story = { expires_after: '90d', rotation: { every: '90d', before_expiry: null, overlap: '24h' } };

describe('planning keyplane_api_key: expiry and rotation', () => {
  it('on create: expires_after leaves expires_at to the apply; never_expires plans it null', async () => {
    expect((await plan(story, null)).expires_at).toBe(Unknown);
    expect((await plan({ never_expires: true }, null)).expires_at).toBeNull();
  });

  it('the story between rotations: no change at all', async () => {
    const before = state(story, 10);
    expect(await plan(story, before)).toEqual(before);
  });

  it('the story when the rotation is due: a new secret, and expires_at known only after apply', async () => {
    const planned = await plan(story, state(story, 91));
    expect(planned).toMatchObject({ secret: Unknown, hint: Unknown, rotated_at: Unknown, expires_at: Unknown, status: Unknown });
  });

  it('a rotation without expires_after keeps the expiry of a key that has not expired', async () => {
    const every = { rotation: { every: '30d', before_expiry: null, overlap: null } };
    const before = state(every, 31);
    const planned = await plan(every, before);
    expect(planned).toMatchObject({ secret: Unknown, expires_at: before.expires_at, status: 'active' });
  });

  it('an expired key with rotation configured: rotated and renewed (the service said expired, whatever the clock here)', async () => {
    const every = { rotation: { every: '365d', before_expiry: null, overlap: null } };
    const planned = await plan(every, state({ ...every, status: 'expired' }, 2));
    expect(planned).toMatchObject({ secret: Unknown, expires_at: Unknown, status: Unknown });
  });

  it('before_expiry: due once the key expires within the window', async () => {
    const window = { expires_after: '90d', rotation: { every: null, before_expiry: '7d', overlap: null } };
    expect((await plan(window, state(window, 82))).secret).toBe('nm_operator_secret');
    expect(await plan(window, state(window, 84))).toMatchObject({ secret: Unknown, expires_at: Unknown });
  });

  it('a new expires_after changes the expiry without rotating; the same length in another notation changes nothing', async () => {
    const before = state(story, 10);
    const planned = await plan({ ...story, expires_after: '60d' }, before);
    expect(planned).toMatchObject({ expires_at: Unknown, secret: before.secret, hint: before.hint });
    expect(await plan({ ...story, expires_after: '2160h' }, before)).toEqual(before);
  });

  it('never_expires clears the expiry at plan; an unknown never_expires leaves it to the apply', async () => {
    expect(await plan({ never_expires: true }, state({}))).toMatchObject({ expires_at: null, status: Unknown });
    expect((await plan({ never_expires: Unknown }, state({}))).expires_at).toBe(Unknown);
  });
});
