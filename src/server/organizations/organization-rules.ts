import type { components } from '../../api/schema.js';
import { validateKeyPolicy } from '../../core/key-policy.js';
import { prefixIssues } from '../../core/issues.js';
import { validateOrganizationRateLimit } from '../../core/rate-limit.js';
import { OPERATOR_SCOPE } from '../../core/scopes.js';
import type { KeyPolicy, Organization, Plan, SessionPolicy } from '../../core/types.js';
import type { Caller } from '../context.js';
import { issuesProblem, ProblemError } from '../problem.js';

type KeyPolicyInput = components['schemas']['KeyPolicyInput'];
type SessionPolicyInput = components['schemas']['SessionPolicyInput'];

/**
 * Sessions of an organization created without a policy: half an hour idle, twelve hours in
 * all (OWASP's session guidance for a console that manages credentials: short idle, a
 * working day at most).
 */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleTimeoutSeconds: 1_800, absoluteTimeoutSeconds: 43_200 };

/** `current` with the fields of `input` applied; the idle timeout may not exceed the absolute one. */
export function applySessionPolicy(current: SessionPolicy, input: SessionPolicyInput | undefined): SessionPolicy {
  if (!input) return current;
  const next: SessionPolicy = {
    idleTimeoutSeconds: input.idle_timeout_seconds ?? current.idleTimeoutSeconds,
    absoluteTimeoutSeconds: input.absolute_timeout_seconds ?? current.absoluteTimeoutSeconds,
  };
  if (next.idleTimeoutSeconds > next.absoluteTimeoutSeconds) {
    throw issuesProblem('INVALID_POLICY', [
      {
        path: ['session_policy', input.idle_timeout_seconds !== undefined ? 'idle_timeout_seconds' : 'absolute_timeout_seconds'],
        message: `the idle timeout (${next.idleTimeoutSeconds} s) may not be longer than the absolute timeout (${next.absoluteTimeoutSeconds} s)`,
      },
    ]);
  }
  return next;
}

/** The policy of an organization created without one: 90-day keys, `nm_<slug>_…` secrets. */
export const DEFAULT_KEY_POLICY: KeyPolicy = {
  defaultTtlSeconds: 90 * 86_400,
  maxTtlSeconds: null,
  issuerPrefix: 'nm',
  tagStyle: 'organization',
  environmentTag: null,
};

/** `current` with the fields of `input` applied, checked as a whole. */
export function applyKeyPolicy(current: KeyPolicy, input: KeyPolicyInput | undefined): KeyPolicy {
  if (!input) return current;
  const next: KeyPolicy = {
    defaultTtlSeconds: input.default_ttl_seconds !== undefined ? input.default_ttl_seconds : current.defaultTtlSeconds,
    maxTtlSeconds: input.max_ttl_seconds !== undefined ? input.max_ttl_seconds : current.maxTtlSeconds,
    issuerPrefix: input.issuer_prefix ?? current.issuerPrefix,
    tagStyle: input.tag_style ?? current.tagStyle,
    environmentTag: input.environment_tag !== undefined ? input.environment_tag : current.environmentTag,
  };
  const issues = validateKeyPolicy(next);
  if (issues.length > 0) throw issuesProblem('INVALID_POLICY', prefixIssues(['key_policy'], issues));
  return next;
}

export function checkOrganizationRateLimit(plan: Plan, value: number | null): number | null {
  const issues = validateOrganizationRateLimit(plan, value);
  if (issues.length > 0) throw issuesProblem('INVALID_RATE_LIMIT', issues);
  return value;
}

/** True for keys of the operator organization that hold `operator`. */
export function isOperator(caller: Caller): boolean {
  const { org, resolver } = caller.organization;
  return org.isOperator && resolver.missing(caller.scopes, [OPERATOR_SCOPE]).length === 0;
}

/**
 * The organization `id` as the caller may see it: operators see every organization, an
 * admin only its own; anything else does not exist for the caller (404, never 403).
 */
export function visibleOrganization(caller: Caller, id: string, found: Organization | null): Organization {
  if (!found || (!isOperator(caller) && found.id !== caller.organization.org.id)) {
    throw new ProblemError('ORGANIZATION_NOT_FOUND', `There is no organization ${id} visible to this key.`);
  }
  return found;
}
