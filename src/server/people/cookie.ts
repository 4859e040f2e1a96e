/**
 * The session cookie. Named `__Host-keyplane_session` when the service is reached over HTTPS:
 * the prefix makes browsers refuse it unless it is `Secure`, has `Path=/` and no `Domain`, so
 * a sibling subdomain cannot plant or shadow it. Over plain HTTP (a service on 127.0.0.1) the
 * prefix is not allowed, and the name is `keyplane_session`.
 */
export const SESSION_COOKIE = 'keyplane_session';
export const SECURE_SESSION_COOKIE = '__Host-keyplane_session';

/** The cookie's name and `Secure` flag for a service reached at `publicUrl`. */
export function cookieSecurity(publicUrl: string): { name: string; secure: boolean } {
  const secure = publicUrl.startsWith('https:');
  return { name: secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, secure };
}

/**
 * The value of cookie `name` in a `Cookie` header, or null. When a browser sends the name
 * twice (a cookie set for a wider path by something else), neither is trusted.
 */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  let found: string | null = null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    if (found !== null) return null;
    found = part.slice(eq + 1).trim();
  }
  return found === '' ? null : found;
}

/** `Set-Cookie` for a new session that lasts `maxAgeSeconds`. */
export function sessionCookie(name: string, token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${name}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secure ? '; Secure' : ''}`;
}

/** `Set-Cookie` that removes the session cookie. */
export function clearedSessionCookie(name: string, secure: boolean): string {
  return `${name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
