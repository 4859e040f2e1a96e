/**
 * Operator: a new tenant. Its first admin key and its first owner's set-up link come back
 * in the answer, each shown this once.
 */

import { useState } from 'preact/hooks';
import { api, fieldError, run, type CreatedOrganization, type Plan } from '../api.js';
import { Dialog } from '../components/dialog.js';
import { SelectField, TextField } from '../components/field.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { SecretReveal } from '../components/secret-reveal.js';
import { Time } from '../components/time.js';
import { useFormAction } from '../form-action.js';
import { CopyButton } from '../components/copy-button.js';

export const PLANS: { value: Plan; label: string }[] = [
  { value: 'free', label: 'Free (60 requests a minute)' },
  { value: 'team', label: 'Team (500 requests a minute)' },
  { value: 'business', label: 'Business (2,000 requests a minute)' },
  { value: 'enterprise', label: 'Enterprise (a limit you set)' },
];

export function CreateOrganizationDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [plan, setPlan] = useState<Plan>('free');
  const [rateLimit, setRateLimit] = useState('');
  const [created, setCreated] = useState<CreatedOrganization | null>(null);
  const [stored, setStored] = useState(false);
  const { problem, busy, onSubmit } = useFormAction(
    () => run(api.POST('/v1/organizations', { body: { slug, name, plan, ...(rateLimit.trim() ? { rate_limit_per_minute: Number(rateLimit) } : {}) } })),
    (answer) => {
      setCreated(answer);
      onCreated();
    },
  );
  if (created) {
    return (
      <Dialog key="secret" title={`${created.organization.name} is created`} onClose={onClose} closable={stored} size="wide">
        <div class="dialog-body">
          <SecretReveal
            label="Its admin key"
            value={created.admin_key.secret}
            confirmed={stored}
            onConfirmed={setStored}
            warning="The admin key and the owner's set-up link below are shown only this once. Copy both now and hand them over safely: Keyplane cannot show them again."
            confirmText="I have copied the admin key and the set-up link and understand I will not see them again"
          />
          <label for="owner-link">The first owner's set-up link</label>
          <div class="secret-row">
            <input id="owner-link" class="secret-value" readOnly value={created.owner_invitation.url} onFocus={(event) => event.currentTarget.select()} />
            <CopyButton text={created.owner_invitation.url} inputId="owner-link" label="Copy link" />
          </div>
          <p class="field-hint">
            It works once, until <Time value={created.owner_invitation.expires_at} />.
          </p>
        </div>
        <div class="dialog-footer">
          <button type="button" class="button button-primary" disabled={!stored} onClick={onClose}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog key="form" title="Create an organization" onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <div class="dialog-body">
          <ProblemAlert problem={problem} shown={['slug', 'name', 'plan', 'rate_limit_per_minute']} />
          <TextField label="Slug" required value={slug} onValue={setSlug} error={fieldError(problem, 'slug')} hint="Lowercase letters and digits; it is the tag in the organization's secrets (nm_acme_…)." autoComplete="off" spellcheck={false} />
          <TextField label="Name" required value={name} onValue={setName} error={fieldError(problem, 'name')} autoComplete="off" />
          <SelectField label="Plan" value={plan} options={PLANS} onValue={setPlan} error={fieldError(problem, 'plan')} />
          <TextField label="Rate limit (requests a minute per key)" type="number" min={1} value={rateLimit} onValue={setRateLimit} error={fieldError(problem, 'rate_limit_per_minute')} hint="Required for Enterprise; overrides the plan otherwise. Empty: the plan's." />
        </div>
        <div class="dialog-footer">
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create organization'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
