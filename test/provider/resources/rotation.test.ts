import { describe, expect, it } from 'vitest';
import { Unknown, type Val } from '../../../src/provider/framework/index.js';
import {
  expiresWithin,
  hasExpired,
  mayRotate,
  mustRotate,
  periodElapsed,
  rotationDue,
  rotationOverlap,
  rotationSchedule,
  triggersChanged,
  type RotationBlockValue,
  type RotationPlanned,
  type RotationPrior,
} from '../../../src/provider/resources/rotation.js';

const DAY = 86_400_000;
const created = Date.parse('2026-01-01T00:00:00.000Z');
const prior: RotationPrior = { created_at: '2026-01-01T00:00:00.000Z', rotated_at: null, rotation_triggers: { q: '1' }, expires_at: '2026-04-01T00:00:00.000Z', status: 'active' };
const expiresAt = Date.parse(prior.expires_at!);
const none: RotationPlanned = { rotation_triggers: { q: '1' }, rotation: null, rotation_period: null, expires_at: prior.expires_at };
const block = (values: { every?: Val<string>; before_expiry?: string; overlap?: string }): RotationBlockValue => ({
  every: values.every ?? null,
  before_expiry: values.before_expiry ?? null,
  overlap: values.overlap ?? null,
});

describe('rotation planning', () => {
  it('rotates when a trigger value changes, not when triggers are added or removed', () => {
    expect(triggersChanged({ q: '1' }, { q: '2' })).toBe(true);
    expect(triggersChanged({ q: '1' }, { q: '1', r: 'x' })).toBe(true);
    expect(triggersChanged({ q: '1' }, { q: '1' })).toBe(false);
    expect(triggersChanged(null, { q: '1' })).toBe(false);
    expect(triggersChanged({ q: '1' }, null)).toBe(false);
    expect(triggersChanged({ q: '1' }, Unknown)).toBe('unknown');
    expect(triggersChanged({ q: '1' }, { q: Unknown })).toBe('unknown');
  });

  it('rotates once the period has elapsed since creation or the last rotation', () => {
    expect(periodElapsed(prior, '30d', created + 29 * DAY)).toBe(false);
    expect(periodElapsed(prior, '30d', created + 30 * DAY)).toBe(true);
    expect(periodElapsed({ ...prior, rotated_at: '2026-01-20T00:00:00.000Z' }, '30d', created + 30 * DAY)).toBe(false);
    expect(periodElapsed(prior, null, created + 999 * DAY)).toBe(false);
    expect(periodElapsed(prior, Unknown, created)).toBe('unknown');
  });

  it('before_expiry: due once the key expires within the window, or has expired', () => {
    expect(expiresWithin(prior.expires_at, '7d', expiresAt - 7 * DAY - 1)).toBe(false);
    expect(expiresWithin(prior.expires_at, '7d', expiresAt - 7 * DAY)).toBe(true);
    expect(expiresWithin(prior.expires_at, '7d', expiresAt + DAY)).toBe(true);
    expect(expiresWithin(null, '7d', expiresAt)).toBe(false); // never expires
    expect(expiresWithin(prior.expires_at, null, expiresAt)).toBe(false);
    expect(expiresWithin(Unknown, '7d', created)).toBe('unknown');
    expect(expiresWithin(prior.expires_at, Unknown, created)).toBe('unknown');
  });

  it('hasExpired: at and after the expiry, never for a key without one, and whenever the service said so', () => {
    expect(hasExpired(prior, expiresAt - 1)).toBe(false);
    expect(hasExpired(prior, expiresAt)).toBe(true);
    expect(hasExpired({ expires_at: null, status: 'active' }, expiresAt + 999 * DAY)).toBe(false);
    // The service's clock decides: it may run ahead of the provider's.
    expect(hasExpired({ ...prior, status: 'expired' }, expiresAt - DAY)).toBe(true);
  });

  it('reads the schedule from the rotation block, or from the deprecated attributes', () => {
    expect(rotationSchedule({ rotation: block({ every: '90d', overlap: '24h' }), rotation_period: null })).toEqual({ every: '90d', beforeExpiry: null, overlap: '24h' });
    expect(rotationSchedule({ rotation: null, rotation_period: '30d', rotation_grace_period: '1h' })).toEqual({ every: '30d', beforeExpiry: null, overlap: '1h' });
    expect(rotationSchedule({ rotation: null, rotation_period: null })).toBeNull();
    expect(rotationSchedule({ rotation: Unknown, rotation_period: null })).toBe(Unknown);
  });

  it('the overlap comes from the block, else from the deprecated rotation_grace_period (also for rotations by triggers alone)', () => {
    expect(rotationOverlap({ rotation: block({ every: '90d', overlap: '24h' }), rotation_grace_period: null })).toBe('24h');
    expect(rotationOverlap({ rotation: null, rotation_grace_period: '1h' })).toBe('1h');
    expect(rotationOverlap({ rotation: block({ every: '90d' }), rotation_grace_period: null })).toBeNull();
    expect(rotationOverlap({ rotation: null, rotation_grace_period: null })).toBeNull();
  });

  const cases: { name: string; planned: Partial<RotationPlanned>; prior?: Partial<RotationPrior>; at: number; due: boolean | 'unknown' }[] = [
    { name: 'nothing configured, long after expiry', planned: {}, at: expiresAt + 10 * DAY, due: false },
    { name: 'every not yet passed', planned: { rotation: block({ every: '90d' }) }, at: created + 89 * DAY, due: false },
    { name: 'every passed', planned: { rotation: block({ every: '30d' }) }, at: created + 30 * DAY, due: true },
    { name: 'every passed since the last rotation only', planned: { rotation: block({ every: '30d' }) }, prior: { rotated_at: '2026-01-20T00:00:00.000Z' }, at: created + 30 * DAY, due: false },
    { name: 'before_expiry window reached', planned: { rotation: block({ before_expiry: '7d' }) }, at: expiresAt - 6 * DAY, due: true },
    { name: 'before_expiry window not reached', planned: { rotation: block({ before_expiry: '7d' }) }, at: expiresAt - 8 * DAY, due: false },
    {
      name: 'before_expiry measured on a newly configured expires_at',
      planned: { rotation: block({ before_expiry: '7d' }), expires_at: '2026-12-01T00:00:00.000Z' },
      at: expiresAt - 6 * DAY,
      due: false,
    },
    { name: 'expired with a rotation block (every not passed)', planned: { rotation: block({ every: '365d' }) }, at: expiresAt, due: true },
    { name: 'expired with the deprecated rotation_period', planned: { rotation_period: '365d' }, at: expiresAt + DAY, due: true },
    { name: 'expired, only triggers', planned: {}, at: expiresAt + DAY, due: false },
    { name: 'expired by the service clock', planned: { rotation: block({ every: '365d' }) }, prior: { status: 'expired' }, at: created + DAY, due: true },
    { name: 'changed trigger', planned: { rotation_triggers: { q: '2' } }, at: created, due: true },
    { name: 'unknown every', planned: { rotation: block({ every: Unknown }) }, at: created, due: 'unknown' },
    { name: 'unknown block', planned: { rotation: Unknown }, at: created, due: 'unknown' },
    { name: 'unknown block, changed trigger', planned: { rotation: Unknown, rotation_triggers: { q: '2' } }, at: created, due: true },
  ];
  for (const c of cases) {
    it(`rotationDue: ${c.name} → ${String(c.due)}`, () => {
      expect(rotationDue({ ...prior, ...c.prior }, { ...none, ...c.planned }, c.at)).toBe(c.due);
    });
  }

  it('plans a possible rotation when unsure, and rotates at apply only when sure', () => {
    const now = created + DAY;
    expect(mayRotate(prior, { ...none, rotation_triggers: { q: Unknown } }, now)).toBe(true);
    expect(mustRotate(prior, { ...none, rotation_triggers: { q: '1' } }, now)).toBe(false);
    expect(mustRotate(prior, { ...none, rotation_triggers: { q: '2' } }, now)).toBe(true);
    expect(mayRotate(prior, { ...none, rotation_period: '1d' }, now)).toBe(true);
    expect(mayRotate(prior, { ...none, rotation_period: '2d' }, now)).toBe(false);
    expect(mayRotate(prior, { ...none, rotation: block({ every: '1d', overlap: '24h' }) }, now)).toBe(true);
  });
});
