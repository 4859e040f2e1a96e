/**
 * The story's rotation, checked the same way for examples/cdktf-app and examples/hcl-app:
 * after a rotation (forced with a new generation, since 90 days cannot pass in a test) the
 * production-agent key keeps its id, has a new secret that verifies, its old secret works
 * during the 24-hour overlap only, the post-apply check ran again, and its expiry is 90 days
 * (expires_after) after the rotation.
 */
import { expect } from 'vitest';
import type { ExampleHarness } from './harness.js';

const DAY = 86_400_000;

/**
 * Applies with `extraEnv` (after `beforeApply`, e.g. synthesizing again) and checks the
 * rotation of production-agent. The service's clock is set to real time first, as the
 * provider's is; the service counts expires_after (sent as expires_in) from the rotation.
 */
export async function expectStoryRotation(h: ExampleHarness, extraEnv: Record<string, string> = {}, beforeApply?: () => Promise<void>): Promise<void> {
  const before = (await h.keysByName()).get('production-agent')!;
  const oldSecret = (await h.outputs()).production_agent_secret as string;
  await beforeApply?.();
  h.kt.service.clock.current = Date.now();

  const apply = await h.terraform(['apply', '-auto-approve', '-input=false'], extraEnv);
  expect(apply.code, apply.all).toBe(0);
  // The key is updated in place (rotated); the check is replaced: it verified the new secret.
  expect(apply.stdout).toMatch(/Resources: 1 added, 1 changed, 1 destroyed/);
  expect(apply.stdout).toMatch(/Provisioning with 'local-exec'/);

  const after = (await h.keysByName()).get('production-agent')!;
  expect(after.id).toBe(before.id);
  expect(after.rotated_at).not.toBeNull();
  const rotatedAt = Date.parse(after.rotated_at!);
  expect(Date.parse(after.expires_at!)).toBe(rotatedAt + 90 * DAY);
  expect(after.previous_secret_expires_at).toBe(new Date(rotatedAt + DAY).toISOString());

  const newSecret = (await h.outputs()).production_agent_secret as string;
  expect(newSecret).not.toBe(oldSecret);
  expect(await h.verify(newSecret)).toMatchObject({ valid: true, code: 'VALID' });
  expect(await h.verify(oldSecret)).toMatchObject({ valid: true, code: 'VALID' }); // the overlap
  h.kt.service.clock.advance(DAY + 1000);
  expect(await h.verify(oldSecret)).toMatchObject({ valid: false });
  expect(await h.verify(newSecret)).toMatchObject({ valid: true, code: 'VALID' });
  h.kt.service.clock.current = Date.now();
}
