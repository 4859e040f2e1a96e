/**
 * The console: the session on load (`GET /v1/sessions/current`), sign-in and invitation
 * pages without one, and the signed-in pages in a frame with the navigation a member's
 * scopes open to them.
 */

import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, onSessionEnded, run, setCsrfToken, type SignedIn } from './api.js';
import { initialSession } from './preload.js';
import { DialogHost } from './components/dialog.js';
import { focusPageTitle } from './focus.js';
import { AcceptInvitationPage } from './pages/accept-invitation-page.js';
import { AccountPage } from './pages/account-page.js';
import { AuditPage } from './pages/audit-page.js';
import { KeyDetailsPage } from './pages/key-details-page.js';
import { KeysPage } from './pages/keys-page.js';
import { MembersPage } from './pages/members-page.js';
import { OrganizationPage } from './pages/organization-page.js';
import { OrganizationsPage } from './pages/organizations-page.js';
import { ScopesPage } from './pages/scopes-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { href, navigate, useRoute, type Route } from './router.js';
import { SessionContext, type SessionState } from './session.js';
import { Shell } from './shell.js';

export function App() {
  const route = useRoute();
  const [signedIn, setSignedIn] = useState<SignedIn | null | undefined>(undefined);
  const [notice, setNotice] = useState('');

  const current = useRef<SignedIn | null>(null);
  const start = useCallback((session: SignedIn | null) => {
    current.current = session;
    setCsrfToken(session?.csrf_token ?? null);
    setSignedIn(session);
  }, []);
  useEffect(() => {
    void initialSession.then((result) => {
      // A cookie whose session has ended (signed out elsewhere, suspended, timed out): say so.
      if (result.problem?.code === 'INVALID_SESSION') setNotice(result.problem.detail);
      start(result.data ?? null);
    });
    return onSessionEnded((detail) => {
      // Only a session the console had can end; a visitor who never signed in sees no notice.
      if (current.current === null) return;
      setNotice(detail);
      start(null);
    });
  }, []);
  useEffect(focusPageTitle, [route.path, signedIn === null]);

  if (route.path === '/accept-invitation') {
    return (
      <AcceptInvitationPage
        token={route.query.get('token') ?? ''}
        onSignedIn={(session) => {
          start(session);
          // The token is spent: it leaves the address bar and the history.
          navigate('/keys', {}, true);
        }}
      />
    );
  }
  if (signedIn === undefined) return <main class="auth" id="main" aria-busy="true" />;
  if (signedIn === null) {
    return (
      <SignInPage
        notice={notice}
        onSignedIn={(session) => {
          setNotice('');
          start(session);
          if (route.path === '/sign-in' || route.path === '/') navigate('/keys', {}, true);
        }}
      />
    );
  }
  return <SignedInConsole signedIn={signedIn} route={route} onSignedIn={setSignedIn} onSignedOut={() => start(null)} />;
}

function SignedInConsole({ signedIn, route, onSignedIn, onSignedOut }: { signedIn: SignedIn; route: Route; onSignedIn: (session: SignedIn) => void; onSignedOut: () => void }) {
  const session = useMemo<SessionState>(() => {
    const scopes = new Set(signedIn.effective_scopes);
    return {
      signedIn,
      can: (scope) => scopes.has(scope),
      setOrganization: (organization) => onSignedIn({ ...signedIn, organization }),
      signOut: async () => {
        await run(api.DELETE('/v1/sessions/current'));
        onSignedOut();
        navigate('/sign-in', {}, true);
      },
    };
  }, [signedIn]);
  return (
    <SessionContext.Provider value={session}>
      <DialogHost resetKey={route.path}>
        <Shell route={route}>
          <Page route={route} can={session.can} />
        </Shell>
      </DialogHost>
    </SessionContext.Provider>
  );
}

function Page({ route, can }: { route: Route; can: (scope: string) => boolean }) {
  const path = route.path;
  const keyId = /^\/keys\/(key_[0-9A-Za-z]+)$/.exec(path)?.[1];
  if (keyId) return <KeyDetailsPage keyId={keyId} />;
  switch (path) {
    case '/':
    case '/sign-in':
    case '/keys':
      return can('keys:read') ? <KeysPage route={route} /> : <Welcome />;
    case '/scopes':
      return <ScopesPage />;
    case '/audit':
      return <AuditPage route={route} />;
    case '/settings/users':
      return <MembersPage />;
    case '/settings/organization':
      return <OrganizationPage />;
    case '/organizations':
      return <OrganizationsPage />;
    case '/account':
      return <AccountPage />;
    default:
      return (
        <section>
          <h1 tabIndex={-1} data-page-title>
            Not found
          </h1>
          <p>
            There is no such page. <a href={href('/keys')}>Go to API keys</a>
          </p>
        </section>
      );
  }
}

function Welcome() {
  return (
    <section>
      <h1 tabIndex={-1} data-page-title>
        Welcome
      </h1>
      <p>Your scopes do not include reading API keys (keys:read). Ask an administrator for access, or see your account.</p>
    </section>
  );
}
