/**
 * Settings → Organization: its name, its key policy (default and maximum lifetime of keys) and
 * its session policy (how long members stay signed in).
 */

import { useState } from 'preact/hooks';
import { api, fieldError, run } from '../api.js';
import { TextField } from '../components/field.js';
import { FormActions } from '../components/form-actions.js';
import { PageHeader } from '../components/page-header.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { lifetimeOf, LifetimeField, secondsOf } from '../fields/lifetime-field.js';
import { useFormAction } from '../form-action.js';
import { useSession } from '../session.js';

const SESSION_FIELDS = ['session_policy.idle_timeout_seconds', 'session_policy.absolute_timeout_seconds'];

export function OrganizationPage() {
  const { signedIn, setOrganization, can } = useSession();
  const organization = signedIn.organization;
  const [name, setName] = useState(organization.name);
  const [defaultTtl, setDefaultTtl] = useState(lifetimeOf(organization.key_policy.default_ttl_seconds));
  const [maxTtl, setMaxTtl] = useState(lifetimeOf(organization.key_policy.max_ttl_seconds));
  const [idleMinutes, setIdleMinutes] = useState(String(organization.session_policy.idle_timeout_seconds / 60));
  const [absoluteHours, setAbsoluteHours] = useState(String(organization.session_policy.absolute_timeout_seconds / 3600));
  const [saved, setSaved] = useState(false);
  const { problem, busy, onSubmit } = useFormAction(
    () =>
      run(
        api.PATCH('/v1/organizations/{organization_id}', {
          params: { path: { organization_id: organization.id } },
          body: {
            name,
            key_policy: { default_ttl_seconds: secondsOf(defaultTtl), max_ttl_seconds: secondsOf(maxTtl) },
            // Not a number becomes null, and the service names the field.
            session_policy: { idle_timeout_seconds: Math.round(Number(idleMinutes) * 60), absolute_timeout_seconds: Math.round(Number(absoluteHours) * 3600) },
          },
        }),
      ),
    (updated) => {
      setOrganization(updated);
      setSaved(true);
    },
  );
  const admin = can('admin');
  return (
    <section>
      <PageHeader title="Organization" description={`${organization.slug} · ${organization.plan} plan · ${organization.effective_rate_limit_per_minute.toLocaleString()} requests a minute per key`} />
      <form class="panel narrow-form" onSubmit={(event) => (setSaved(false), onSubmit(event))} noValidate aria-label="Organization settings">
        <ProblemAlert problem={problem} shown={['name', 'key_policy.default_ttl_seconds', 'key_policy.max_ttl_seconds', ...SESSION_FIELDS]} />
        <TextField label="Name" value={name} onValue={setName} error={fieldError(problem, 'name')} disabled={!admin} />
        <h2>Key policy</h2>
        <LifetimeField
          legend="Default lifetime of a new key"
          noneLabel="Never expires"
          value={defaultTtl}
          onValue={setDefaultTtl}
          error={fieldError(problem, 'key_policy.default_ttl_seconds')}
          hint="Filled in when someone creates a key; they may choose another expiry within the maximum."
        />
        <LifetimeField
          legend="Maximum lifetime"
          noneLabel="No limit (keys may never expire)"
          value={maxTtl}
          onValue={setMaxTtl}
          error={fieldError(problem, 'key_policy.max_ttl_seconds')}
          hint="Applies to keys created or changed from now on; existing keys keep their expiry."
        />
        <p class="muted small">
          Secrets look like <code>{organization.key_policy.issuer_prefix}_{organization.key_policy.tag_style === 'organization' ? organization.slug : organization.key_policy.environment_tag}_…</code>
        </p>
        <h2>Sessions</h2>
        <TextField
          label="Sign out after this many minutes without use"
          type="number"
          value={idleMinutes}
          onValue={setIdleMinutes}
          error={fieldError(problem, 'session_policy.idle_timeout_seconds')}
          hint="5 minutes to 24 hours. Applies to members' sessions from their next request."
          disabled={!admin}
        />
        <TextField
          label="Sign out this many hours after signing in"
          type="number"
          value={absoluteHours}
          onValue={setAbsoluteHours}
          error={fieldError(problem, 'session_policy.absolute_timeout_seconds')}
          hint="However much the session is used: 15 minutes to 30 days."
          disabled={!admin}
        />
        {admin ? (
          <FormActions status={saved ? 'Saved.' : ''} busy={busy} label="Save" busyLabel="Saving…" />
        ) : (
          <p class="muted">Changing the organization takes the admin scope.</p>
        )}
      </form>
    </section>
  );
}
