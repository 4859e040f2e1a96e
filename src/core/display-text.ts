/**
 * What text a person-facing field may hold. Names, descriptions, metadata values and revoke
 * reasons end up in terminals (the CLI's tables), spreadsheets (the CSV export) and the
 * console, so a character that a terminal executes (ESC starts an ANSI sequence, CR moves the
 * cursor back over what was printed), that reorders what is shown (bidirectional controls:
 * the "Trojan Source" trick) or that is invisible (a name that looks like another one) lets
 * whoever writes a field change what somebody else reads. The service refuses such text on
 * the way in, and the CLI and the CSV export escape it on the way out (rows stored before
 * this rule may still hold it).
 *
 * Refused, by kind:
 * - control: C0 (U+0000–U+001F) and DEL with C1 (U+007F–U+009F), which covers ESC, NUL and NEL;
 * - line break: LF and CR, and U+2028/U+2029, which many renderers treat as a new line;
 * - lone surrogate: half of a UTF-16 pair without the other half, which is not a character
 *   and becomes U+FFFD or an encoding error depending on who reads it;
 * - bidirectional control: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069;
 * - invisible: U+200B (zero width space), U+2060–U+2064 (word joiner, invisible operators),
 *   U+206A–U+206F (deprecated shaping controls), U+FEFF (byte order mark), U+FFF9–U+FFFB
 *   (interlinear annotation, which hides text) and the tags U+E0000–U+E007F, which carry
 *   invisible ASCII ("ASCII smuggling"). Tags also spell subdivision flags such as England's;
 *   a key name loses little without them.
 * Allowed on purpose: U+200C and U+200D (zero width non-joiner and joiner: Persian, Indic
 * scripts and emoji sequences need them), variation selectors (emoji), the soft hyphen.
 *
 * Free text (descriptions, a revoke reason) may also hold LF and tab: it has lines.
 */

import type { Issue, IssuePath } from './issues.js';

/** A single line (names, labels, metadata values), or free text that may hold LF and tab. */
export type TextShape = 'single_line' | 'free_text';

/** Why a character cannot be shown safely. */
export type UnsafeCharacterKind = 'control' | 'line_break' | 'lone_surrogate' | 'bidi_control' | 'invisible';

/** One character that cannot be shown safely: its code point and 1-based position in code points. */
export interface UnsafeCharacter {
  codePoint: number;
  position: number;
  kind: UnsafeCharacterKind;
}

// First match wins: LF and CR are named as line breaks before the C0 block names them controls.
const UNSAFE_RANGES: ReadonlyArray<readonly [from: number, to: number, kind: UnsafeCharacterKind]> = [
  [0x0a, 0x0a, 'line_break'],
  [0x0d, 0x0d, 'line_break'],
  [0x00, 0x1f, 'control'],
  [0x7f, 0x9f, 'control'],
  [0x061c, 0x061c, 'bidi_control'],
  [0x200b, 0x200b, 'invisible'],
  [0x200e, 0x200f, 'bidi_control'],
  [0x2028, 0x2029, 'line_break'],
  [0x202a, 0x202e, 'bidi_control'],
  [0x2060, 0x2064, 'invisible'],
  [0x2066, 0x2069, 'bidi_control'],
  [0x206a, 0x206f, 'invisible'],
  // Iterating a string by code points yields a surrogate only when it has no partner.
  [0xd800, 0xdfff, 'lone_surrogate'],
  [0xfeff, 0xfeff, 'invisible'],
  [0xfff9, 0xfffb, 'invisible'],
  [0xe0000, 0xe007f, 'invisible'],
];

const LINE_FEED = 0x0a;
const TAB = 0x09;

/**
 * The pattern of a free-text query filter (`GET /v1/keys?name=`, `target_id`): no C0 or C1
 * control character. openapi.yaml states it on those parameters (test/contract keeps them
 * equal); a NUL there used to cut the SQL pattern short and match every key. Other characters
 * this module refuses stay allowed in filters, so that rows stored before the rule can be found.
 */
export const FILTER_TEXT_PATTERN = /^[^\x00-\x1F\x7F-\x9F]*$/;

/** The kind of `codePoint` when `shape` cannot hold it, or null when it is safe to show. */
export function unsafeCharacterKind(codePoint: number, shape: TextShape): UnsafeCharacterKind | null {
  if (shape === 'free_text' && (codePoint === LINE_FEED || codePoint === TAB)) return null;
  for (const [from, to, kind] of UNSAFE_RANGES) if (codePoint >= from && codePoint <= to) return kind;
  return null;
}

/** Every character of `text` that `shape` cannot hold, in order. */
export function findUnsafeCharacters(text: string, shape: TextShape): UnsafeCharacter[] {
  const found: UnsafeCharacter[] = [];
  let position = 0;
  for (const character of text) {
    position++;
    const codePoint = character.codePointAt(0)!;
    const kind = unsafeCharacterKind(codePoint, shape);
    if (kind) found.push({ codePoint, position, kind });
  }
  return found;
}

/** `U+001B`: how a message names a character, never the character itself. */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

const DESCRIPTIONS: Record<UnsafeCharacterKind, string> = {
  control: 'a control character',
  line_break: 'a line break',
  lone_surrogate: 'a lone surrogate',
  bidi_control: 'a bidirectional control character',
  invisible: 'an invisible format character',
};

/**
 * What is wrong with `text` as a field called `label`, e.g. `name contains a control
 * character (U+001B) at position 4; remove it`, or null when every character is safe to
 * show. The offending character is named by its code point, never repeated.
 */
export function displayTextProblem(label: string, text: string, shape: TextShape): string | null {
  const found = findUnsafeCharacters(text, shape);
  const first = found[0];
  if (!first) return null;
  const code = codePointName(first.codePoint);
  const lineBreakInText = first.kind === 'line_break' && shape === 'free_text';
  const what = lineBreakInText ? `a line break other than a line feed (${code})` : `${DESCRIPTIONS[first.kind]} (${code})`;
  const others = found.length - 1;
  if (others > 0) {
    const more = `${others} more character${others > 1 ? 's' : ''} that cannot be shown safely`;
    return `${label} contains ${what} at position ${first.position} and ${more}; remove them`;
  }
  const remedy = lineBreakInText
    ? 'break lines with a line feed (U+000A) only'
    : first.kind === 'line_break'
      ? 'it must be a single line; remove it'
      : 'remove it';
  return `${label} contains ${what} at position ${first.position}; ${remedy}`;
}

/** {@link displayTextProblem} as an issue at `path`, or no issue. */
export function validateDisplayText(path: IssuePath, label: string, text: string, shape: TextShape): Issue[] {
  const message = displayTextProblem(label, text, shape);
  return message === null ? [] : [{ path, message }];
}

/**
 * `text` with every character `shape` cannot hold written as a visible escape, ESC as
 * `\u{1b}`, for output a person reads (CLI tables, the CSV export). Lossy on purpose: a
 * stored `\u{1b}` typed literally reads the same; the JSON export is the exact record.
 */
export function escapeUnsafeText(text: string, shape: TextShape): string {
  let out = '';
  let escaped = false;
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    if (unsafeCharacterKind(codePoint, shape)) {
      out += `\\u{${codePoint.toString(16)}}`;
      escaped = true;
    } else {
      out += character;
    }
  }
  return escaped ? out : text;
}

/**
 * Quotes user input for a message. Long input is cut so that a hostile value cannot blow up
 * a response or a log line; JSON quoting makes C0 controls and lone surrogates visible, and
 * what JSON leaves as it is (C1 controls, bidirectional and invisible characters) is escaped
 * too, so that a message never carries a character that changes how it is shown.
 */
export function quoteInput(value: string, maxLength = 64): string {
  const shown = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
  return escapeUnsafeText(JSON.stringify(shown), 'single_line');
}
