import { describe, expect, it } from 'vitest';
import { sameDuration, sameInstant, sameRotationBlock, sameSetOrEmpty } from '../../../src/provider/resources/same-meaning.js';

describe('semantic equality of key attributes', () => {
  it('compares durations by length', () => {
    expect(sameDuration('90d', '2160h')).toBe(true);
    expect(sameDuration('1h30m', '90m')).toBe(true);
    expect(sameDuration('90d', '89d')).toBe(false);
    expect(sameDuration(null, null)).toBe(true);
    expect(sameDuration('1h', null)).toBe(false);
    expect(sameDuration('bad', 'bad')).toBe(false);
  });

  it('compares rotation blocks duration by duration', () => {
    const block = (every: string | null, before_expiry: string | null, overlap: string | null) => ({ every, before_expiry, overlap });
    expect(sameRotationBlock(block('90d', null, '24h'), block('2160h', null, '1d'))).toBe(true);
    expect(sameRotationBlock(block('90d', null, '24h'), block('90d', '7d', '24h'))).toBe(false);
    expect(sameRotationBlock(block('90d', null, null), block('90d', null, '0s'))).toBe(false);
    expect(sameRotationBlock(null, null)).toBe(true);
    expect(sameRotationBlock(block('90d', null, null), null)).toBe(false);
  });

  it('compares times by instant and empty sets with null', () => {
    expect(sameInstant('2030-01-01T00:00:00Z', '2030-01-01T01:00:00.000+01:00')).toBe(true);
    expect(sameSetOrEmpty(null, [])).toBe(true);
    expect(sameSetOrEmpty(null, ['a'])).toBe(false);
  });
});
