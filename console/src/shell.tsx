/** The frame of the signed-in pages: the organization, the navigation, the member and sign-out. */

import type { ComponentChildren } from 'preact';
import { href, type Route } from './router.js';
import { useSession } from './session.js';

interface NavItem {
  path: string;
  label: string;
  scope: string;
}

const NAVIGATION: NavItem[] = [
  { path: '/keys', label: 'API keys', scope: 'keys:read' },
  { path: '/scopes', label: 'Scopes', scope: 'scopes:read' },
  { path: '/audit', label: 'Audit trail', scope: 'audit:read' },
  { path: '/settings/users', label: 'Users', scope: 'members:read' },
  { path: '/settings/organization', label: 'Organization', scope: 'admin' },
  { path: '/organizations', label: 'Organizations', scope: 'operator' },
];

export function Shell({ route, children }: { route: Route; children: ComponentChildren }) {
  const { signedIn, can, signOut } = useSession();
  const current = (path: string) => route.path === path || route.path.startsWith(`${path}/`) || (path === '/keys' && (route.path === '/' || route.path === '/sign-in'));
  const member = signedIn.member;
  return (
    <div class="shell">
      <a class="skip-link" href="#main" onClick={(event) => (event.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <a class="brand" href={href('/keys')}>
            Keyplane
          </a>
          <span class="org-name" title={signedIn.organization.slug}>
            {signedIn.organization.name}
          </span>
          <div class="account">
            <a href={href('/account')} aria-current={current('/account') ? 'page' : undefined} class="account-link">
              {member.display_name ?? member.email}
            </a>
            <button type="button" class="button button-small" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </div>
        <nav aria-label="Console" class="nav">
          <ul>
            {NAVIGATION.filter((item) => can(item.scope)).map((item) => (
              <li key={item.path}>
                <a href={href(item.path)} aria-current={current(item.path) ? 'page' : undefined}>
                  {item.path.startsWith('/settings/') ? <span class="nav-group">Settings › </span> : null}
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} class="content">
        {children}
      </main>
    </div>
  );
}
