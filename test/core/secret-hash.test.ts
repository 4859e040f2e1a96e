import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSecret, SECRET_HASH_HEX_LENGTH, secretHashesEqual } from '../../src/core/secret-hash.js';

const SERVER_SECRET = Buffer.from('0123456789abcdef0123456789abcdef');

describe('hashSecret', () => {
  it('matches the RFC 4231 HMAC-SHA-256 test case 2', () => {
    expect(hashSecret('what do ya want for nothing?', Buffer.from('Jefe'))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('is the lower-case hex HMAC-SHA-256 of the secret', () => {
    const secret = 'nm_acme_a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuV000000';
    const expected = createHmac('sha256', SERVER_SECRET).update(secret).digest('hex');
    expect(hashSecret(secret, SERVER_SECRET)).toBe(expected);
    expect(hashSecret(secret, SERVER_SECRET)).toMatch(/^[0-9a-f]{64}$/);
    expect(SECRET_HASH_HEX_LENGTH).toBe(64);
  });

  it('depends on the server secret', () => {
    const other = Buffer.from('another server secret, same length');
    expect(hashSecret('s', SERVER_SECRET)).not.toBe(hashSecret('s', other));
  });
});

describe('secretHashesEqual', () => {
  const a = hashSecret('one', SERVER_SECRET);
  const b = hashSecret('two', SERVER_SECRET);

  it.each([
    ['identical', a, a, true],
    ['different', a, b, false],
    ['last character differs', a, `${a.slice(0, -1)}${a.endsWith('0') ? '1' : '0'}`, false],
    ['shorter', a, a.slice(0, -1), false],
    ['longer', a, `${a}0`, false],
    ['empty vs hash', '', a, false],
    ['both empty', '', '', true],
    ['multi-byte characters of equal UTF-16 length', 'Ā', '\u0000', false],
  ])('%s → %s', (_name, left, right, expected) => {
    expect(secretHashesEqual(left, right)).toBe(expected);
  });
});
