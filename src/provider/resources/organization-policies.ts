/**
 * The `key_policy` and `session_policy` blocks of `keyplane_organization`: the blocks as
 * written (an unset attribute means the service's default for a new organization) and the
 * whole policies they stand for, in both directions, with the plan-time checks.
 *
 * A block describes the whole policy, so two blocks that stand for the same policy ask for no
 * change of the service (`issuer_prefix = "nm"` written or left out); a block left out leaves
 * that policy to whoever else manages it (the organization's own administrators may change it).
 */
import type { components } from '../../api/schema.js';
import { validateKeyPolicy } from '../../core/key-policy.js';
import type { Issue } from '../../core/issues.js';
import type { KeyPolicy, SessionPolicy } from '../../core/types.js';
import { boolAttribute, errorDiagnostic, isKnown, isUnknown, numberAttribute, singleNestedBlock, stringAttribute, type Diagnostic, type Val } from '../framework/index.js';
import { capitalize } from './issue-text.js';

/** The key policy of an organization created without one (the service's default; a test keeps them equal). */
export const DEFAULT_KEY_POLICY: KeyPolicy = { defaultTtlSeconds: 90 * 86_400, maxTtlSeconds: null, issuerPrefix: 'nm', tagStyle: 'organization', environmentTag: null };
/** The session policy of an organization created without one (the service's default). */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleTimeoutSeconds: 1_800, absoluteTimeoutSeconds: 43_200 };

/** The contract's bounds of the session policy (openapi.yaml `SessionPolicyInput`). */
export const SESSION_LIMITS = {
  idle_timeout_seconds: { min: 300, max: 86_400 },
  absolute_timeout_seconds: { min: 900, max: 2_592_000 },
} as const;

export const keyPolicyBlock = singleNestedBlock({
    description:
      'How the organization\'s keys are made. Left out: Terraform leaves the policy as it is (the organization\'s administrators may change it). ' +
      'Given: the block is the whole policy, and each attribute left out takes the value of a new organization.',
    attributes: {
      default_ttl_seconds: numberAttribute({
        description: 'Lifetime of a key created without an expiry, in seconds (60 to 316,224,000, about 10 years). Not set: 7,776,000 (90 days), unless `default_never_expires`.',
        optional: true,
      }),
      default_never_expires: boolAttribute({
        description: 'When true, keys created without an expiry never expire (then `default_ttl_seconds` and `max_ttl_seconds` must be left out). Default false.',
        optional: true,
      }),
      max_ttl_seconds: numberAttribute({
        description: 'Longest lifetime a key may have, in seconds (60 to 316,224,000), at least `default_ttl_seconds`. Not set: no limit, and keys may never expire.',
        optional: true,
      }),
      issuer_prefix: stringAttribute({ description: 'First part of every secret: 2 to 10 lower-case letters or digits, starting with a letter. Not set: `nm`.', optional: true }),
      tag_style: stringAttribute({
        description: 'Middle part of every secret: `organization` (the slug, `nm_acme_…`) or `environment` (`environment_tag`, `nm_live_…`). Not set: `organization`.',
        optional: true,
      }),
      environment_tag: stringAttribute({ description: 'The tag when `tag_style` is `environment`: 1 to 32 lower-case letters or digits, e.g. `live`. Only with that style.', optional: true }),
    },
  });

export const sessionPolicyBlock = singleNestedBlock({
    description:
      'How long the organization\'s members stay signed in to the console. Left out: Terraform leaves it as it is. Given: the whole policy, each attribute left out taking the value of a new organization.',
    attributes: {
      idle_timeout_seconds: numberAttribute({ description: 'A session unused this long ends, in seconds (300 to 86,400). Not set: 1,800 (half an hour).', optional: true }),
      absolute_timeout_seconds: numberAttribute({
        description: 'A session ends this long after sign-in however much it is used, in seconds (900 to 2,592,000), at least the idle timeout. Not set: 43,200 (twelve hours).',
        optional: true,
      }),
    },
  });

/** A `key_policy` block as it may be planned (values may be unknown). */
export interface KeyPolicyBlock {
  default_ttl_seconds: Val<number>;
  default_never_expires: Val<boolean>;
  max_ttl_seconds: Val<number>;
  issuer_prefix: Val<string>;
  tag_style: Val<string>;
  environment_tag: Val<string>;
}

/** A `session_policy` block as it may be planned. */
export interface SessionPolicyBlock {
  idle_timeout_seconds: Val<number>;
  absolute_timeout_seconds: Val<number>;
}

const or = <T>(value: Val<T>, fallback: T): T => (value === null || isUnknown(value) ? fallback : value);

/** The whole key policy a (known) block stands for. */
export function keyPolicyOf(block: KeyPolicyBlock): KeyPolicy {
  return {
    defaultTtlSeconds: block.default_never_expires === true ? null : or(block.default_ttl_seconds, DEFAULT_KEY_POLICY.defaultTtlSeconds),
    maxTtlSeconds: or(block.max_ttl_seconds, null),
    issuerPrefix: or(block.issuer_prefix, DEFAULT_KEY_POLICY.issuerPrefix),
    tagStyle: or(block.tag_style, DEFAULT_KEY_POLICY.tagStyle) as KeyPolicy['tagStyle'],
    environmentTag: or(block.environment_tag, null),
  };
}

/** The whole session policy a (known) block stands for. */
export function sessionPolicyOf(block: SessionPolicyBlock): SessionPolicy {
  return {
    idleTimeoutSeconds: or(block.idle_timeout_seconds, DEFAULT_SESSION_POLICY.idleTimeoutSeconds),
    absoluteTimeoutSeconds: or(block.absolute_timeout_seconds, DEFAULT_SESSION_POLICY.absoluteTimeoutSeconds),
  };
}

/** Two key policy blocks that stand for the same policy (null: the block is absent, equal only to null). */
export function sameKeyPolicy(a: KeyPolicyBlock | null, b: KeyPolicyBlock | null): boolean {
  if (a === null || b === null) return a === b;
  return JSON.stringify(keyPolicyOf(a)) === JSON.stringify(keyPolicyOf(b));
}

/** Two session policy blocks that stand for the same policy. */
export function sameSessionPolicy(a: SessionPolicyBlock | null, b: SessionPolicyBlock | null): boolean {
  if (a === null || b === null) return a === b;
  return JSON.stringify(sessionPolicyOf(a)) === JSON.stringify(sessionPolicyOf(b));
}

/**
 * The service's key policy as a block worded like `shape` (the plan, or the prior state):
 * where `shape` leaves an attribute out and the service has that attribute's default, it stays
 * out, so that a block that means what the service holds reads back exactly as written
 * (Terraform accepts no other value for an attribute that is not computed). Anything else is
 * written out, which shows as a difference to plan away. `shape` null (import): only what
 * differs from a new organization's policy is written.
 */
export function keyPolicyBlockOf(policy: components['schemas']['KeyPolicy'], shape: KeyPolicyBlock | null): KeyPolicyBlock {
  const leftOut = (name: keyof KeyPolicyBlock) => shape === null || shape[name] === null;
  const never = policy.default_ttl_seconds === null;
  return {
    default_ttl_seconds: never || (leftOut('default_ttl_seconds') && policy.default_ttl_seconds === DEFAULT_KEY_POLICY.defaultTtlSeconds) ? null : policy.default_ttl_seconds,
    default_never_expires: never ? true : shape?.default_never_expires === false ? false : null,
    max_ttl_seconds: policy.max_ttl_seconds,
    issuer_prefix: leftOut('issuer_prefix') && policy.issuer_prefix === DEFAULT_KEY_POLICY.issuerPrefix ? null : policy.issuer_prefix,
    tag_style: leftOut('tag_style') && policy.tag_style === DEFAULT_KEY_POLICY.tagStyle ? null : policy.tag_style,
    environment_tag: policy.environment_tag,
  };
}

/** The service's session policy as a block worded like `shape` (see {@link keyPolicyBlockOf}). */
export function sessionPolicyBlockOf(policy: components['schemas']['SessionPolicy'], shape: SessionPolicyBlock | null): SessionPolicyBlock {
  const leftOut = (name: keyof SessionPolicyBlock) => shape === null || shape[name] === null;
  return {
    idle_timeout_seconds: leftOut('idle_timeout_seconds') && policy.idle_timeout_seconds === DEFAULT_SESSION_POLICY.idleTimeoutSeconds ? null : policy.idle_timeout_seconds,
    absolute_timeout_seconds:
      leftOut('absolute_timeout_seconds') && policy.absolute_timeout_seconds === DEFAULT_SESSION_POLICY.absoluteTimeoutSeconds ? null : policy.absolute_timeout_seconds,
  };
}

/** The request's `key_policy`: every field, since the block is the whole policy. */
export function keyPolicyInput(block: KeyPolicyBlock): components['schemas']['KeyPolicyInput'] {
  const p = keyPolicyOf(block);
  return { default_ttl_seconds: p.defaultTtlSeconds, max_ttl_seconds: p.maxTtlSeconds, issuer_prefix: p.issuerPrefix, tag_style: p.tagStyle, environment_tag: p.environmentTag };
}

/** The request's `session_policy`: both fields. */
export function sessionPolicyInput(block: SessionPolicyBlock): components['schemas']['SessionPolicyInput'] {
  const p = sessionPolicyOf(block);
  return { idle_timeout_seconds: p.idleTimeoutSeconds, absolute_timeout_seconds: p.absoluteTimeoutSeconds };
}

/** A src/core issue's clause as a diagnostic's sentence; one that starts with an attribute's name keeps it as written. */
export function sentenceOf(clause: string): string {
  return `${/^[a-z]+_[a-z_]+\b/.test(clause) ? clause : capitalize(clause)}.`;
}
const at = (block: string, attribute: string) => [{ attribute: block }, { attribute }];

/**
 * The key policy block against src/core's rules (validateKeyPolicy: lifetimes, default within
 * maximum, issuer prefix, environment tag with its style), each problem at its attribute.
 * Checked only once every value is known, since a rule may tie two of them.
 */
export function validateKeyPolicyBlock(block: KeyPolicyBlock): Diagnostic[] {
  if (block.default_never_expires === true && block.default_ttl_seconds !== null) {
    return [errorDiagnostic('Conflicting key policy', 'default_never_expires = true means keys created without an expiry never expire: leave default_ttl_seconds out, or drop default_never_expires.', at('key_policy', 'default_ttl_seconds'))];
  }
  const values = Object.values(block) as Val<unknown>[];
  if (values.some((v) => isUnknown(v))) return [];
  if (isKnown(block.tag_style) && block.tag_style !== 'organization' && block.tag_style !== 'environment') {
    return [errorDiagnostic('Invalid key policy', `tag_style must be "organization" or "environment", got ${JSON.stringify(block.tag_style)}.`, at('key_policy', 'tag_style'))];
  }
  return validateKeyPolicy(keyPolicyOf(block)).map((issue: Issue) => {
    const field = String(issue.path[0]);
    // A limit broken because default_never_expires left the default null is about that attribute.
    const attribute = field === 'default_ttl_seconds' && block.default_never_expires === true ? 'default_never_expires' : field;
    return errorDiagnostic('Invalid key policy', sentenceOf(issue.message), at('key_policy', attribute));
  });
}

/** The session policy block against the contract's bounds, the idle timeout at most the absolute one. */
export function validateSessionPolicyBlock(block: SessionPolicyBlock): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const name of ['idle_timeout_seconds', 'absolute_timeout_seconds'] as const) {
    const value = block[name];
    const { min, max } = SESSION_LIMITS[name];
    if (isKnown(value) && (!Number.isInteger(value) || value < min || value > max)) {
      diagnostics.push(errorDiagnostic('Invalid session policy', `${name} must be a whole number of seconds from ${min} to ${max}, got ${value}.`, at('session_policy', name)));
    }
  }
  if (diagnostics.length > 0 || isUnknown(block.idle_timeout_seconds) || isUnknown(block.absolute_timeout_seconds)) return diagnostics;
  const policy = sessionPolicyOf(block);
  if (policy.idleTimeoutSeconds > policy.absoluteTimeoutSeconds) {
    const attribute = block.idle_timeout_seconds !== null ? 'idle_timeout_seconds' : 'absolute_timeout_seconds';
    diagnostics.push(
      errorDiagnostic(
        'Invalid session policy',
        `The idle timeout (${policy.idleTimeoutSeconds} s) may not be longer than the absolute timeout (${policy.absoluteTimeoutSeconds} s).`,
        at('session_policy', attribute),
      ),
    );
  }
  return diagnostics;
}
