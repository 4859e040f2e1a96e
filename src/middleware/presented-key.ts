/**
 * Reads the key a request presents, the way the service does (src/server/auth/credentials.ts,
 * a pure function imported from there so that both refuse the same requests): `X-API-Key` or
 * `Authorization: Bearer`, and never a guess between two different keys.
 */

import { presentedKey } from '../server/auth/credentials.js';
import type { PresentedCredential } from './key-verifier.js';

// What Node's rawHeaders hold for a request that sent Authorization twice.
const REPEATED_AUTHORIZATION = Object.freeze(['Authorization', '', 'Authorization', '']);

/**
 * The key presented in Fetch API `headers`. The Fetch API joins a repeated header into one
 * value with ", ", and a bearer token never holds a comma (RFC 6750), so a comma in
 * `Authorization` means the header came more than once: refused as ambiguous, as the service does.
 */
export function presentedKeyOfHeaders(headers: Headers): PresentedCredential {
  const authorization = headers.get('authorization') ?? undefined;
  const raw = authorization?.includes(',') ? REPEATED_AUTHORIZATION : [];
  return presentedKey({ 'x-api-key': headers.get('x-api-key') ?? undefined, authorization }, raw);
}

/** The key presented in a Node request (`IncomingMessage`: `headers` and `rawHeaders`). */
export function presentedKeyOfNodeRequest(request: {
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: readonly string[];
}): PresentedCredential {
  return presentedKey(request.headers, request.rawHeaders);
}
