import { newOrganizationId } from '../../core/ids.js';
import { defaultExpiry } from '../../core/expiry.js';
import { ADMIN_SCOPE } from '../../core/scopes.js';
import type { Actor, ApiKeyRecord, Organization } from '../../core/types.js';
import type { RouteHandler } from '../context.js';
import { newKey } from '../keys/new-key.js';
import {
  applyKeyPolicy,
  applySessionPolicy,
  checkOrganizationRateLimit,
  DEFAULT_KEY_POLICY,
  DEFAULT_SESSION_POLICY,
} from '../organizations/organization-rules.js';
import { linkJson, newOwnerSetup } from '../people/invitations.js';
import { ProblemError } from '../problem.js';
import { toApiKey, toOrganization } from '../serialize.js';
import { checkTextFields } from '../text-rules.js';

/** POST /v1/organizations: a new tenant, its first admin key and its first owner's set-up link, shown once. */
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
    sessionPolicy: applySessionPolicy(DEFAULT_SESSION_POLICY, input.session_policy),
    createdAt: now,
    updatedAt: now,
  };
  const { key, secret } = newAdminKey(org, now, caller.actor, services.serverSecret);
  const owner = newOwnerSetup(services, org, now, caller.actor);
  await store.organizations.insert(org);
  await store.keys.insert(key);
  await store.members.insert(owner.member);
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
  await context.audit({
    organizationId: org.id,
    action: 'member.invited',
    targetType: 'member',
    targetId: owner.member.id,
    details: { purpose: 'owner_setup', scopes: owner.member.scopes },
  });
  return {
    status: 201,
    headers: { Location: `/v1/organizations/${org.id}` },
    body: {
      organization: toOrganization(org),
      admin_key: { ...toApiKey(key, now), secret },
      owner_invitation: linkJson(services.publicUrl, owner.link),
    },
  };
};

/** The first administrator key of an organization, with its secret (to be shown once). */
export function newAdminKey(
  org: Organization,
  now: number,
  createdBy: Actor,
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
