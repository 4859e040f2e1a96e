/**
 * `Expiry`: the argument each kind synthesizes (`expires_at`, `expires_after` renewed at each
 * rotation, `never_expires`), and the synth-time errors (src/core's expiry rules).
 */
import { describe, expect, it } from 'vitest';
import { ApiKey, Expiry, Rotation } from '../../constructs/index.js';
import { daysFromNow, synthJson, testStack, validationErrors, warnings } from './helpers.js';

function keyWith(expiry: Expiry | undefined, extra: Partial<ConstructorParameters<typeof ApiKey>[2]> = {}) {
  const { stack } = testStack();
  new ApiKey(stack, 'Key', { name: 'k', ...(expiry ? { expiry } : {}), ...extra });
  return stack;
}

describe('Expiry', () => {
  it('organizationDefault (the default) leaves expires_at to the service', () => {
    for (const expiry of [undefined, Expiry.organizationDefault()]) {
      const key = synthJson(keyWith(expiry)).resource.keyplane_api_key!.Key!;
      for (const name of ['expires_at', 'expires_after', 'never_expires', 'lifecycle']) expect(key).not.toHaveProperty(name);
    }
  });

  it('at(Date) writes the instant in UTC; at(string) writes it as given', () => {
    const when = daysFromNow(30);
    expect(synthJson(keyWith(Expiry.at(when))).resource.keyplane_api_key!.Key!.expires_at).toBe(when.toISOString());
    expect(synthJson(keyWith(Expiry.at('2031-05-01T12:00:00+02:00'))).resource.keyplane_api_key!.Key!.expires_at).toBe('2031-05-01T12:00:00+02:00');
  });

  it.each([
    [{ days: 90 }, '90d'],
    [{ days: 1, hours: 12 }, '1d12h'],
    [{ hours: 1, minutes: 30 }, '1h30m'],
    ['2160h', '2160h'],
    ['45s', '45s'],
  ])('after(%j) is expires_after = %s, renewed by the provider at each rotation: no timestamp(), no ignore_changes', (duration, text) => {
    const key = synthJson(keyWith(Expiry.after(duration))).resource.keyplane_api_key!.Key!;
    expect(key.expires_after).toBe(text);
    for (const name of ['expires_at', 'never_expires', 'lifecycle']) expect(key).not.toHaveProperty(name);
  });

  it('never() is never_expires = true', () => {
    const key = synthJson(keyWith(Expiry.never())).resource.keyplane_api_key!.Key!;
    expect(key.never_expires).toBe(true);
    for (const name of ['expires_at', 'expires_after']) expect(key).not.toHaveProperty(name);
    expect(validationErrors(keyWith(Expiry.never()))).toEqual([]);
  });

  it('reads as people say it', () => {
    expect(String(Expiry.after({ days: 90 }))).toBe('90 days after creation or rotation');
    expect(String(Expiry.at('2031-05-01T00:00:00Z'))).toBe('at 2031-05-01T00:00:00Z');
    expect(String(Expiry.never())).toBe('never');
    expect(String(Expiry.organizationDefault())).toBe("the organization's default");
    expect(Expiry.after({ days: 1 }).kind).toBe('after');
  });

  it('the story needs no warning: a 90-day expiry renewed at each rotation every 90 days', () => {
    expect(warnings(keyWith(Expiry.after({ days: 90 }), { rotation: Rotation.every({ days: 90, overlap: { hours: 24 } }) }))).toEqual([]);
    expect(warnings(keyWith(Expiry.after({ days: 90 }), { rotation: Rotation.every({ days: 30 }) }))).toEqual([]);
  });

  it('warns when the key expires before each rotation is due, unless it rotates ahead of the expiry', () => {
    expect(warnings(keyWith(Expiry.after({ days: 30 }), { rotation: Rotation.every({ days: 90 }) }))).toEqual([
      '[test/Key] rotation: the key expires (30 days after creation or rotation) before each rotation (every 90 days) and stays expired until the next apply rotates it; give it a lifetime at least as long as the period, or add beforeExpiry',
    ]);
    expect(warnings(keyWith(Expiry.after({ days: 30 }), { rotation: Rotation.every({ days: 90, beforeExpiry: { days: 3 } }) }))).toEqual([]);
  });

  it('warns when a fixed expiry comes before the first rotation: rotation does not renew it', () => {
    expect(warnings(keyWith(Expiry.at(daysFromNow(30)), { rotation: Rotation.every({ days: 90 }) }))).toEqual([
      expect.stringMatching(/^\[test\/Key\] rotation: the key expires \(at \S+\) before its first rotation \(every 90 days\); rotation keeps a fixed expiry, so use Expiry\.after\(\) to renew it/),
    ]);
  });
});

describe('Expiry synth-time errors', () => {
  it('a time in the past, with src/core message', () => {
    const errors = validationErrors(keyWith(Expiry.at('2020-01-01T00:00:00Z')));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[test\/Key\] expiry: expires_at 2020-01-01T00:00:00.000Z is in the past; give a time after \d{4}-\d{2}-\d{2}T[\d:.]+Z$/);
  });

  it('notBefore not before the expiry', () => {
    const errors = validationErrors(keyWith(Expiry.at(daysFromNow(10)), { notBefore: daysFromNow(20) }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[test\/Key\] notBefore: not_before \S+ must be earlier than expires_at \S+$/);
  });

  it.each([
    ['an unreadable time', Expiry.at('next year'), '[test/Key] expiry: "next year" is not an RFC 3339 time; write it like "2027-02-20T00:00:00Z"'],
    ['an invalid Date', Expiry.at(new Date('nonsense')), '[test/Key] expiry: Expiry.at() was given an invalid Date'],
    ['a zero duration', Expiry.after({ hours: 0 }), '[test/Key] expiry: Expiry.after() needs a duration longer than zero'],
    ['a duration that is no duration', Expiry.after('3 months'), '[test/Key] expiry: "3 months" is not a duration; write a whole number and a unit, e.g. "90d", "2160h", "1h30m" or "45s"'],
    ['a fractional part', Expiry.after({ days: 1.5 }), '[test/Key] expiry: days must be a whole number, 0 or more, got 1.5'],
    ['a misspelt part', Expiry.after({ dayz: 3 } as never), '[test/Key] expiry: unknown duration part "dayz"; use days, hours, minutes or seconds'],
  ])('%s', (_, expiry, expected) => {
    expect(validationErrors(keyWith(expiry))).toEqual([expected]);
  });
});
