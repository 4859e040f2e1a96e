import { newOrganizationId } from '../core/ids.js';
import { newAuditEventId } from '../core/ids.js';
import { ADMIN_SCOPE, OPERATOR_SCOPE } from '../core/scopes.js';
import { BOOTSTRAP_ACTOR, type Organization } from '../core/types.js';
import { StoreConflictError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { DEFAULT_KEY_POLICY, DEFAULT_SESSION_POLICY } from './organizations/organization-rules.js';
import { newOwnerSetup } from './people/invitations.js';
import { newAdminKey } from './routes/create-organization.js';

export interface BootstrapResult {
  organization: Organization;
  /** The admin key's secret: show it once, then forget it. */
  secret: string;
  keyId: string;
  /** The one-time token of the first owner's set-up link: show it once, as a link. */
  ownerSetupToken: string;
  ownerSetupExpiresAt: number;
}

/**
 * On the first start with an empty database: the operator organization, its admin key
 * (scopes `admin` and `operator`, never expires) and the set-up link of its first owner (a
 * member holding `admin` and `operator`). Returns null when the database already has
 * organizations, so a restart never makes a second admin key.
 */
export async function bootstrap(
  store: Store,
  serverSecret: Buffer,
  options: { slug: string; name: string; now?: number },
): Promise<BootstrapResult | null> {
  const now = options.now ?? Date.now();
  try {
    return await createFirst(store, serverSecret, options.slug, options.name, now);
  } catch (error) {
    // Nodes started together on an empty shared database race here; the slug's unique
    // index lets exactly one win, and the others carry on with what it made.
    if (error instanceof StoreConflictError) return null;
    throw error;
  }
}

async function createFirst(store: Store, serverSecret: Buffer, slug: string, name: string, now: number): Promise<BootstrapResult | null> {
  return store.transaction(async (tx) => {
    if ((await tx.organizations.count()) > 0) return null;
    const organization: Organization = {
      id: newOrganizationId(now),
      slug,
      name,
      plan: 'enterprise',
      rateLimitPerMinute: 10_000,
      isOperator: true,
      keyPolicy: DEFAULT_KEY_POLICY,
      sessionPolicy: DEFAULT_SESSION_POLICY,
      createdAt: now,
      updatedAt: now,
    };
    const { key, secret } = newAdminKey(organization, now, BOOTSTRAP_ACTOR, serverSecret, {
      scopes: [ADMIN_SCOPE, OPERATOR_SCOPE],
      expiresAt: null,
    });
    const owner = newOwnerSetup({ serverSecret }, organization, now, BOOTSTRAP_ACTOR, [ADMIN_SCOPE, OPERATOR_SCOPE]);
    await tx.organizations.insert(organization);
    await tx.keys.insert(key);
    await tx.members.insert(owner.member);
    for (const [action, targetType, targetId] of [
      ['organization.created', 'organization', organization.id],
      ['key.created', 'api_key', key.id],
      ['member.invited', 'member', owner.member.id],
    ] as const) {
      await tx.audit.append({
        id: newAuditEventId(now),
        organizationId: organization.id,
        action,
        actor: BOOTSTRAP_ACTOR,
        targetType,
        targetId,
        ip: null,
        requestId: 'bootstrap',
        occurredAt: now,
        details: { via: 'bootstrap', ...(targetType === 'api_key' ? { hint: key.hint, scopes: key.scopes } : {}) },
      });
    }
    return { organization, secret, keyId: key.id, ownerSetupToken: owner.link.token, ownerSetupExpiresAt: owner.link.fields.invitationExpiresAt! };
  });
}
