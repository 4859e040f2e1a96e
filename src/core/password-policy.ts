/**
 * What a member's password must be, after NIST SP 800-63B (revision 4): long rather than
 * complicated. At least 15 characters (the minimum for a password that is the only factor),
 * any characters, spaces welcome, no composition rules; and not a commonly used password or
 * an easy variation of one, which is what attackers try first. The second check is zxcvbn's
 * estimate (Dropbox's, in its maintained TypeScript port) over its list of the most common
 * passwords, words and names, keyboard walks, sequences and repeats; the person's own e-mail,
 * name and organization count as guessable words too.
 *
 * Pure: the server refuses a weak password with this, the console uses it to help before a
 * request is made, and both say the same.
 */

import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import type { Issue, IssuePath } from './issues.js';

export const PASSWORD_MIN_LENGTH = 15;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * zxcvbn's score: 3 is "safely unguessable: moderate protection from an offline attack"
 * (about 10^8 guesses and more). A 15-character passphrase of ordinary words clears it; a
 * long repeat, a keyboard walk or a common password with digits appended does not.
 */
const MINIMUM_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: loading the dictionaries costs some milliseconds a start-up need not pay. */
function passwordEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator;
}

/** Why zxcvbn found a password guessable, in words a person can act on. */
const WEAKNESS: Record<string, string> = {
  commonPasswords: 'it is one of the most commonly used passwords',
  similarToCommon: 'it is a commonly used password, or close to one',
  topTen: 'it is one of the ten most commonly used passwords',
  topHundred: 'it is one of the hundred most commonly used passwords',
  wordByItself: 'a single word is easy to guess',
  namesByThemselves: 'a name on its own is easy to guess',
  commonNames: 'common names are easy to guess',
  userInputs: 'it contains your e-mail, your name or the organization',
  straightRow: 'it is a row of keys on the keyboard',
  keyPattern: 'it is a pattern on the keyboard',
  simpleRepeat: 'it repeats a character',
  extendedRepeat: 'it repeats a group of characters',
  sequences: 'it is a sequence such as abc or 123',
  recentYears: 'it is made of recent years',
  dates: 'it is made of a date',
};

/**
 * Checks a new password. Returns null when it may be used, or an issue at `path` that says
 * what is wrong and what to do; the password itself is never in it.
 */
export function checkPassword(password: string, path: IssuePath, personal: readonly string[] = []): Issue | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return {
      path,
      message: `must be at least ${PASSWORD_MIN_LENGTH} characters (it has ${length}); a few unrelated words make a long password that is easy to remember`,
    };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return { path, message: `must be at most ${PASSWORD_MAX_LENGTH} characters (it has ${length})` };
  }
  const inputs = personal.flatMap((text) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((word) => word.length >= 3);
  // Judged as typed and without its spaces: zxcvbn sees "word word word word" as four
  // words, not as the repeat it is once the spaces go.
  const estimator = passwordEstimator();
  const typed = estimator.check(password, inputs);
  const squeezed = /\s/.test(password) ? estimator.check(password.replace(/\s+/g, ''), inputs) : typed;
  const result = squeezed.score < typed.score ? squeezed : typed;
  if (result.score >= MINIMUM_SCORE) return null;
  const why = WEAKNESS[result.feedback.warning ?? ''] ?? 'it follows a pattern that is tried early when guessing';
  return { path, message: `is too easy to guess: ${why}. Use a longer passphrase of a few unrelated words` };
}
