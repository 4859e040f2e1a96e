/**
 * Checks of an organization's key policy, run when an organization is created or changed so
 * that key creation never meets an impossible policy. Paths use the snake_case field names
 * of the policy object; prefix them with where the policy sits in the request.
 */

import { formatDuration } from './expiry.js';
import type { Issue } from './issues.js';
import { quoteInput } from './display-text.js';
import { prefixIssues } from './issues.js';
import { validateIssuer, validateTag } from './key-format.js';
import type { KeyPolicy } from './types.js';

/** Shortest lifetime any policy may set: a minute, the contract's `minimum`. */
export const MIN_POLICY_TTL_SECONDS = 60;
/** Longest lifetime any policy may set: 10 years, so that times stay far inside Date's range. */
export const MAX_POLICY_TTL_SECONDS = 10 * 366 * 86_400;

function checkTtl(value: number | null, field: string): Issue[] {
  if (value === null) return [];
  if (!Number.isInteger(value) || value < MIN_POLICY_TTL_SECONDS || value > MAX_POLICY_TTL_SECONDS) {
    return [
      {
        path: [field],
        message: `${field} must be a whole number of seconds from ${MIN_POLICY_TTL_SECONDS} to ${MAX_POLICY_TTL_SECONDS} (about 10 years), or null; got ${value}`,
      },
    ];
  }
  return [];
}

/**
 * Validates a key policy: TTLs from a minute to 10 years, default not above maximum, a
 * maximum implies a default (or keys created without `expires_at` would have no valid
 * expiry), a valid issuer prefix, and an environment tag exactly when the tag style is
 * `environment`.
 * Returns no issues when valid.
 */
export function validateKeyPolicy(policy: KeyPolicy): Issue[] {
  const issues: Issue[] = [
    ...checkTtl(policy.defaultTtlSeconds, 'default_ttl_seconds'),
    ...checkTtl(policy.maxTtlSeconds, 'max_ttl_seconds'),
  ];
  const { defaultTtlSeconds: def, maxTtlSeconds: max } = policy;
  if (issues.length === 0 && max !== null) {
    if (def === null) {
      issues.push({
        path: ['default_ttl_seconds'],
        message: `default_ttl_seconds cannot be null (never) while max_ttl_seconds limits keys to ${formatDuration(max)}; set a default no longer than that`,
      });
    } else if (def > max) {
      issues.push({
        path: ['default_ttl_seconds'],
        message: `default_ttl_seconds (${formatDuration(def)}) is longer than max_ttl_seconds (${formatDuration(max)}); lower the default or raise the maximum`,
      });
    }
  }
  issues.push(...prefixIssues(['issuer_prefix'], validateIssuer(policy.issuerPrefix)));
  if (policy.tagStyle === 'environment') {
    if (policy.environmentTag === null) {
      issues.push({
        path: ['environment_tag'],
        message: 'environment_tag is required when tag_style is "environment"; give one such as "live" or "test"',
      });
    } else {
      issues.push(...prefixIssues(['environment_tag'], validateTag(policy.environmentTag)));
    }
  } else if (policy.tagStyle === 'organization') {
    if (policy.environmentTag !== null) {
      issues.push({
        path: ['environment_tag'],
        message: 'environment_tag is only used when tag_style is "environment"; remove it or change tag_style',
      });
    }
  } else {
    issues.push({
      path: ['tag_style'],
      message: `tag_style must be "organization" or "environment", got ${quoteInput(String(policy.tagStyle))}`,
    });
  }
  return issues;
}
