/**
 * Public ids: a type prefix and a ULID (48-bit millisecond time + 80 random bits, Crockford
 * base32, 26 characters), e.g. `key_01JD3M6W9P8X5T2Q7R4N6B1C0A`. Ids of one kind sort
 * lexicographically by creation time, which cursor pagination relies on, and within one
 * process they are strictly increasing even inside one millisecond or when the clock steps
 * back. Ids are identifiers, not secrets: the monotonic increment makes them guessable.
 */

import { randomFillSync } from 'node:crypto';
import type { RandomBytesSource } from './base62.js';

/** Crockford's base32 alphabet: no I, L, O or U, so ids survive being read aloud. */
export const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Length of a ULID without prefix. */
export const ULID_LENGTH = 26;

const TIME_LENGTH = 10;
const RANDOM_DIGITS = 16;
const RANDOM_BYTES = 10;
const MAX_TIME = 2 ** 48 - 1;

/** The prefix of each kind of id. */
export const ID_PREFIXES = {
  key: 'key',
  organization: 'org',
  auditEvent: 'evt',
  request: 'req',
  member: 'mem',
  session: 'ses',
} as const;

/** A kind of public id. */
export type IdKind = keyof typeof ID_PREFIXES;

// randomBytes per id would cost a syscall-sized call each time; ids are minted on every
// request, so bytes are drawn in batches and handed out ten at a time.
const POOL = new Uint8Array(RANDOM_BYTES * 128);
let poolOffset = POOL.length;
function pooledRandomBytes(size: number): Uint8Array {
  if (poolOffset + size > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  const view = POOL.subarray(poolOffset, poolOffset + size);
  poolOffset += size;
  return view;
}

function encodeTime(time: number): string {
  let out = '';
  let rest = time;
  for (let i = 0; i < TIME_LENGTH; i++) {
    out = CROCKFORD_BASE32.charAt(rest % 32) + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** Spreads 80 random bits over sixteen 5-bit digits, most significant first. */
function fillDigits(digits: Uint8Array, bytes: Uint8Array): void {
  for (let i = 0; i < RANDOM_DIGITS; i++) {
    const bit = i * 5;
    const at = bit >> 3;
    const window = (bytes[at]! << 8) | (bytes[at + 1] ?? 0);
    digits[i] = (window >> (11 - (bit & 7))) & 31;
  }
}

/** Adds one to the digits; returns false when they were all 31 (the 80 bits overflowed). */
function increment(digits: Uint8Array): boolean {
  for (let i = RANDOM_DIGITS - 1; i >= 0; i--) {
    if (digits[i]! < 31) {
      digits[i]! += 1;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}

/** Makes a ULID; `now` (epoch ms) defaults to the clock. */
export type UlidGenerator = (now?: number) => string;

/**
 * Creates a ULID generator with its own monotonic state. The service uses the shared one
 * behind `newKeyId` & co.; tests create their own for determinism, optionally with a fixed
 * byte source.
 *
 * Within one millisecond (or when `now` goes backwards) the previous random part is
 * incremented instead of redrawn, and the previous time is kept, so every id is greater than
 * the one before. Should the 80 bits ever overflow, the time is advanced by one millisecond.
 */
export function createUlidGenerator(random: RandomBytesSource = pooledRandomBytes): UlidGenerator {
  let lastTime = -1;
  const digits = new Uint8Array(RANDOM_DIGITS);
  return (now = Date.now()) => {
    if (!Number.isInteger(now) || now < 0 || now > MAX_TIME) {
      throw new RangeError(`ULID time must be an integer in 0..2^48-1, got ${now}`);
    }
    if (now > lastTime) {
      lastTime = now;
      fillDigits(digits, random(RANDOM_BYTES));
    } else if (!increment(digits)) {
      lastTime += 1;
      fillDigits(digits, random(RANDOM_BYTES));
    }
    let out = encodeTime(lastTime);
    for (let i = 0; i < RANDOM_DIGITS; i++) out += CROCKFORD_BASE32.charAt(digits[i]!);
    return out;
  };
}

const sharedUlid = createUlidGenerator();

/** A new ULID from the process-wide monotonic generator. */
export function newUlid(now?: number): string {
  return sharedUlid(now);
}

/** A new `<prefix>_<ulid>` id of `kind`. */
export function newId(kind: IdKind, now?: number): string {
  return `${ID_PREFIXES[kind]}_${sharedUlid(now)}`;
}

/** A new API key id, `key_…`. */
export function newKeyId(now?: number): string {
  return newId('key', now);
}

/** A new organization id, `org_…`. */
export function newOrganizationId(now?: number): string {
  return newId('organization', now);
}

/** A new member id, `mem_…`. */
export function newMemberId(now?: number): string {
  return newId('member', now);
}

/** A new session id, `ses_…` (public; the session's token is another, secret value). */
export function newSessionId(now?: number): string {
  return newId('session', now);
}

/** A new audit event id, `evt_…`. */
export function newAuditEventId(now?: number): string {
  return newId('auditEvent', now);
}

/** A new request id, `req_…` (echoed in problem bodies and logs). */
export function newRequestId(now?: number): string {
  return newId('request', now);
}

// The first character carries only 3 bits of the 48-bit time, hence 0-7.
const ULID_BODY = '[0-7][0-9A-HJKMNP-TV-Z]{25}';
const ID_PATTERNS: Record<IdKind, RegExp> = {
  key: new RegExp(`^key_${ULID_BODY}$`),
  organization: new RegExp(`^org_${ULID_BODY}$`),
  auditEvent: new RegExp(`^evt_${ULID_BODY}$`),
  request: new RegExp(`^req_${ULID_BODY}$`),
  member: new RegExp(`^mem_${ULID_BODY}$`),
  session: new RegExp(`^ses_${ULID_BODY}$`),
};
const BARE_ULID = new RegExp(`^${ULID_BODY}$`);

/**
 * True when `value` is a well-formed id of `kind`. Routes use it to answer 404 for a
 * malformed id without a lookup.
 */
export function isId(kind: IdKind, value: string): boolean {
  return value.length === ID_PREFIXES[kind].length + 1 + ULID_LENGTH && ID_PATTERNS[kind].test(value);
}

/** The creation time (epoch ms) encoded in an id or a bare ULID; null when it is neither. */
export function idTime(id: string): number | null {
  const ulid = id.slice(-ULID_LENGTH);
  if (ulid.length !== ULID_LENGTH || !BARE_ULID.test(ulid)) return null;
  let time = 0;
  for (let i = 0; i < TIME_LENGTH; i++) time = time * 32 + CROCKFORD_BASE32.indexOf(ulid.charAt(i));
  return time;
}
