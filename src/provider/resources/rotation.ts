/**
 * When a key's secret is rotated in place: `rotation_triggers` changed (keepers-style), or
 * `rotation_period` has elapsed since the key was created or last rotated. The plan marks the
 * secret, hint and rotated_at unknown when a rotation is (or may be) needed; the apply rotates
 * only if the plan said so and the reason still holds with every value known.
 */
import { isUnknown, valuesEqual, type Unknown, type Val } from '../framework/index.js';
import { durationSeconds } from '../../core/duration.js';

type Triggers = Record<string, string | Unknown>;

/** What rotation planning reads of a key's prior state. */
export interface RotationPrior {
  created_at: string | null;
  rotated_at: string | null;
  rotation_triggers: Record<string, string> | null;
}

/**
 * Whether the triggers changed: `true`, `false`, or `'unknown'` while the planned ones are
 * not known yet. Adding triggers to a key that had none, or removing them, is no change:
 * only a change of values rotates.
 */
export function triggersChanged(prior: Record<string, string> | null, planned: Val<Triggers>): boolean | 'unknown' {
  if (prior === null || planned === null) return false;
  if (isUnknown(planned) || Object.values(planned).some(isUnknown)) return 'unknown';
  return !valuesEqual(['map', 'string'], prior, planned);
}

/** Whether `period` has elapsed at `now` since the last rotation (or creation): boolean or 'unknown'. */
export function periodElapsed(prior: RotationPrior, period: Val<string>, now: number): boolean | 'unknown' {
  if (period === null) return false;
  if (isUnknown(period)) return 'unknown';
  const seconds = durationSeconds(period);
  const since = prior.rotated_at ?? prior.created_at;
  if (seconds === null || seconds === 0 || since === null) return false;
  const base = Date.parse(since);
  return !Number.isNaN(base) && now >= base + seconds * 1000;
}

/** Plan: whether the update may rotate the secret (so secret, hint and rotated_at are unknown). */
export function mayRotate(prior: RotationPrior, planned: { rotation_triggers: Val<Triggers>; rotation_period: Val<string> }, now: number): boolean {
  return triggersChanged(prior.rotation_triggers, planned.rotation_triggers) !== false || periodElapsed(prior, planned.rotation_period, now) !== false;
}

/** Apply (every value known): whether to rotate now. */
export function mustRotate(prior: RotationPrior, planned: { rotation_triggers: Record<string, string> | null; rotation_period: string | null }, now: number): boolean {
  return triggersChanged(prior.rotation_triggers, planned.rotation_triggers) === true || periodElapsed(prior, planned.rotation_period, now) === true;
}
