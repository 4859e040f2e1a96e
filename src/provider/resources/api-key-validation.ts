/**
 * Plan-time validation of `keyplane_api_key` (ValidateResourceConfig) with the same src/core
 * rules the service applies, so `terraform validate` and the API word a problem alike. Each
 * problem is a diagnostic at the attribute it is about; unknown values are skipped (Terraform
 * validates again once they are known). The checks of the fields the ephemeral key shares
 * (checkKeyFields, checkIpRuleBlocks) are exported for it.
 */
import { parseDuration } from '../../core/duration.js';
import { resolveExpiry, validateGracePeriod } from '../../core/expiry.js';
import type { Issue } from '../../core/issues.js';
import { validateIpRules, type IpRuleInput } from '../../core/ip-rules.js';
import { validateKeyFields, type KeyFieldRule, type KeyFieldsInput } from '../../core/key-fields.js';
import { MAX_RATE_LIMIT_PER_MINUTE, validateKeyRateLimit } from '../../core/rate-limit.js';
import { parseTimestamp } from '../../core/timestamp.js';
import type { KeyPolicy } from '../../core/types.js';
import { Diagnostics, isUnknown, setElementPath, type Diagnostic, type PathStep, type Unknown, type Val } from '../framework/index.js';
import type { ApiKeyPlan } from './api-key-schema.js';
import { describeRule } from './ip-rule-blocks.js';
import { capitalize } from './issue-text.js';

// The organization's policy is not known at plan time (no API call during validation), so
// expiry is checked against a policy without limits: what remains is "in the past",
// "not_before after expires_at" and unreadable times. The service checks its limits on apply.
const NO_LIMITS_POLICY: KeyPolicy = { defaultTtlSeconds: null, maxTtlSeconds: null, issuerPrefix: 'nm', tagStyle: 'organization', environmentTag: null };

const known = <T>(v: Val<T>): v is T => v !== null && !isUnknown(v);

/** The title of a diagnostic for each rule of src/core's key fields. */
const FIELD_SUMMARIES: Record<KeyFieldRule, string> = {
  name_empty: 'Invalid name',
  name_too_long: 'Invalid name',
  name_text: 'Invalid name',
  description_too_long: 'Invalid description',
  description_text: 'Invalid description',
  too_many_scopes: 'Too many scopes',
  scope_name: 'Invalid scope',
  too_much_metadata: 'Too much metadata',
  metadata_key: 'Invalid metadata key',
  metadata_value: 'Invalid metadata value',
  metadata_value_text: 'Invalid metadata value',
};

/** The configuration of a key's plain fields, as the resource and the ephemeral resource both have them. */
export interface KeyFieldsConfig {
  name: Val<string>;
  description: Val<string>;
  scopes: Val<(string | Unknown)[]>;
  metadata: Val<Record<string, string | Unknown>>;
}

/**
 * Name, description, scopes and metadata against the contract's limits (src/core), skipping
 * what is unknown. Scopes are a set (no element can be pointed at); a metadata problem points
 * at its key.
 */
export function checkKeyFields(config: KeyFieldsConfig, diags: Diagnostics): void {
  const input: KeyFieldsInput = {};
  if (known(config.name)) input.name = config.name;
  if (known(config.description)) input.description = config.description;
  if (known(config.scopes)) input.scopes = config.scopes.filter((s): s is string => known(s));
  if (known(config.metadata)) {
    // An unknown value still counts as a pair; its length is checked once it is known.
    input.metadata = Object.fromEntries(Object.entries(config.metadata).map(([k, v]) => [k, known(v) ? v : '']));
  }
  for (const issue of validateKeyFields(input)) {
    const [field, key] = issue.path as [string, string | number | undefined];
    const path: PathStep[] = field === 'metadata' && typeof key === 'string' ? [{ attribute: field }, { key }] : [{ attribute: field }];
    diags.error(FIELD_SUMMARIES[issue.rule], `${capitalize(issue.message)}.`, path);
  }
}

/** Epoch ms of a known time attribute, undefined when unknown or absent, or a diagnostic. */
function readTime(value: Val<string>, name: string, diags: Diagnostics): number | undefined {
  if (!known(value)) return undefined;
  const ms = parseTimestamp(value);
  if (ms === null) {
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

/**
 * The `ip_rule` blocks with src/core's rules. Only wholly known rules are checked; a problem
 * points at the block when there is one, and quotes the block otherwise (see setElementPath).
 */
export function checkIpRuleBlocks(blocks: ApiKeyPlan['ip_rule'], diags: Diagnostics): void {
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

/** Every check of a key's configuration, at `now`. */
export function validateApiKeyConfig(config: ApiKeyPlan, now: number = Date.now()): Diagnostic[] {
  const diags = new Diagnostics();
  checkKeyFields(config, diags);
  checkExpiry(config, diags, now);
  checkIpRuleBlocks(config.ip_rule, diags);
  checkRateLimit(config, diags);
  checkRotation(config, diags);
  return diags.list;
}
