/**
 * The secret format: `<issuer>_<tag>_<32 random base62><6-char base62 CRC-32>`, for example
 * `nm_acme_` + 38 characters. The issuer and tag make a key recognisable (to a person and to
 * a secret scanner); the checksum lets anyone reject a mistyped or made-up key without a
 * database lookup. 32 base62 characters carry about 190 bits of entropy.
 */

import { BASE62_UINT32_WIDTH, encodeBase62Uint32, randomBase62 } from './base62.js';
import { crc32 } from './crc32.js';
import type { Issue } from './issues.js';
import { quoteInput } from './display-text.js';
import type { Organization } from './types.js';

/** Issuer prefix rule: a lower-case letter, then 1 to 9 lower-case letters or digits. */
export const ISSUER_PATTERN = /^[a-z][a-z0-9]{1,9}$/;
/** Tag rule (organization slug or environment such as `live`): 1 to 32 lower-case letters or digits. */
export const TAG_PATTERN = /^[a-z0-9]{1,32}$/;
/** Number of random base62 characters in a secret. */
export const SECRET_RANDOM_LENGTH = 32;
/** Number of checksum characters at the end of a secret. */
export const SECRET_CHECKSUM_LENGTH = BASE62_UINT32_WIDTH;
/**
 * Input longer than this is refused before any pattern is tried, so a hostile header costs
 * nothing. The longest valid secret is 10 + 1 + 32 + 1 + 38 = 82 characters.
 */
export const MAX_SECRET_LENGTH = 200;

// Underscores cannot occur inside the issuer, the tag or the base62 body, so each part is
// delimited unambiguously and the match is linear in the input length.
const SECRET_PATTERN = /^([a-z][a-z0-9]{1,9})_([a-z0-9]{1,32})_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/;

/** The parts of a secret that passed the format and checksum checks. */
export interface ParsedSecret {
  ok: true;
  issuer: string;
  tag: string;
  random: string;
  checksum: string;
}

/** Why a presented secret was refused without a lookup. */
export type SecretRejectionReason = 'empty' | 'too_long' | 'bad_format' | 'bad_checksum';

/** A presented string that is not a well-formed secret. */
export interface RejectedSecret {
  ok: false;
  reason: SecretRejectionReason;
}

/** Result of {@link parseSecret}. */
export type SecretParseResult = ParsedSecret | RejectedSecret;

/**
 * Public explanations of each rejection, fit for a problem `detail`. They never quote the
 * presented value: it may be a real secret with one typo.
 */
export const SECRET_REJECTION_MESSAGES: Record<SecretRejectionReason, string> = {
  empty: 'The API key is empty. Send the whole key in X-API-Key or Authorization: Bearer.',
  too_long: `The API key is longer than ${MAX_SECRET_LENGTH} characters, so it cannot be a Keyplane key. Check that only the key was sent.`,
  bad_format:
    'The API key does not have the form <issuer>_<tag>_<38 letters and digits>. Check that the whole key was copied and nothing was added.',
  bad_checksum:
    "The API key's checksum does not match: it was mistyped, truncated or is not a real key. Copy the key again from where it was stored.",
};

/** The six-character checksum of `<issuer>_<tag>_<random>`. */
function checksumOf(body: string): string {
  return encodeBase62Uint32(crc32(body));
}

/**
 * Checks an issuer prefix (from an organization's key policy). Returns no issues when valid.
 * Paths are relative; prefix them with the field that holds the issuer.
 */
export function validateIssuer(issuer: string): Issue[] {
  if (ISSUER_PATTERN.test(issuer)) return [];
  return [
    {
      path: [],
      message: `${quoteInput(issuer)} is not a valid issuer prefix: use 2 to 10 lower-case letters or digits, starting with a letter (for example "nm")`,
    },
  ];
}

/** Checks a secret tag (organization slug or environment tag). Returns no issues when valid. */
export function validateTag(tag: string): Issue[] {
  if (TAG_PATTERN.test(tag)) return [];
  return [
    {
      path: [],
      message: `${quoteInput(tag)} is not a valid key tag: use 1 to 32 lower-case letters or digits (for example "acme" or "live")`,
    },
  ];
}

/** What goes before the random part of an organization's secrets. */
export interface SecretPrefixParts {
  issuer: string;
  tag: string;
}

/**
 * The issuer and tag for a new secret of `org`: the slug when the policy's tag style is
 * `organization`, the environment tag when it is `environment`. Throws when the policy is
 * incomplete, which validation on organization create/update must have prevented (a bug).
 */
export function secretPartsFor(org: Pick<Organization, 'slug' | 'keyPolicy'>): SecretPrefixParts {
  const { issuerPrefix, tagStyle, environmentTag } = org.keyPolicy;
  if (tagStyle === 'environment') {
    if (environmentTag === null) {
      throw new Error('key policy has tag style "environment" but no environment tag');
    }
    return { issuer: issuerPrefix, tag: environmentTag };
  }
  return { issuer: issuerPrefix, tag: org.slug };
}

/**
 * Generates a new secret with a CSPRNG. The caller shows it once and stores only its hash.
 * Throws a RangeError when issuer or tag break their patterns: they come from a validated
 * key policy, so that is a bug, not user input.
 */
export function generateSecret(parts: SecretPrefixParts): string {
  const { issuer, tag } = parts;
  if (!ISSUER_PATTERN.test(issuer)) throw new RangeError('generateSecret: invalid issuer prefix');
  if (!TAG_PATTERN.test(tag)) throw new RangeError('generateSecret: invalid tag');
  const body = `${issuer}_${tag}_${randomBase62(SECRET_RANDOM_LENGTH)}`;
  return body + checksumOf(body);
}

/**
 * Checks that `presented` is a well-formed secret with a correct checksum, without touching
 * storage. Anything else (wrong shape, wrong checksum, absurd length) is rejected with a
 * reason; the caller answers 401 MALFORMED_KEY and never looks it up.
 */
export function parseSecret(presented: string): SecretParseResult {
  if (presented.length === 0) return { ok: false, reason: 'empty' };
  if (presented.length > MAX_SECRET_LENGTH) return { ok: false, reason: 'too_long' };
  const match = SECRET_PATTERN.exec(presented);
  if (match === null) return { ok: false, reason: 'bad_format' };
  const [, issuer, tag, random, checksum] = match as unknown as [string, string, string, string, string];
  const expected = checksumOf(presented.slice(0, presented.length - SECRET_CHECKSUM_LENGTH));
  if (expected !== checksum) return { ok: false, reason: 'bad_checksum' };
  return { ok: true, issuer, tag, random, checksum };
}

/**
 * The display hint of a secret: everything up to the last underscore, an ellipsis, then the
 * last four characters, e.g. `nm_acme_…x7Kq`. The four characters belong to the checksum, so
 * the hint reveals at most 24 bits about the ~190 random bits; enough to tell keys apart.
 */
export function secretHint(secret: string): string {
  const cut = secret.lastIndexOf('_');
  return `${secret.slice(0, cut + 1)}…${secret.slice(-4)}`;
}

// The shape of SECRET_PATTERN, unanchored and unbounded: a secret glued to other text
// (`x_nm_acme_…`, `%22nm_acme_…`, `nm_acme_…x`) is still a secret, and so is one with a
// few characters missing or added (a typo, a truncated paste): 20 or more characters after
// the tag already give away most of the random part. An underscore may also arrive
// percent-encoded (`%5F`), as it does in raw URLs.
const SECRET_ANYWHERE = /[a-z][a-z0-9]{1,9}(?:_|%5[Ff])[a-z0-9]{1,32}(?:_|%5[Ff])[0-9A-Za-z]{20,}/g;

/**
 * Replaces everything in `text` that has the shape of a secret by its hint, for loggers and
 * error paths that might otherwise echo a header or a body. A safety net, not a licence to
 * log secrets.
 */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_ANYWHERE, (found) => secretHint(found));
}
