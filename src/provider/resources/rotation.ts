/**
 * When a key's secret is rotated in place, decided at plan time and confirmed at apply:
 *
 * - `rotation_triggers` changed (keepers-style);
 * - `rotation.every` (or the deprecated `rotation_period`) has passed since the key was created
 *   or last rotated;
 * - the key expires within `rotation.before_expiry`;
 * - the key has expired and has rotation configured (a `rotation` block or `rotation_period`):
 *   it is kept and rotated back into use rather than re-created.
 *
 * The plan marks the secret, hint and rotated_at unknown when a rotation is (or may be) due;
 * the apply rotates only if the plan said so and a reason still holds with every value known.
 * Time only moves forward between plan and apply, so a reason of time found at plan holds.
 */
import { isUnknown, valuesEqual, type Unknown, type Val } from '../framework/index.js';
import { durationSeconds } from '../../core/duration.js';

type Triggers = Record<string, string | Unknown>;
/** Three-valued: `'unknown'` while a value it depends on is not known yet. */
type Maybe = boolean | 'unknown';

/** What rotation planning reads of a key's prior state. */
export interface RotationPrior {
  created_at: string | null;
  rotated_at: string | null;
  rotation_triggers: Record<string, string> | null;
  expires_at: string | null;
  /** The service's verdict at the last read: its clock, not ours, decides that a key expired. */
  status: string | null;
}

/** The `rotation` block as config or plan holds it. */
export type RotationBlockValue = { every: Val<string>; before_expiry: Val<string>; overlap: Val<string> } | null | Unknown;

/** What rotation planning reads of the plan (or, at apply, of the known planned values). */
export interface RotationPlanned {
  rotation_triggers: Val<Triggers>;
  rotation: RotationBlockValue;
  rotation_period: Val<string>;
  /** The expiry the key will have before any rotation: the configured one, else the prior one. */
  expires_at: Val<string>;
}

/**
 * Whether the triggers changed: `true`, `false`, or `'unknown'` while the planned ones are
 * not known yet. Adding triggers to a key that had none, or removing them, is no change:
 * only a change of values rotates.
 */
export function triggersChanged(prior: Record<string, string> | null, planned: Val<Triggers>): Maybe {
  if (prior === null || planned === null) return false;
  if (isUnknown(planned) || Object.values(planned).some(isUnknown)) return 'unknown';
  return !valuesEqual(['map', 'string'], prior, planned);
}

/** Whether `period` has elapsed at `now` since the last rotation (or creation). */
export function periodElapsed(prior: Pick<RotationPrior, 'created_at' | 'rotated_at'>, period: Val<string>, now: number): Maybe {
  if (period === null) return false;
  if (isUnknown(period)) return 'unknown';
  const seconds = durationSeconds(period);
  const since = prior.rotated_at ?? prior.created_at;
  if (seconds === null || seconds === 0 || since === null) return false;
  const base = Date.parse(since);
  return !Number.isNaN(base) && now >= base + seconds * 1000;
}

/** Whether a key expiring at `expiresAt` expires within `window` of `now` (or already has). */
export function expiresWithin(expiresAt: Val<string>, window: Val<string>, now: number): Maybe {
  if (window === null || expiresAt === null) return false;
  if (isUnknown(window) || isUnknown(expiresAt)) return 'unknown';
  const seconds = durationSeconds(window);
  const at = Date.parse(expiresAt);
  if (seconds === null || seconds === 0 || Number.isNaN(at)) return false;
  return now >= at - seconds * 1000;
}

/** Whether the key has expired at `now`: the service said so, or its expiry has passed. */
export function hasExpired(prior: Pick<RotationPrior, 'expires_at' | 'status'>, now: number): boolean {
  if (prior.status === 'expired') return true;
  const expiresAt = prior.expires_at;
  if (expiresAt === null) return false;
  const at = Date.parse(expiresAt);
  return !Number.isNaN(at) && now >= at;
}

/** The schedule the configuration asks for, from the block or the deprecated attributes. */
export interface RotationSchedule {
  every: Val<string>;
  beforeExpiry: Val<string>;
  overlap: Val<string>;
}

/** The schedule of a plan: null when no rotation is configured, 'unknown' while the block is. */
export function rotationSchedule(planned: Pick<RotationPlanned, 'rotation' | 'rotation_period'> & { rotation_grace_period?: Val<string> }): RotationSchedule | null | Unknown {
  const block = planned.rotation;
  if (isUnknown(block)) return block;
  if (block !== null) return { every: block.every, beforeExpiry: block.before_expiry, overlap: block.overlap };
  if (planned.rotation_period === null) return null;
  return { every: planned.rotation_period, beforeExpiry: null, overlap: planned.rotation_grace_period ?? null };
}

/**
 * How long the replaced secret keeps working: the block's `overlap`, else the deprecated
 * `rotation_grace_period` (which also applies to rotations by triggers alone). Null: none.
 */
export function rotationOverlap(planned: { rotation: RotationBlockValue; rotation_grace_period: Val<string> }): string | null {
  const block = planned.rotation;
  const overlap = block === null || isUnknown(block) ? planned.rotation_grace_period : block.overlap;
  return overlap === null || isUnknown(overlap) ? null : overlap;
}

function or(...values: Maybe[]): Maybe {
  if (values.includes(true)) return true;
  return values.includes('unknown') ? 'unknown' : false;
}

/** Whether a rotation is due at `now`: `true`, `false`, or `'unknown'`. */
export function rotationDue(prior: RotationPrior, planned: RotationPlanned, now: number): Maybe {
  const schedule = rotationSchedule(planned);
  const triggers = triggersChanged(prior.rotation_triggers, planned.rotation_triggers);
  if (schedule === null) return triggers;
  if (isUnknown(schedule)) return or(triggers, 'unknown');
  return or(
    triggers,
    periodElapsed(prior, schedule.every, now),
    expiresWithin(planned.expires_at, schedule.beforeExpiry, now),
    // Expired with rotation configured: the key is kept in state, and rotating renews it.
    hasExpired(prior, now),
  );
}

/** Plan: whether the update may rotate the secret (so secret, hint and rotated_at are unknown). */
export function mayRotate(prior: RotationPrior, planned: RotationPlanned, now: number): boolean {
  return rotationDue(prior, planned, now) !== false;
}

/** Apply (every value known): whether to rotate now. */
export function mustRotate(prior: RotationPrior, planned: RotationPlanned, now: number): boolean {
  return rotationDue(prior, planned, now) === true;
}

/** Whether the configuration has a rotation schedule (block or deprecated `rotation_period`). */
export function hasRotationSchedule(state: { rotation: unknown; rotation_period: string | null }): boolean {
  return state.rotation !== null || state.rotation_period !== null;
}
