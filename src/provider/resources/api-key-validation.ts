/**
 * Plan-time validation of `keyplane_api_key` (ValidateResourceConfig) with the same src/core
 * rules the service applies, so `terraform validate` and the API word a problem alike. Each
 * problem is a diagnostic at the attribute it is about; unknown values are skipped (Terraform
 * validates again once they are known).
 */
import { resolveExpiry, validateGracePeriod } from '../../core/expiry.js';
import type { Issue } from '../../core/issues.js';
import { validateIpRules, type IpRuleInput } from '../../core/ip-rules.js';
import { MAX_RATE_LIMIT_PER_MINUTE, validateKeyRateLimit } from '../../core/rate-limit.js';
import { SCOPE_NAME_PATTERN } from '../../core/scopes.js';
import type { KeyPolicy } from '../../core/types.js';
import { Diagnostics, isUnknown, setElementPath, type Diagnostic, type PathStep, type Val } from '../framework/index.js';
import type { ApiKeyPlan } from './api-key-schema.js';
import { parseDuration } from './duration.js';
import { describeRule } from './ip-rule-blocks.js';
import { KEY_LIMITS, RFC3339 } from './key-limits.js';

// The organization's policy is not known at plan time (no API call during validation), so
// expiry is checked against a policy without limits: what remains is "in the past",
// "not_before after expires_at" and unreadable times. The service checks its limits on apply.
const NO_LIMITS_POLICY: KeyPolicy = { defaultTtlSeconds: null, maxTtlSeconds: null, issuerPrefix: 'nm', tagStyle: 'organization', environmentTag: null };

const known = <T>(v: Val<T>): v is T => v !== null && !isUnknown(v);

function checkName(config: ApiKeyPlan, diags: Diagnostics): void {
  if (known(config.name)) {
    const length = [...config.name].length;
    if (config.name.trim() === '') diags.error('Invalid name', 'name must not be empty; say what the key is for, e.g. "CRM Sync".', [{ attribute: 'name' }]);
    else if (length > KEY_LIMITS.name) diags.error('Invalid name', `name is ${length} characters long; shorten it to at most ${KEY_LIMITS.name}.`, [{ attribute: 'name' }]);
  }
  if (known(config.description) && [...config.description].length > KEY_LIMITS.description) {
    diags.error('Invalid description', `description is longer than ${KEY_LIMITS.description} characters; shorten it.`, [{ attribute: 'description' }]);
  }
}

function checkScopes(config: ApiKeyPlan, diags: Diagnostics): void {
  if (!known(config.scopes)) return;
  const path: PathStep[] = [{ attribute: 'scopes' }];
  if (config.scopes.length > KEY_LIMITS.scopes) diags.error('Too many scopes', `A key may have at most ${KEY_LIMITS.scopes} scopes, got ${config.scopes.length}.`, path);
  for (const scope of config.scopes) {
    if (known(scope) && !SCOPE_NAME_PATTERN.test(scope)) {
      diags.error('Invalid scope', `${JSON.stringify(scope)} is not a scope name: a letter, then up to 63 letters, digits, "_", ".", ":" or "-".`, path);
    }
  }
}

/** Epoch ms of a known time attribute, undefined when unknown or absent, or a diagnostic. */
function readTime(value: Val<string>, name: string, diags: Diagnostics): number | undefined {
  if (!known(value)) return undefined;
  const ms = Date.parse(value);
  if (!RFC3339.test(value) || Number.isNaN(ms)) {
    diags.error(`Invalid ${name}`, `${JSON.stringify(value)} is not an RFC 3339 time; write it like "2027-02-20T00:00:00Z".`, [{ attribute: name }]);
    return undefined;
  }
  return ms;
}

function checkExpiry(config: ApiKeyPlan, diags: Diagnostics, now: number): void {
  const expiresAt = readTime(config.expires_at, 'expires_at', diags);
  const notBefore = readTime(config.not_before, 'not_before', diags);
  if (expiresAt === undefined && notBefore === undefined) return;
  const result = resolveExpiry(NO_LIMITS_POLICY, now, { expiresAt, notBefore });
  if (result.ok) return;
  for (const issue of result.issues) {
    const field = String(issue.path[0] ?? 'expires_at');
    diags.error(`Invalid ${field}`, `${issue.message}.`, [{ attribute: field }]);
  }
}

function checkIpRules(config: ApiKeyPlan, diags: Diagnostics): void {
  const blocks = config.ip_rule;
  if (isUnknown(blocks)) return;
  // Only wholly known rules can be checked; their positions in the set are kept for paths.
  const checked: { input: IpRuleInput; index: number }[] = [];
  blocks.forEach((block, index) => {
    if (isUnknown(block) || !known(block.action) || !known(block.cidr) || isUnknown(block.note)) return;
    checked.push({ input: { action: block.action, cidr: block.cidr, note: block.note }, index });
  });
  const issues: Issue[] = validateIpRules(checked.map((c) => c.input));
  for (const issue of issues) {
    const [position, field] = issue.path as [number | undefined, string | undefined];
    if (position === undefined) {
      diags.error('Too many IP rules', `${issue.message}.`, [{ attribute: 'ip_rule' }]);
      continue;
    }
    const { input, index } = checked[position]!;
    const path = setElementPath([{ attribute: 'ip_rule' }], blocks.length, index, ...(field ? [{ attribute: field }] : []));
    // With several rules Terraform cannot be pointed at the block (see setElementPath): name it.
    const where = blocks.length > 1 ? ` (in the ip_rule block ${describeRule(input)})` : '';
    diags.error('Invalid IP rule', `${capitalize(issue.message)}${where}.`, path);
  }
}

function checkMetadata(config: ApiKeyPlan, diags: Diagnostics): void {
  const metadata = config.metadata;
  if (!known(metadata)) return;
  const keys = Object.keys(metadata);
  if (keys.length > KEY_LIMITS.metadataPairs) {
    diags.error('Too much metadata', `A key may have at most ${KEY_LIMITS.metadataPairs} metadata pairs, got ${keys.length}.`, [{ attribute: 'metadata' }]);
  }
  for (const key of keys) {
    const path: PathStep[] = [{ attribute: 'metadata' }, { key }];
    if (!KEY_LIMITS.metadataKey.test(key)) {
      diags.error('Invalid metadata key', `${JSON.stringify(key)} is not a metadata key: 1 to 64 letters, digits, "_", ".", ":", "/" or "-".`, path);
    }
    const value = metadata[key];
    if (typeof value === 'string' && [...value].length > KEY_LIMITS.metadataValue) {
      diags.error('Invalid metadata value', `The value of ${JSON.stringify(key)} is longer than ${KEY_LIMITS.metadataValue} characters.`, path);
    }
  }
}

function checkRateLimit(config: ApiKeyPlan, diags: Diagnostics): void {
  if (!known(config.rate_limit_per_minute)) return;
  // The organization's own limit is checked by the service; here only the absolute bounds.
  const issues = validateKeyRateLimit({ plan: 'enterprise', rateLimitPerMinute: MAX_RATE_LIMIT_PER_MINUTE }, config.rate_limit_per_minute);
  for (const issue of issues) diags.error('Invalid rate_limit_per_minute', `${issue.message}.`, [{ attribute: 'rate_limit_per_minute' }]);
}

function checkRotation(config: ApiKeyPlan, diags: Diagnostics): void {
  if (known(config.rotation_period)) {
    const parsed = parseDuration(config.rotation_period);
    const path: PathStep[] = [{ attribute: 'rotation_period' }];
    if (!parsed.ok) diags.error('Invalid rotation_period', `${capitalize(parsed.message)}.`, path);
    else if (parsed.seconds === 0) diags.error('Invalid rotation_period', 'rotation_period must be longer than zero; leave it out to rotate only through rotation_triggers.', path);
  }
  if (known(config.rotation_grace_period)) {
    const parsed = parseDuration(config.rotation_grace_period);
    const path: PathStep[] = [{ attribute: 'rotation_grace_period' }];
    if (!parsed.ok) {
      diags.error('Invalid rotation_grace_period', `${capitalize(parsed.message)}.`, path);
    } else {
      for (const issue of validateGracePeriod(parsed.seconds)) {
        diags.error('Invalid rotation_grace_period', `${JSON.stringify(config.rotation_grace_period)} is ${parsed.seconds} seconds, too long: ${issue.message}.`, path);
      }
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Every check of a key's configuration, at `now`. */
export function validateApiKeyConfig(config: ApiKeyPlan, now: number = Date.now()): Diagnostic[] {
  const diags = new Diagnostics();
  checkName(config, diags);
  checkScopes(config, diags);
  checkExpiry(config, diags, now);
  checkIpRules(config, diags);
  checkMetadata(config, diags);
  checkRateLimit(config, diags);
  checkRotation(config, diags);
  return diags.list;
}
