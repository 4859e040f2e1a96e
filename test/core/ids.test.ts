import { describe, expect, it } from 'vitest';
import {
  CROCKFORD_BASE32,
  createUlidGenerator,
  idTime,
  isId,
  newAuditEventId,
  newKeyId,
  newOrganizationId,
  newRequestId,
  newUlid,
} from '../../src/core/ids.js';

const zeros = () => new Uint8Array(10);
const ones = () => new Uint8Array(10).fill(0xff);

describe('createUlidGenerator', () => {
  it('encodes the time in the first 10 characters and 80 random bits in the last 16', () => {
    const ulid = createUlidGenerator(zeros);
    expect(ulid(0)).toBe('00000000000000000000000000');
    const max = createUlidGenerator(ones);
    expect(max(2 ** 48 - 1)).toBe('7ZZZZZZZZZZZZZZZZZZZZZZZZZ');
  });

  it('encodes a known time as the ULID spec does', () => {
    // 1469918176385 ms is the timestamp of the spec's example 01ARYZ6S41...
    const ulid = createUlidGenerator(zeros);
    expect(ulid(1_469_918_176_385).slice(0, 10)).toBe('01ARYZ6S41');
  });

  it('spreads the random bytes over the digits most significant first', () => {
    // Bits 10000 10001 00011 0... → digits 16 (G), 17 (H), 3; the last byte's low 5 bits → 31 (Z).
    const bytes = Uint8Array.from([0b10000_100, 0b01_00011_0, 0, 0, 0, 0, 0, 0, 0, 0b000_11111]);
    const ulid = createUlidGenerator(() => bytes);
    expect(ulid(0).slice(10)).toBe('GH3000000000000Z');
  });

  it('increments within the same millisecond', () => {
    const ulid = createUlidGenerator(zeros);
    // 1000 = 31 × 32 + 8 → time "00000000Z8".
    expect(ulid(1_000)).toBe('00000000Z80000000000000000');
    expect(ulid(1_000)).toBe('00000000Z80000000000000001');
    expect(ulid(1_000)).toBe('00000000Z80000000000000002');
  });

  it('carries the increment across digits', () => {
    const bytes = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1f]);
    const ulid = createUlidGenerator(() => bytes);
    expect(ulid(5).slice(10)).toBe('000000000000000Z');
    expect(ulid(5).slice(10)).toBe('0000000000000010');
  });

  it('keeps ids increasing when the clock steps back', () => {
    const ulid = createUlidGenerator(zeros);
    const first = ulid(2_000);
    const second = ulid(1_000);
    expect(second > first).toBe(true);
    expect(second.slice(0, 10)).toBe(first.slice(0, 10));
  });

  it('moves to the next millisecond when the 80 bits overflow', () => {
    const ulid = createUlidGenerator(ones);
    const first = ulid(10);
    expect(first.slice(10)).toBe('ZZZZZZZZZZZZZZZZ');
    const second = ulid(10);
    expect(second.slice(0, 10)).toBe('000000000B'); // 11 ms
    expect(second > first).toBe(true);
  });

  it('draws fresh randomness for a later millisecond', () => {
    let n = 0;
    const ulid = createUlidGenerator(() => new Uint8Array(10).fill(n++));
    const a = ulid(1);
    const b = ulid(2);
    expect(a.slice(10)).toBe('0000000000000000');
    expect(b.slice(10)).not.toBe('0000000000000001');
  });

  it.each([-1, 2 ** 48, 1.5, Number.NaN])('refuses time %s', (now) => {
    expect(() => createUlidGenerator()(now)).toThrow(RangeError);
  });
});

describe('prefixed ids', () => {
  it.each([
    [newKeyId, 'key', 'key'],
    [newOrganizationId, 'org', 'organization'],
    [newAuditEventId, 'evt', 'auditEvent'],
    [newRequestId, 'req', 'request'],
  ] as const)('%o makes %s_ ids', (make, prefix, kind) => {
    const id = make();
    expect(id).toMatch(new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`));
    expect(isId(kind, id)).toBe(true);
  });

  it('sort by creation time, also within one millisecond', () => {
    const ids: string[] = [];
    for (let t = 1_700_000_000_000; t < 1_700_000_000_005; t++) {
      for (let i = 0; i < 50; i++) ids.push(newKeyId(t));
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sort across many ids made as fast as possible', () => {
    const ids = Array.from({ length: 5_000 }, () => newUlid());
    expect([...ids].sort()).toEqual(ids);
  });

  it('carry their creation time', () => {
    const now = Date.UTC(2030, 0, 2, 3, 4, 5, 678);
    expect(idTime(newKeyId(now))).toBe(now);
  });

  it('use only Crockford base32', () => {
    expect(CROCKFORD_BASE32).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ');
    expect(newRequestId()).not.toMatch(/[ILOU]/);
  });
});

describe('isId / idTime', () => {
  it.each([
    ['key', 'key_01JD3M6W9P8X5T2Q7R4N6B1C0A', true],
    ['key', 'org_01JD3M6W9P8X5T2Q7R4N6B1C0A', false],
    ['key', 'key_01JD3M6W9P8X5T2Q7R4N6B1C0', false],
    ['key', 'key_01JD3M6W9P8X5T2Q7R4N6B1C0AA', false],
    ['key', 'key_01jd3m6w9p8x5t2q7r4n6b1c0a', false],
    ['key', 'key_01JD3M6W9P8X5T2Q7R4N6B1COA', false],
    ['key', 'key_81JD3M6W9P8X5T2Q7R4N6B1C0A', false],
    ['organization', 'org_01JD3M6W9P8X5T2Q7R4N6B1C0A', true],
    ['auditEvent', 'evt_01JD3M6W9P8X5T2Q7R4N6B1C0A', true],
    ['request', 'req_01JD3M6W9P8X5T2Q7R4N6B1C0A', true],
  ] as const)('isId(%s, %s) = %s', (kind, value, expected) => {
    expect(isId(kind, value)).toBe(expected);
  });

  it('idTime returns null for non-ids', () => {
    expect(idTime('nope')).toBeNull();
    expect(idTime('key_01JD3M6W9P8X5T2Q7R4N6B1COA')).toBeNull();
  });
});
