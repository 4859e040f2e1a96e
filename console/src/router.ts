/**
 * Hash routing: `#/keys/key_…?status=active`. The hash never reaches a server, which is why
 * invitation links carry their token there (`#/accept-invitation?token=kp_invite_…`).
 */

import { useEffect, useState } from 'preact/hooks';

/** Where the console is: the path after `#`, and its query. */
export interface Route {
  path: string;
  query: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#/, '') || '/';
  const at = hash.indexOf('?');
  return { path: at === -1 ? hash : hash.slice(0, at), query: new URLSearchParams(at === -1 ? '' : hash.slice(at + 1)) };
}

/** The current route, re-rendering on every change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** `#/path?query`, leaving out empty query values. */
export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  const text = params.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

/** Goes to `path`; `replace` changes the current history entry instead of adding one. */
export function navigate(path: string, query: Record<string, string | undefined> = {}, replace = false): void {
  const target = href(path, query);
  if (target === location.hash) return;
  if (replace) {
    history.replaceState(null, '', target);
    dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = target;
  }
}
