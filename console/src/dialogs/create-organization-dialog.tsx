/**
 * Operator: a new tenant. Its first admin key and its first owner's set-up link come back
 * in the answer, each shown this once.
 */

import { useState } from 'preact/hooks';
import { api, fieldError, run, type CreatedOrganization, type Plan } from '../api.js';
import { SelectField, TextField } from '../components/field.js';
import { FormDialog } from '../components/form-dialog.js';
import { SecretDialog } from '../components/secret-dialog.js';
import { Time } from '../components/time.js';
import { useFormAction } from '../form-action.js';
import { CopyButton } from '../components/copy-button.js';

export const PLANS: { value: Plan; label: string }[] = [
  { value: 'free', label: 'Free (60 requests a minute)' },
  { value: 'team', label: 'Team (500 requests a minute)' },
  { value: 'business', label: 'Business (2,000 requests a minute)' },
  { value: 'enterprise', label: 'Enterprise (a limit you set)' },
];

/** What the person is told about the new organization's admin key. */
const SECRET_WORDS = {
  label: 'Its admin key',
  warning: "The admin key and the owner's set-up link below are shown only this once. Copy both now and hand them over safely: Keyplane cannot show them again.",
  confirmText: 'I have copied the admin key and the set-up link and understand I will not see them again',
};

export function CreateOrganizationDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [plan, setPlan] = useState<Plan>('free');
  const [rateLimit, setRateLimit] = useState('');
  const [created, setCreated] = useState<CreatedOrganization | null>(null);
  const action = useFormAction(
    () => run(api.POST('/v1/organizations', { body: { slug, name, plan, ...(rateLimit.trim() ? { rate_limit_per_minute: Number(rateLimit) } : {}) } })),
    (answer) => {
      setCreated(answer);
      onCreated();
    },
  );
  if (created) {
    return (
      <SecretDialog title={`${created.organization.name} is created`} onClose={onClose} size="wide" value={created.admin_key.secret} {...SECRET_WORDS}>
        <label for="owner-link">The first owner's set-up link</label>
        <div class="secret-row">
          <input id="owner-link" class="secret-value" readOnly value={created.owner_invitation.url} onFocus={(event) => event.currentTarget.select()} />
          <CopyButton text={created.owner_invitation.url} inputId="owner-link" label="Copy link" />
        </div>
        <p class="field-hint">
          It works once, until <Time value={created.owner_invitation.expires_at} />.
        </p>
      </SecretDialog>
    );
  }
  return (
    <FormDialog
      title="Create an organization"
      onClose={onClose}
      action={action}
      shown={['slug', 'name', 'plan', 'rate_limit_per_minute']}
      submitLabel="Create organization"
      busyLabel="Creating…"
    >
      <TextField label="Slug" required value={slug} onValue={setSlug} error={fieldError(action.problem, 'slug')} hint="Lowercase letters and digits; it is the tag in the organization's secrets (nm_acme_…)." autoComplete="off" spellcheck={false} />
      <TextField label="Name" required value={name} onValue={setName} error={fieldError(action.problem, 'name')} autoComplete="off" />
      <SelectField label="Plan" value={plan} options={PLANS} onValue={setPlan} error={fieldError(action.problem, 'plan')} />
      <TextField label="Rate limit (requests a minute per key)" type="number" min={1} value={rateLimit} onValue={setRateLimit} error={fieldError(action.problem, 'rate_limit_per_minute')} hint="Required for Enterprise; overrides the plan otherwise. Empty: the plan's." />
    </FormDialog>
  );
}
