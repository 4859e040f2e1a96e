/**
 * Where a client puts its key: `X-API-Key: <key>` or `Authorization: Bearer <key>`.
 * Returns the presented key, `null` when none was sent, or `{ ambiguous }` with the reason
 * when the request carries more than one candidate: two different keys in the two headers,
 * or the Authorization header twice. Such a request is refused rather than guessing which
 * key the client meant, since a proxy that adds its own header must not pick the winner.
 */
export function presentedKey(
  headers: Record<string, string | string[] | undefined>,
  rawHeaders: readonly string[] = [],
): string | null | { ambiguous: string } {
  // Node keeps only the first of repeated Authorization headers: count them in the raw list.
  if (occurrences(rawHeaders, 'authorization') > 1) {
    return { ambiguous: 'The request carries more than one Authorization header; send exactly one.' };
  }
  const fromHeader = single(headers['x-api-key']);
  const fromBearer = bearerToken(single(headers.authorization));
  if (fromHeader !== null && fromBearer !== null && fromHeader !== fromBearer) {
    return { ambiguous: 'The X-API-Key and Authorization headers carry different keys; send one key.' };
  }
  return fromHeader ?? fromBearer;
}

/** How often `name` (lower case) stands in Node's `rawHeaders` (name, value, name, value…). */
function occurrences(rawHeaders: readonly string[], name: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.length === name.length && rawHeaders[i]!.toLowerCase() === name) count++;
  return count;
}

function single(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : null;
}

function bearerToken(authorization: string | null): string | null {
  if (authorization === null) return null;
  // RFC 6750: the scheme is case-insensitive, one or more spaces before the token.
  const match = /^bearer +(\S+)$/i.exec(authorization);
  return match ? match[1]! : null;
}
