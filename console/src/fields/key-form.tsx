/**
 * The fields of an API key, shared by the create dialog and the key's edit form: name,
 * description, scopes, expiry, not-before, IP rules, metadata and rate limit. What is valid
 * is the service's to say; its messages appear next to the fields they name.
 */

import { defaultExpiry } from '../../../src/core/expiry.js';
import { fieldError, type ApiKey, type KeyplaneProblem, type Organization, type Scope } from '../api.js';
import { Field, TextAreaField, TextField } from '../components/field.js';
import { fromLocalInput, toLocalInput } from '../format.js';
import { expiresAtOf, ExpiryField, type ExpiryValue } from './expiry-field.js';
import { ipRulesOf, IpRulesField, rowsOf, type IpRuleRow } from './ip-rules-field.js';
import { metadataOf, MetadataField, metadataRows, type MetadataRow } from './metadata-field.js';
import { ScopesField } from './scopes-field.js';

export interface KeyFormState {
  name: string;
  description: string;
  scopes: string[];
  expiry: ExpiryValue;
  notBefore: string;
  ipRules: IpRuleRow[];
  metadata: MetadataRow[];
  rateLimit: string;
}

/** Fields the form shows errors for (paths under `body`). */
export const KEY_FORM_FIELDS = ['name', 'description', 'scopes', 'expires_at', 'not_before', 'ip_rules', 'metadata', 'rate_limit_per_minute'] as const;

/** A new key's form: the organization's default expiry filled in. */
export function newKeyForm(organization: Organization): KeyFormState {
  const policy = organization.key_policy;
  const expires = defaultExpiry(
    { defaultTtlSeconds: policy.default_ttl_seconds, maxTtlSeconds: policy.max_ttl_seconds, issuerPrefix: policy.issuer_prefix, tagStyle: policy.tag_style, environmentTag: policy.environment_tag },
    Date.now(),
  );
  return {
    name: '',
    description: '',
    scopes: [],
    expiry: expires === null ? { never: true, local: '' } : { never: false, local: toLocalInput(new Date(expires).toISOString()) },
    notBefore: '',
    ipRules: [],
    metadata: [],
    rateLimit: '',
  };
}

/** An existing key's form. */
export function keyForm(key: ApiKey): KeyFormState {
  return {
    name: key.name,
    description: key.description ?? '',
    scopes: [...key.scopes],
    expiry: key.expires_at === null ? { never: true, local: '' } : { never: false, local: toLocalInput(key.expires_at) },
    notBefore: toLocalInput(key.not_before),
    ipRules: rowsOf(key.ip_rules),
    metadata: metadataRows(key.metadata),
    rateLimit: key.rate_limit_per_minute === null ? '' : String(key.rate_limit_per_minute),
  };
}

function rateLimitOf(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

/** The body of `POST /v1/keys`. */
export function createKeyBody(form: KeyFormState) {
  const expiresAt = expiresAtOf(form.expiry);
  const notBefore = fromLocalInput(form.notBefore);
  const rateLimit = rateLimitOf(form.rateLimit);
  return {
    name: form.name,
    ...(form.description.trim() ? { description: form.description } : {}),
    scopes: form.scopes,
    ...(expiresAt === undefined ? {} : { expires_at: expiresAt }),
    ...(notBefore === null ? {} : { not_before: notBefore }),
    ip_rules: ipRulesOf(form.ipRules),
    metadata: metadataOf(form.metadata),
    ...(rateLimit === null ? {} : { rate_limit_per_minute: rateLimit }),
  };
}

/** The body of `PATCH /v1/keys/{id}`: only what changed, so untouched fields are not checked again. */
export function updateKeyBody(key: ApiKey, form: KeyFormState) {
  const body: Record<string, unknown> = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (form.name !== key.name) body.name = form.name;
  const description = form.description.trim() ? form.description : null;
  if (description !== key.description) body.description = description;
  if (!same(form.scopes, key.scopes)) body.scopes = form.scopes;
  const expiresAt = expiresAtOf(form.expiry);
  if (expiresAt !== undefined && !same(form.expiry, keyForm(key).expiry)) body.expires_at = expiresAt;
  if (form.notBefore !== keyForm(key).notBefore) body.not_before = fromLocalInput(form.notBefore);
  const rules = ipRulesOf(form.ipRules);
  if (!same(rules, ipRulesOf(rowsOf(key.ip_rules)))) body.ip_rules = rules;
  const metadata = metadataOf(form.metadata);
  if (!same(metadata, key.metadata)) body.metadata = metadata;
  const rateLimit = rateLimitOf(form.rateLimit);
  if (rateLimit !== key.rate_limit_per_minute) body.rate_limit_per_minute = rateLimit;
  return body;
}

export interface KeyFormProps {
  form: KeyFormState;
  onForm: (form: KeyFormState) => void;
  problem: KeyplaneProblem | null;
  catalog: Scope[] | null;
  organization: Organization;
}

export function KeyFormFields({ form, onForm, problem, catalog, organization }: KeyFormProps) {
  const set = <K extends keyof KeyFormState>(name: K, value: KeyFormState[K]) => onForm({ ...form, [name]: value });
  const plan = organization.effective_rate_limit_per_minute.toLocaleString();
  return (
    <div class="form-grid">
      <TextField label="Name" required maxLength={100} value={form.name} onValue={(value) => set('name', value)} error={fieldError(problem, 'name')} hint="What the key is for, e.g. CRM Sync or ci-pipeline." autoComplete="off" />
      <TextAreaField label="Description (optional)" value={form.description} onValue={(value) => set('description', value)} error={fieldError(problem, 'description')} rows={2} />
      <ScopesField legend="Scopes" catalog={catalog} value={form.scopes} onValue={(value) => set('scopes', value)} error={fieldError(problem, 'scopes')} hint="What the key may do. A scope grants what it includes too." />
      <ExpiryField value={form.expiry} onValue={(value) => set('expiry', value)} organization={organization} error={fieldError(problem, 'expires_at')} />
      <Field label="Not before (optional)" error={fieldError(problem, 'not_before')} hint="The key does not work before this time. Leave empty to start at once.">
        {({ id, describedBy, invalid }) => (
          <input id={id} type="datetime-local" value={form.notBefore} aria-describedby={describedBy} aria-invalid={invalid || undefined} onInput={(event) => set('notBefore', event.currentTarget.value)} />
        )}
      </Field>
      <IpRulesField rows={form.ipRules} onRows={(rows) => set('ipRules', rows)} problem={problem} />
      <MetadataField rows={form.metadata} onRows={(rows) => set('metadata', rows)} problem={problem} />
      <TextField
        label="Rate limit override (requests a minute, optional)"
        type="number"
        min={1}
        inputMode="numeric"
        value={form.rateLimit}
        onValue={(value) => set('rateLimit', value)}
        error={fieldError(problem, 'rate_limit_per_minute')}
        hint={`Empty: the organization's plan, ${plan} a minute.`}
      />
    </div>
  );
}
