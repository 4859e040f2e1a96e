/**
 * The headers every answer of the console carries. The Content-Security-Policy allows only
 * Keyplane's own files: no inline script or style, no other origin, no framing, and the
 * console's one way out is fetch to the service's own `/v1` API.
 */

/** The console's Content-Security-Policy. */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  // Forms are handled by script; a form that would really be submitted is a bug, and must not
  // put a password in a URL.
  "form-action 'none'",
  "frame-ancestors 'none'",
  // The DOM is built by Preact without HTML strings; anything assigning one is refused.
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

/** Security headers of every console answer. */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONSOLE_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  // Invitation tokens travel in the fragment, which no Referer carries; nothing else should either.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** `index.html` is checked on every load, so a new release is picked up at once. */
export const INDEX_CACHE_CONTROL = 'no-cache';
/** Content-hashed files change name when they change. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
