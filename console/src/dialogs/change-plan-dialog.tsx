/** Operator: an organization's plan and its rate limit. */

import { useState } from 'preact/hooks';
import { api, fieldError, run, type Organization, type Plan } from '../api.js';
import { SelectField, TextField } from '../components/field.js';
import { FormDialog } from '../components/form-dialog.js';
import { useFormAction } from '../form-action.js';
import { PLANS } from './create-organization-dialog.js';

export function ChangePlanDialog({ organization, onClose, onChanged }: { organization: Organization; onClose: () => void; onChanged: (organization: Organization) => void }) {
  const [plan, setPlan] = useState<Plan>(organization.plan);
  const [rateLimit, setRateLimit] = useState(organization.rate_limit_per_minute === null ? '' : String(organization.rate_limit_per_minute));
  const action = useFormAction(
    () =>
      run(
        api.PATCH('/v1/organizations/{organization_id}', {
          params: { path: { organization_id: organization.id } },
          body: { plan, rate_limit_per_minute: rateLimit.trim() ? Number(rateLimit) : null },
        }),
      ),
    (updated) => {
      onChanged(updated);
      onClose();
    },
  );
  return (
    <FormDialog title={`Plan of ${organization.name}`} onClose={onClose} action={action} shown={['plan', 'rate_limit_per_minute']} submitLabel="Save plan" busyLabel="Saving…">
      <SelectField label="Plan" value={plan} options={PLANS} onValue={setPlan} error={fieldError(action.problem, 'plan')} />
      <TextField label="Rate limit (requests a minute per key)" type="number" min={1} value={rateLimit} onValue={setRateLimit} error={fieldError(action.problem, 'rate_limit_per_minute')} hint="Required for Enterprise; empty: the plan's." />
    </FormDialog>
  );
}
