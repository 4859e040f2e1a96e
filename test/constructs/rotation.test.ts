/** `Rotation`: the `rotation` block and triggers each kind synthesizes, and its synth-time errors. */
import { describe, expect, it } from 'vitest';
import { ApiKey, Expiry, Rotation } from '../../constructs/index.js';
import { synthJson, testStack, validationErrors } from './helpers.js';

function keyWith(rotation: Rotation) {
  const { stack } = testStack();
  new ApiKey(stack, 'Key', { name: 'k', rotation });
  return stack;
}

const keyOf = (rotation: Rotation) => synthJson(keyWith(rotation)).resource.keyplane_api_key!.Key!;

describe('Rotation', () => {
  it('every({ days, overlap }) is the rotation block with the period and the overlap in the units written', () => {
    expect(keyOf(Rotation.every({ days: 90, overlap: { hours: 24 } })).rotation).toEqual({ every: '90d', overlap: '24h' });
    expect(keyOf(Rotation.every({ hours: 36 })).rotation).toEqual({ every: '36h' });
  });

  it('uses none of the deprecated attributes', () => {
    for (const rotation of [Rotation.every({ days: 90, overlap: { hours: 24 } }), Rotation.beforeExpiry({ days: 7 }), Rotation.onChange({ a: 'b' }, { overlap: '1h' })]) {
      const key = keyOf(rotation);
      expect(key).not.toHaveProperty('rotation_period');
      expect(key).not.toHaveProperty('rotation_grace_period');
    }
  });

  it('every(text, { overlap }) takes the provider notation', () => {
    expect(keyOf(Rotation.every('2160h', { overlap: '1h30m' })).rotation).toEqual({ every: '2160h', overlap: '1h30m' });
  });

  it('beforeExpiry({ days, overlap }) rotates when the key expires within the window; every() may add one', () => {
    expect(keyOf(Rotation.beforeExpiry({ days: 7, overlap: { hours: 24 } })).rotation).toEqual({ before_expiry: '7d', overlap: '24h' });
    expect(keyOf(Rotation.beforeExpiry('168h')).rotation).toEqual({ before_expiry: '168h' });
    expect(keyOf(Rotation.every({ days: 90, beforeExpiry: { days: 7 } })).rotation).toEqual({ every: '90d', before_expiry: '7d' });
  });

  it('every() may also rotate on triggers, to rotate now without waiting for the period', () => {
    expect(keyOf(Rotation.every({ days: 30, overlap: { hours: 24 }, triggers: { generation: '2' } }))).toMatchObject({
      rotation: { every: '30d', overlap: '24h' },
      rotation_triggers: { generation: '2' },
    });
    expect(keyOf(Rotation.every('30d', { triggers: { generation: '3' } }))).toMatchObject({ rotation: { every: '30d' }, rotation_triggers: { generation: '3' } });
  });

  it('onChange(triggers) sets rotation_triggers; its overlap is a rotation block with only the overlap', () => {
    expect(keyOf(Rotation.onChange({ quarter: '2026-Q3' }, { overlap: { days: 1 } }))).toMatchObject({
      rotation_triggers: { quarter: '2026-Q3' },
      rotation: { overlap: '1d' },
    });
    expect(keyOf(Rotation.onChange({ quarter: '2026-Q3' }))).not.toHaveProperty('rotation');
  });

  it('manual() sets nothing', () => {
    const key = keyOf(Rotation.manual());
    for (const name of ['rotation', 'rotation_period', 'rotation_grace_period', 'rotation_triggers']) expect(key).not.toHaveProperty(name);
  });

  it('reads as people say it', () => {
    expect(String(Rotation.every({ days: 90 }))).toBe('every 90 days');
    expect(String(Rotation.beforeExpiry({ days: 7 }))).toBe('7 days before expiry');
    expect(String(Rotation.onChange({ a: 'b' }))).toBe('when its triggers change');
    expect(String(Rotation.manual())).toBe('manually');
  });
});

describe('Rotation synth-time errors', () => {
  it.each([
    ['a zero period', Rotation.every({ days: 0 }), '[test/Key] rotation.period: Rotation.every() needs a period longer than zero; use Rotation.manual() for no scheduled rotation'],
    ['a period that is no duration', Rotation.every('quarterly'), '[test/Key] rotation.period: "quarterly" is not a duration; write a whole number and a unit, e.g. "90d", "2160h", "1h30m" or "45s"'],
    ['a negative part', Rotation.every({ days: -1 }), '[test/Key] rotation.period: days must be a whole number, 0 or more, got -1'],
    [
      'an overlap over 7 days (src/core grace period rule)',
      Rotation.every({ days: 90, overlap: { days: 8 } }),
      '[test/Key] rotation.overlap: 8d is 8 days, too long: the overlap must be a whole number from 0 to 604800 (7 days), got 691200',
    ],
    ['an overlap that is no duration', Rotation.onChange({ a: 'b' }, { overlap: 'a while' }), '[test/Key] rotation.overlap: "a while" is not a duration; write a whole number and a unit, e.g. "90d", "2160h", "1h30m" or "45s"'],
    ['a zero window before expiry', Rotation.beforeExpiry({ days: 0 }), '[test/Key] rotation.beforeExpiry: the window before expiry must be longer than zero; leave it out to rotate only by the period'],
    ['a window that is no duration', Rotation.every({ days: 90, beforeExpiry: 'a week' }), '[test/Key] rotation.beforeExpiry: "a week" is not a duration; write a whole number and a unit, e.g. "90d", "2160h", "1h30m" or "45s"'],
    ['no triggers', Rotation.onChange({}), '[test/Key] rotation.triggers: Rotation.onChange() needs at least one trigger, e.g. { quarter: "2026-Q3" }'],
    ['a trigger that is not a string', Rotation.onChange({ generation: 2 as unknown as string }), '[test/Key] rotation.triggers["generation"]: must be a string, got number'],
  ])('%s', (_, rotation, expected) => {
    expect(validationErrors(keyWith(rotation))).toEqual([expected]);
  });

  it('a window before expiry not shorter than the renewed lifetime (every plan would rotate)', () => {
    const { stack } = testStack();
    new ApiKey(stack, 'Key', { name: 'k', expiry: Expiry.after({ days: 7 }), rotation: Rotation.beforeExpiry({ days: 7 }) });
    expect(validationErrors(stack)).toEqual([
      "[test/Key] rotation.beforeExpiry: the window before expiry (7 days before expiry) must be shorter than the key's lifetime (7 days after creation or rotation), or every plan would rotate the key",
    ]);
  });
});
