import { describe, expect, it } from 'vitest';
import { BASE62_ALPHABET, encodeBase62Uint32 } from '../../src/core/base62.js';
import { crc32 } from '../../src/core/crc32.js';
import {
  generateSecret,
  MAX_SECRET_LENGTH,
  parseSecret,
  redactSecrets,
  SECRET_REJECTION_MESSAGES,
  secretHint,
  secretPartsFor,
  validateIssuer,
  validateTag,
} from '../../src/core/key-format.js';
import type { KeyPolicy } from '../../src/core/types.js';

/** A secret built by hand, independent of generateSecret. */
function handMade(issuer: string, tag: string, random: string): string {
  const body = `${issuer}_${tag}_${random}`;
  return body + encodeBase62Uint32(crc32(body));
}

const RANDOM = 'a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuV';
const KNOWN = handMade('nm', 'acme', RANDOM);

describe('generateSecret', () => {
  it('has the form <issuer>_<tag>_<32 base62><6 base62> and parses back', () => {
    const secret = generateSecret({ issuer: 'nm', tag: 'acme' });
    expect(secret).toMatch(/^nm_acme_[0-9A-Za-z]{38}$/);
    expect(secret).toHaveLength('nm_acme_'.length + 38);
    const parsed = parseSecret(secret);
    expect(parsed).toEqual({
      ok: true,
      issuer: 'nm',
      tag: 'acme',
      random: secret.slice(8, 40),
      checksum: secret.slice(40),
    });
  });

  it('never repeats', () => {
    const seen = new Set(Array.from({ length: 1_000 }, () => generateSecret({ issuer: 'nm', tag: 'live' })));
    expect(seen.size).toBe(1_000);
  });

  it.each([
    [{ issuer: 'n', tag: 'acme' }],
    [{ issuer: 'NM', tag: 'acme' }],
    [{ issuer: '1nm', tag: 'acme' }],
    [{ issuer: 'abcdefghijk', tag: 'acme' }],
    [{ issuer: 'nm', tag: '' }],
    [{ issuer: 'nm', tag: 'Acme' }],
    [{ issuer: 'nm', tag: 'ac_me' }],
    [{ issuer: 'nm', tag: 'a'.repeat(33) }],
  ])('refuses invalid parts %j', (parts) => {
    expect(() => generateSecret(parts)).toThrow(RangeError);
  });

  it('accepts the longest issuer and tag', () => {
    const secret = generateSecret({ issuer: 'a123456789', tag: 'b'.repeat(32) });
    expect(secret).toHaveLength(82);
    expect(parseSecret(secret).ok).toBe(true);
  });
});

describe('parseSecret', () => {
  it('accepts a hand-made secret with a correct checksum', () => {
    expect(parseSecret(KNOWN)).toEqual({
      ok: true,
      issuer: 'nm',
      tag: 'acme',
      random: RANDOM,
      checksum: encodeBase62Uint32(crc32(`nm_acme_${RANDOM}`)),
    });
  });

  it.each([
    ['', 'empty'],
    ['x'.repeat(MAX_SECRET_LENGTH + 1), 'too_long'],
    [`nm_acme_${'a'.repeat(MAX_SECRET_LENGTH)}`, 'too_long'],
    ['nm_acme', 'bad_format'],
    ['nm_acme_', 'bad_format'],
    [KNOWN.slice(0, -1), 'bad_format'],
    [`${KNOWN}0`, 'bad_format'],
    [` ${KNOWN}`, 'bad_format'],
    [`${KNOWN}\n`, 'bad_format'],
    [`Bearer ${KNOWN}`, 'bad_format'],
    [KNOWN.replace('nm_', 'NM_'), 'bad_format'],
    [KNOWN.replace('nm_acme_', 'nm_ac-me_'), 'bad_format'],
    [KNOWN.replace('nm_acme_', 'nm__'), 'bad_format'],
    [KNOWN.replace('nm_acme_', 'nm_acme_x_'), 'bad_format'],
    [handMade('nm', 'acme', RANDOM.slice(0, 31)), 'bad_format'],
    [`nm_acme_${RANDOM}000000`, 'bad_checksum'],
  ])('rejects %j as %s', (presented, reason) => {
    expect(parseSecret(presented)).toEqual({ ok: false, reason });
  });

  it('rejects every single-character change at every position', () => {
    const alternatives = `${BASE62_ALPHABET}_`;
    let tried = 0;
    for (let i = 0; i < KNOWN.length; i++) {
      for (const ch of alternatives) {
        if (ch === KNOWN[i]) continue;
        const changed = KNOWN.slice(0, i) + ch + KNOWN.slice(i + 1);
        const result = parseSecret(changed);
        expect(result.ok, `position ${i} → ${ch}`).toBe(false);
        tried++;
      }
    }
    expect(tried).toBe(KNOWN.length * 62);
  });

  it('rejects a checksum off by one in its last character as bad_checksum', () => {
    const last = KNOWN.at(-1)!;
    const next = BASE62_ALPHABET[(BASE62_ALPHABET.indexOf(last) + 1) % 62]!;
    expect(parseSecret(KNOWN.slice(0, -1) + next)).toEqual({ ok: false, reason: 'bad_checksum' });
  });

  it('rejects swapped neighbouring characters of the random part', () => {
    for (let i = 8; i < 8 + 31; i++) {
      if (KNOWN[i] === KNOWN[i + 1]) continue;
      const swapped = KNOWN.slice(0, i) + KNOWN[i + 1] + KNOWN[i] + KNOWN.slice(i + 2);
      expect(parseSecret(swapped)).toEqual({ ok: false, reason: 'bad_checksum' });
    }
  });

  it('never quotes the presented value in its messages', () => {
    for (const message of Object.values(SECRET_REJECTION_MESSAGES)) {
      expect(message).not.toContain('nm_acme_a1');
    }
  });
});

describe('secretHint', () => {
  it.each([
    [KNOWN, `nm_acme_…${KNOWN.slice(-4)}`],
    ['nm_live_abcdefghijklmnopqrstuvwxyz012345WXYZ', 'nm_live_…WXYZ'],
  ])('hints %s as %s', (secret, hint) => {
    expect(secretHint(secret)).toBe(hint);
  });

  it('uses the unicode ellipsis and reveals only the last four characters', () => {
    const secret = generateSecret({ issuer: 'nm', tag: 'acme' });
    const hint = secretHint(secret);
    expect(hint).toHaveLength('nm_acme_'.length + 1 + 4);
    expect(hint.charAt(8)).toBe('\u2026');
    expect(hint.endsWith(secret.slice(-4))).toBe(true);
  });
});

describe('redactSecrets', () => {
  it('replaces secrets found in text by their hint', () => {
    const text = `header X-API-Key: ${KNOWN}, other=${KNOWN}.`;
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(RANDOM);
    expect(redacted).toBe(`header X-API-Key: ${secretHint(KNOWN)}, other=${secretHint(KNOWN)}.`);
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('key_01JD3M6W9P8X5T2Q7R4N6B1C0A created')).toBe('key_01JD3M6W9P8X5T2Q7R4N6B1C0A created');
  });
});

describe('validateIssuer / validateTag', () => {
  it.each([['nm'], ['acme1'], ['a123456789']])('issuer %s is valid', (issuer) => {
    expect(validateIssuer(issuer)).toEqual([]);
  });
  it.each([['n'], ['Nm'], ['9nm'], ['nm_'], ['a1234567890']])('issuer %s is invalid', (issuer) => {
    expect(validateIssuer(issuer)).toEqual([
      {
        path: [],
        message: `"${issuer}" is not a valid issuer prefix: use 2 to 10 lower-case letters or digits, starting with a letter (for example "nm")`,
      },
    ]);
  });
  it.each([['live'], ['acme'], ['0'], ['x'.repeat(32)]])('tag %s is valid', (tag) => {
    expect(validateTag(tag)).toEqual([]);
  });
  it.each([[''], ['Live'], ['li-ve'], ['x'.repeat(33)]])('tag %j is invalid', (tag) => {
    expect(validateTag(tag)).toHaveLength(1);
  });
});

describe('secretPartsFor', () => {
  const policy = (over: Partial<KeyPolicy>): KeyPolicy => ({
    defaultTtlSeconds: null,
    maxTtlSeconds: null,
    issuerPrefix: 'nm',
    tagStyle: 'organization',
    environmentTag: null,
    ...over,
  });

  it('uses the slug for tag style organization', () => {
    expect(secretPartsFor({ slug: 'acme', keyPolicy: policy({}) })).toEqual({ issuer: 'nm', tag: 'acme' });
  });
  it('uses the environment tag for tag style environment', () => {
    expect(
      secretPartsFor({ slug: 'acme', keyPolicy: policy({ tagStyle: 'environment', environmentTag: 'live' }) }),
    ).toEqual({ issuer: 'nm', tag: 'live' });
  });
  it('throws on an incomplete environment policy (a bug)', () => {
    expect(() => secretPartsFor({ slug: 'acme', keyPolicy: policy({ tagStyle: 'environment' }) })).toThrow();
  });
});
