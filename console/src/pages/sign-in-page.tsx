/** Signing in with the organization, an e-mail and a password. */

import { useState } from 'preact/hooks';
import { api, fieldError, run, type SignedIn } from '../api.js';
import { TextField } from '../components/field.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { SubmitButton } from '../components/submit-button.js';
import { useFormAction } from '../form-action.js';

const REMEMBERED = 'keyplane.organization';

export function SignInPage({ onSignedIn, notice }: { onSignedIn: (signedIn: SignedIn) => void; notice: string }) {
  const [organization, setOrganization] = useState(() => localStorage.getItem(REMEMBERED) ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { problem, busy, onSubmit } = useFormAction(
    () => run(api.POST('/v1/sessions', { body: { organization: organization.trim(), email: email.trim(), password } })),
    (signedIn) => {
      localStorage.setItem(REMEMBERED, signedIn.organization.slug);
      onSignedIn(signedIn);
    },
  );
  return (
    <main class="auth" id="main">
      <div class="auth-card">
        <p class="brand brand-large">Keyplane</p>
        <h1 tabIndex={-1} data-page-title>
          Sign in
        </h1>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={onSubmit} noValidate>
          <ProblemAlert problem={problem} shown={['organization', 'email', 'password']} />
          <TextField label="Organization" value={organization} onValue={setOrganization} error={fieldError(problem, 'organization')} autoComplete="organization" autoCapitalize="none" spellcheck={false} hint="Its short name, as in your keys: nm_<organization>_…" />
          <TextField label="E-mail" type="email" value={email} onValue={setEmail} error={fieldError(problem, 'email')} autoComplete="username" />
          <TextField label="Password" type="password" value={password} onValue={setPassword} error={fieldError(problem, 'password')} autoComplete="current-password" />
          <SubmitButton busy={busy} label="Sign in" busyLabel="Signing in…" block />
        </form>
        <p class="muted small">Forgot your password? An administrator can give you a reset link.</p>
      </div>
    </main>
  );
}
