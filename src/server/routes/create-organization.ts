import { newOrganizationId } from '../../core/ids.js';
import { defaultExpiry } from '../../core/expiry.js';
import { ADMIN_SCOPE } from '../../core/scopes.js';
import type { ApiKeyRecord, Organization } from '../../core/types.js';
import type { RouteHandler } from '../context.js';
import { newKey } from '../keys/new-key.js';
import { applyKeyPolicy, checkOrganizationRateLimit, DEFAULT_KEY_POLICY } from '../organizations/organization-rules.js';
import { ProblemError } from '../problem.js';
import { toApiKey, toOrganization } from '../serialize.js';
import { checkTextFields } from '../text-rules.js';

/** POST /v1/organizations: a new tenant and its first admin key, shown once. */
export const createOrganization: RouteHandler<'createOrganization'> = async (context) => {
  const { store, now, caller, services } = context;
  const input = context.body!;
  checkTextFields(input);
  if (await store.organizations.getBySlug(input.slug)) {
    throw new ProblemError('ORGANIZATION_SLUG_TAKEN', `The slug "${input.slug}" is taken; choose another.`, {
      errors: [{ path: 'body.slug', message: 'is already used by another organization' }],
    });
  }
  const plan = input.plan ?? 'free';
  const org: Organization = {
    id: newOrganizationId(now),
    slug: input.slug,
    name: input.name,
    plan,
    rateLimitPerMinute: checkOrganizationRateLimit(plan, input.rate_limit_per_minute ?? null),
    isOperator: false,
    keyPolicy: applyKeyPolicy(DEFAULT_KEY_POLICY, input.key_policy),
    createdAt: now,
    updatedAt: now,
  };
  const { key, secret } = newAdminKey(org, now, caller.key.id, services.serverSecret);
  await store.organizations.insert(org);
  await store.keys.insert(key);
  const details = { slug: org.slug, plan: org.plan };
  await context.audit({ action: 'organization.created', targetType: 'organization', targetId: org.id, details });
  // The new organization's own trail starts with its first key.
  await context.audit({
    organizationId: org.id,
    action: 'key.created',
    targetType: 'api_key',
    targetId: key.id,
    details: { name: key.name, scopes: key.scopes, hint: key.hint },
  });
  return {
    status: 201,
    headers: { Location: `/v1/organizations/${org.id}` },
    body: { organization: toOrganization(org), admin_key: { ...toApiKey(key, now), secret } },
  };
};

/** The first administrator key of an organization, with its secret (to be shown once). */
export function newAdminKey(
  org: Organization,
  now: number,
  createdBy: string,
  serverSecret: Buffer,
  options: { scopes?: string[]; expiresAt?: number | null } = {},
): { key: ApiKeyRecord; secret: string } {
  return newKey(
    org,
    {
      name: 'Admin',
      description: 'First administrator key',
      scopes: options.scopes ?? [ADMIN_SCOPE],
      expiresAt: options.expiresAt !== undefined ? options.expiresAt : defaultExpiry(org.keyPolicy, now),
      notBefore: null,
      ipRules: [],
      metadata: {},
      rateLimitPerMinute: null,
    },
    { now, createdBy, serverSecret },
  );
}
