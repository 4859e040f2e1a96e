/**
 * Keeps the API key out of anything the client hands back: errors from a `fetch`
 * implementation and text from bodies it quotes. A fetch implementation or a proxy is not
 * ours to trust with the secret, so whatever they say passes through here first.
 */

/** What the key is replaced with. */
export const REDACTED = '[REDACTED]';

/** `text` with every occurrence of `secret` replaced by `[REDACTED]`. */
export function redactText(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join(REDACTED);
}

// Own enumerable properties (an error's `code`, `headers`...; a thrown plain object's fields).
// Unserialisable values count as mentioning the secret: they cannot be checked.
function propertiesMention(value: object, secret: string): boolean {
  try {
    return (JSON.stringify(value) ?? '').includes(secret);
  } catch {
    return true;
  }
}

function mentions(error: unknown, secret: string, depth: number): boolean {
  if (typeof error === 'string') return error.includes(secret);
  if (typeof error !== 'object' || error === null) return false;
  if (depth > 5 || propertiesMention(error, secret)) return true;
  if (!(error instanceof Error)) return false;
  return (
    error.message.includes(secret) ||
    (error.stack?.includes(secret) ?? false) ||
    mentions(error.cause, secret, depth + 1)
  );
}

/**
 * `error` itself when neither it, its properties nor its causes mention `secret`; otherwise a
 * plain `Error` with the same name and a redacted message, and no cause or properties (they
 * could only leak it again).
 */
export function redactError(error: unknown, secret: string): unknown {
  // No secret (a session client): every text "mentions" the empty string.
  if (secret === '' || !mentions(error, secret, 0)) return error;
  if (typeof error === 'string') return redactText(error, secret);
  if (!(error instanceof Error)) return new Error(`a value that mentions the API key was thrown (${REDACTED})`);
  const copy = new Error(redactText(error.message, secret));
  copy.name = error.name;
  return copy;
}
