import type { ContractOperation } from '../contract/contract.js';
import type { OrganizationContext } from './directory.js';

/**
 * Null when `scopes` satisfy one of the operation's alternatives; otherwise the start of a
 * sentence naming what it needs.
 */
export function missingScopeText(operation: ContractOperation, organization: OrganizationContext, scopes: readonly string[]): string | null {
  const alternatives = operation.requiredScopes;
  if (alternatives.some((required) => organization.resolver.missing(scopes, required).length === 0)) return null;
  return `This operation needs the scope "${alternatives.map((required) => required.join(' and ')).join('", or "')}"`;
}
