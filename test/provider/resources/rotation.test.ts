import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../src/provider/framework/index.js';
import { mayRotate, mustRotate, periodElapsed, triggersChanged } from '../../../src/provider/resources/rotation.js';

const DAY = 86_400_000;
const created = Date.parse('2026-01-01T00:00:00.000Z');
const prior = { created_at: '2026-01-01T00:00:00.000Z', rotated_at: null, rotation_triggers: { q: '1' } };

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

  it('plans a possible rotation when unsure, and rotates at apply only when sure', () => {
    const now = created + DAY;
    expect(mayRotate(prior, { rotation_triggers: { q: Unknown }, rotation_period: null }, now)).toBe(true);
    expect(mustRotate(prior, { rotation_triggers: { q: '1' }, rotation_period: null }, now)).toBe(false);
    expect(mustRotate(prior, { rotation_triggers: { q: '2' }, rotation_period: null }, now)).toBe(true);
    expect(mayRotate(prior, { rotation_triggers: { q: '1' }, rotation_period: '1d' }, now)).toBe(true);
    expect(mayRotate(prior, { rotation_triggers: { q: '1' }, rotation_period: '2d' }, now)).toBe(false);
  });
});
