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
import { Diagnostics, isKnown, isUnknown, setElementPath, type Diagnostic, type PathStep, type Unknown, type Val } from '../framework/index.js';
import type { ApiKeyPlan } from './api-key-schema.js';
import { describeRule } from './ip-rule-blocks.js';
import { capitalize } from './issue-text.js';

// Validation makes no API call, so expiry is checked against a policy without limits: what
// remains is "in the past", "not_before after expires_at" and unreadable times. The policy's
// limits on never_expires and expires_after are checked by the plan (api-key-resource.ts
// modifyPlan); those on expires_at by the service on apply.
const NO_LIMITS_POLICY: KeyPolicy = { defaultTtlSeconds: null, maxTtlSeconds: null, issuerPrefix: 'nm', tagStyle: 'organization', environmentTag: null };

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
  if (isKnown(config.name)) input.name = config.name;
  if (isKnown(config.description)) input.description = config.description;
  if (isKnown(config.scopes)) input.scopes = config.scopes.filter((s): s is string => isKnown(s));
  if (isKnown(config.metadata)) {
    // An unknown value still counts as a pair; its length is checked once it is known.
    input.metadata = Object.fromEntries(Object.entries(config.metadata).map(([k, v]) => [k, isKnown(v) ? v : '']));
  }
  for (const issue of validateKeyFields(input)) {
    const [field, key] = issue.path as [string, string | number | undefined];
    const path: PathStep[] = field === 'metadata' && typeof key === 'string' ? [{ attribute: field }, { key }] : [{ attribute: field }];
    diags.error(FIELD_SUMMARIES[issue.rule], `${capitalize(issue.message)}.`, path);
  }
}

/** Epoch ms of a known time attribute, undefined when unknown or absent, or a diagnostic. */
function readTime(value: Val<string>, name: string, diags: Diagnostics): number | undefined {
  if (!isKnown(value)) return undefined;
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
    if (isUnknown(block) || !isKnown(block.action) || !isKnown(block.cidr) || isUnknown(block.note)) return;
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
  if (!isKnown(config.rate_limit_per_minute)) return;
  // The organization's own limit is checked by the service; here only the absolute bounds.
  const issues = validateKeyRateLimit({ plan: 'enterprise', rateLimitPerMinute: MAX_RATE_LIMIT_PER_MINUTE }, config.rate_limit_per_minute);
  for (const issue of issues) diags.error('Invalid rate_limit_per_minute', `${issue.message}.`, [{ attribute: 'rate_limit_per_minute' }]);
}

/** A duration attribute: parsed seconds, or undefined (unknown, absent, or reported). */
function readDuration(value: Val<string>, path: PathStep[], diags: Diagnostics, options: { positive: string }): number | undefined {
  if (!isKnown(value)) return undefined;
  const name = pathText(path);
  const parsed = parseDuration(value);
  if (!parsed.ok) {
    diags.error(`Invalid ${name}`, `${capitalize(parsed.message)}.`, path);
    return undefined;
  }
  if (parsed.seconds === 0) {
    diags.error(`Invalid ${name}`, `${name} must be longer than zero; ${options.positive}.`, path);
    return undefined;
  }
  return parsed.seconds;
}

/** An overlap (grace period): a duration of at most 7 days; zero allowed. */
function readOverlap(value: Val<string>, path: PathStep[], diags: Diagnostics): void {
  if (!isKnown(value)) return;
  const name = pathText(path);
  const parsed = parseDuration(value);
  if (!parsed.ok) {
    diags.error(`Invalid ${name}`, `${capitalize(parsed.message)}.`, path);
    return;
  }
  for (const issue of validateGracePeriod(parsed.seconds)) {
    diags.error(`Invalid ${name}`, `${JSON.stringify(value)} is ${parsed.seconds} seconds, too long: ${issue.message.replace(/^grace_period/, name)}.`, path);
  }
}

/** `rotation.every` → "rotation.every". */
function pathText(path: PathStep[]): string {
  return path.map((step) => ('attribute' in step ? step.attribute : '')).join('.');
}

const LIFETIME_ATTRIBUTES = ['expires_at', 'expires_after', 'never_expires'] as const;

/**
 * `expires_at`, `expires_after` and `never_expires = true` each set the expiry: at most one.
 * The error is at each attribute after the first (`never_expires = false` sets nothing).
 */
function checkLifetimeChoice(config: ApiKeyPlan, diags: Diagnostics): void {
  const set = LIFETIME_ATTRIBUTES.filter((name) => (name === 'never_expires' ? config.never_expires === true : isKnown(config[name])));
  for (const name of set.slice(1)) {
    diags.error(
      'Conflicting expiry',
      `${name} and ${set[0]} both set the key's expiry; keep one: expires_at for a fixed time, expires_after for a lifetime renewed at each rotation, or never_expires = true for none.`,
      [{ attribute: name }],
    );
  }
}

function checkRotation(config: ApiKeyPlan, expiresAfter: number | undefined, diags: Diagnostics): void {
  readDuration(config.rotation_period, [{ attribute: 'rotation_period' }], diags, { positive: 'leave it out to rotate only through rotation_triggers' });
  readOverlap(config.rotation_grace_period, [{ attribute: 'rotation_grace_period' }], diags);
  const block = config.rotation;
  if (block === null || isUnknown(block)) return;
  for (const name of ['rotation_period', 'rotation_grace_period'] as const) {
    if (config[name] === null) continue;
    diags.error(
      `Conflicting ${name}`,
      `${name} is deprecated and conflicts with the rotation block; move it into the block (${name === 'rotation_period' ? 'rotation { every = ... }' : 'rotation { overlap = ... }'}) and remove ${name}.`,
      [{ attribute: name }],
    );
  }
  const at = (attribute: string): PathStep[] => [{ attribute: 'rotation' }, { attribute }];
  const every = readDuration(block.every, at('every'), diags, { positive: 'leave it out to rotate only by before_expiry' });
  const beforeExpiry = readDuration(block.before_expiry, at('before_expiry'), diags, { positive: 'leave it out to rotate only by every' });
  readOverlap(block.overlap, at('overlap'), diags);
  // A block with only `overlap` sets the overlap of rotations by rotation_triggers; without
  // triggers it would never rotate.
  if (block.every === null && block.before_expiry === null && config.rotation_triggers === null) {
    diags.error(
      'Incomplete rotation block',
      'The rotation block needs every (rotate this long after the last rotation), before_expiry (rotate when the key expires within this), or both; e.g. rotation { every = "90d" }. ' +
        '(With rotation_triggers, a block with only overlap sets the overlap of the rotations they cause.)',
      [{ attribute: 'rotation' }],
    );
  }
  if (expiresAfter === undefined) return;
  if (beforeExpiry !== undefined && beforeExpiry >= expiresAfter) {
    diags.error(
      'Invalid rotation.before_expiry',
      `rotation.before_expiry (${block.before_expiry as string}) must be shorter than expires_after (${config.expires_after as string}): a key renewed for expires_after would be due again at once, so every plan would rotate it.`,
      at('before_expiry'),
    );
  }
  if (every !== undefined && every > expiresAfter && beforeExpiry === undefined) {
    diags.warning(
      'Key expires before its rotation',
      `expires_after (${config.expires_after as string}) is shorter than rotation.every (${block.every as string}): the key expires before each rotation is due and does not work until the next apply rotates it. ` +
        'Make expires_after at least as long as every, or add before_expiry to rotate ahead of the expiry.',
      at('every'),
    );
  }
}

/** Every check of a key's configuration, at `now`. */
export function validateApiKeyConfig(config: ApiKeyPlan, now: number = Date.now()): Diagnostic[] {
  const diags = new Diagnostics();
  checkKeyFields(config, diags);
  checkExpiry(config, diags, now);
  checkIpRuleBlocks(config.ip_rule, diags);
  checkRateLimit(config, diags);
  checkLifetimeChoice(config, diags);
  const expiresAfter = readDuration(config.expires_after, [{ attribute: 'expires_after' }], diags, {
    positive: "leave it out for the organization's default lifetime",
  });
  checkRotation(config, expiresAfter, diags);
  return diags.list;
}
