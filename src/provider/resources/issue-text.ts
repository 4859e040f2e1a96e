/**
 * src/core words its issues as clauses ("prefix length must be 0 to 32 for IPv4"), so that
 * each caller can finish them; a diagnostic's detail is a sentence.
 */

/** The text with its first letter in upper case. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
