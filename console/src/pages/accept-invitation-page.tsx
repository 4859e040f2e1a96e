/**
 * Accepting an invitation, a password reset link or the first owner's set-up link: the
 * token comes from the link's fragment; the person chooses a password (and, for the first
 * owner, the e-mail they will sign in with) and is signed in.
 */

import { useState } from 'preact/hooks';
import { api, fieldError, run, type SignedIn } from '../api.js';
import { TextField } from '../components/field.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { SubmitButton } from '../components/submit-button.js';
import { useFormAction } from '../form-action.js';
import { href } from '../router.js';

export function AcceptInvitationPage({ token, onSignedIn }: { token: string; onSignedIn: (signedIn: SignedIn) => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { problem, busy, onSubmit } = useFormAction(
    () =>
      run(
        api.POST('/v1/invitations/accept', {
          body: { token, password, ...(email.trim() ? { email: email.trim() } : {}), ...(displayName.trim() ? { display_name: displayName.trim() } : {}) },
        }),
      ),
    onSignedIn,
  );
  return (
    <main class="auth" id="main">
      <div class="auth-card">
        <p class="brand brand-large">Keyplane</p>
        <h1 tabIndex={-1} data-page-title>
          Set your password
        </h1>
        {!token ? (
          <p class="problem" role="alert">
            This link has no token. Open the whole link you were given, or ask an administrator for a new one. <a href={href('/sign-in')}>Sign in</a>
          </p>
        ) : (
          <form
            onSubmit={(event) => {
              const differs = password !== repeat;
              setMismatch(differs);
              if (differs) {
                event.preventDefault();
                document.getElementById('repeat-password')?.focus();
                return;
              }
              onSubmit(event);
            }}
            noValidate
          >
            <p class="muted">You were invited to Keyplane, or given a set-up or reset link. Choose a password to sign in.</p>
            <ProblemAlert problem={problem} shown={['email', 'display_name', 'password']} />
            <TextField
              label="E-mail"
              type="email"
              value={email}
              onValue={setEmail}
              error={fieldError(problem, 'email')}
              autoComplete="username"
              hint="Needed when you set up the first owner of an organization. An invitation already names your e-mail; you may leave this empty."
            />
            <TextField label="Your name (optional)" value={displayName} onValue={setDisplayName} error={fieldError(problem, 'display_name')} autoComplete="name" />
            <TextField label="Password" type="password" value={password} onValue={setPassword} error={fieldError(problem, 'password')} autoComplete="new-password" hint="At least 15 characters; spaces welcome. A few words of your own make a good one." />
            <TextField id="repeat-password" label="Password again" type="password" value={repeat} onValue={setRepeat} error={mismatch ? 'The two passwords differ.' : undefined} autoComplete="new-password" />
            <SubmitButton busy={busy} label="Set password and sign in" busyLabel="Setting the password…" block />
          </form>
        )}
      </div>
    </main>
  );
}
