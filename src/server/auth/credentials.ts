/**
 * Where a client puts its key: `X-API-Key: <key>` or `Authorization: Bearer <key>`.
 * Returns the presented key, `null` when none was sent, or `conflict` when both headers carry
 * different keys (refused rather than guessing which one the client meant).
 */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | null | 'conflict' {
  const fromHeader = single(headers['x-api-key']);
  const fromBearer = bearerToken(single(headers.authorization));
  if (fromHeader !== null && fromBearer !== null && fromHeader !== fromBearer) return 'conflict';
  return fromHeader ?? fromBearer;
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
