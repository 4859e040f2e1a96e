/** `Rotation`: the rotation arguments each kind synthesizes, and its synth-time errors. */
import { describe, expect, it } from 'vitest';
import { ApiKey, Rotation } from '../../constructs/index.js';
import { synthJson, testStack, validationErrors } from './helpers.js';

function keyWith(rotation: Rotation) {
  const { stack } = testStack();
  new ApiKey(stack, 'Key', { name: 'k', rotation });
  return stack;
}

const keyOf = (rotation: Rotation) => synthJson(keyWith(rotation)).resource.keyplane_api_key!.Key!;

describe('Rotation', () => {
  it('every({ days, overlap }) sets the period and the grace period in the units written', () => {
    expect(keyOf(Rotation.every({ days: 90, overlap: { hours: 24 } }))).toMatchObject({ rotation_period: '90d', rotation_grace_period: '24h' });
    expect(keyOf(Rotation.every({ hours: 36 }))).toMatchObject({ rotation_period: '36h' });
    expect(keyOf(Rotation.every({ hours: 36 }))).not.toHaveProperty('rotation_grace_period');
  });

  it('every(text, { overlap }) takes the provider notation', () => {
    expect(keyOf(Rotation.every('2160h', { overlap: '1h30m' }))).toMatchObject({ rotation_period: '2160h', rotation_grace_period: '1h30m' });
  });

  it('every() may also rotate on triggers, to rotate now without waiting for the period', () => {
    expect(keyOf(Rotation.every({ days: 30, overlap: { hours: 24 }, triggers: { generation: '2' } }))).toMatchObject({
      rotation_period: '30d',
      rotation_grace_period: '24h',
      rotation_triggers: { generation: '2' },
    });
    expect(keyOf(Rotation.every('30d', { triggers: { generation: '3' } }))).toMatchObject({ rotation_period: '30d', rotation_triggers: { generation: '3' } });
  });

  it('onChange(triggers) sets rotation_triggers, with an optional overlap', () => {
    expect(keyOf(Rotation.onChange({ quarter: '2026-Q3' }, { overlap: { days: 1 } }))).toMatchObject({
      rotation_triggers: { quarter: '2026-Q3' },
      rotation_grace_period: '1d',
    });
  });

  it('manual() sets nothing', () => {
    const key = keyOf(Rotation.manual());
    for (const name of ['rotation_period', 'rotation_grace_period', 'rotation_triggers']) expect(key).not.toHaveProperty(name);
  });

  it('reads as people say it', () => {
    expect(String(Rotation.every({ days: 90 }))).toBe('every 90 days');
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
      '[test/Key] rotation.overlap: 8d is 8 days, too long: grace_period must be a whole number from 0 to 604800 (7 days), got 691200',
    ],
    ['an overlap that is no duration', Rotation.onChange({ a: 'b' }, { overlap: 'a while' }), '[test/Key] rotation.overlap: "a while" is not a duration; write a whole number and a unit, e.g. "90d", "2160h", "1h30m" or "45s"'],
    ['no triggers', Rotation.onChange({}), '[test/Key] rotation.triggers: Rotation.onChange() needs at least one trigger, e.g. { quarter: "2026-Q3" }'],
    ['a trigger that is not a string', Rotation.onChange({ generation: 2 as unknown as string }), '[test/Key] rotation.triggers["generation"]: must be a string, got number'],
  ])('%s', (_, rotation, expected) => {
    expect(validationErrors(keyWith(rotation))).toEqual([expected]);
  });
});
