/**
 * What the limit cases of contract-limit-cases.ts run in: one service, a tenant for key and
 * member requests and one for catalog changes (each with a catalog of scopes made on demand),
 * fresh organizations for cases that change an organization, real cursors to page with, and a
 * member of the key tenant signed in once, whose session the session-only operations share.
 */
import { unwrap } from '../../src/client/index.js';
import { MAX_RATE_LIMIT_PER_MINUTE } from '../../src/core/rate-limit.js';
import { call, createKey, createOrganization, startOfNextMinute, type RawAnswer } from '../helpers/api.js';
import { UniqueTokens } from '../helpers/limit-values.js';
import type { TestService } from '../helpers/service.js';

/** An organization a case acts in, through its first admin key. */
export interface Tenant {
  id: string;
  slug: string;
  /** Secret of the admin key, which holds every scope of the organization. */
  admin: string;
  /** Names of catalog scopes made so far, in order. */
  scopes: string[];
  /** Token of the first owner's set-up link, which works once. */
  ownerSetup: string;
}

/** A member who has set a password (every member of the run has the same one). */
export interface Member {
  /** Their organization's slug, as sign-in takes it. */
  organization: string;
  email: string;
  password: string;
}

/** A signed-in session: the cookie's token and the CSRF token its changes need. */
export interface Session {
  id: string;
  token: string;
  csrf: string;
}

/** One request of a case, sent with {@link LimitWorld.send}. */
export interface LimitRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  /** The calling key's secret; none for a public operation or one made with a session. */
  key?: string;
  /** A session's token, sent as the `keyplane_session` cookie. */
  session?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A password the service's policy accepts, which every member of the run sets. */
export const PASSWORD = 'correct horse battery staple';

/**
 * Operations counted against the sign-in limits (30 attempts a minute per address, 10 per
 * e-mail), after validation and before any password is hashed.
 */
const SIGN_IN_ATTEMPTS = new Set(['POST /v1/sessions', 'POST /v1/invitations/accept', 'POST /v1/sessions/current/password']);

export class LimitWorld {
  /** Idempotency keys, unique across the run so that no request replays another. */
  readonly tokens = new UniqueTokens();
  private names = 0;
  private keysTenant?: Promise<Tenant>;
  private catalogTenant?: Promise<Tenant>;
  private peopleTenant?: Promise<Tenant>;
  private owner?: Promise<{ member: Member; session: Session }>;

  constructor(readonly service: TestService) {}

  /** The bootstrap key: `admin` and `operator` of the operator organization. */
  get operator(): string {
    return this.service.adminKey;
  }

  /** A lower-case name no other request of this run uses, e.g. `key12`. */
  unique(prefix: string): string {
    return `${prefix}${++this.names}`;
  }

  /**
   * A new organization whose keys may carry any rate limit the contract allows (a key's
   * limit may not exceed its organization's).
   */
  async organization(): Promise<Tenant> {
    const created = await createOrganization(this.service, { slug: this.unique('lim'), rate_limit_per_minute: MAX_RATE_LIMIT_PER_MINUTE });
    return {
      id: created.organization.id,
      slug: created.organization.slug,
      admin: created.admin_key.secret,
      scopes: [],
      ownerSetup: created.owner_invitation.token,
    };
  }

  /**
   * The tenant key and member requests run in; creating and changing keys and members
   * changes nothing org-wide. It starts with two keys, so that its key list has a second page
   * to take a cursor from.
   */
  keys(): Promise<Tenant> {
    return (this.keysTenant ??= this.organization().then(async (tenant) => {
      await this.newKey(tenant);
      return tenant;
    }));
  }

  /** The key tenant, once it has a second member (beside its owner), so that its member list has a second page. */
  people(): Promise<Tenant> {
    return (this.peopleTenant ??= this.keys().then(async (tenant) => {
      await this.newMember(tenant);
      return tenant;
    }));
  }

  /** The tenant scope requests run in, apart from the keys' catalog. */
  catalog(): Promise<Tenant> {
    return (this.catalogTenant ??= this.organization());
  }

  /** The first `count` catalog scopes of `tenant`, made now if missing. */
  async scopes(tenant: Tenant, count: number): Promise<string[]> {
    while (tenant.scopes.length < count) {
      const name = `limit-scope-${String(tenant.scopes.length).padStart(4, '0')}`;
      unwrap(await this.service.client(tenant.admin).api.POST('/v1/scopes', { body: { name } }));
      tenant.scopes.push(name);
    }
    return tenant.scopes.slice(0, count);
  }

  /** The id of a new key of `tenant` without scopes, to update, rotate or revoke. */
  async newKey(tenant: Tenant): Promise<string> {
    return (await createKey(this.service, { name: this.unique('key') }, tenant.admin)).id;
  }

  /** A fresh address at example.com, e.g. `member12@example.com`. */
  email(): string {
    return `${this.unique('member')}@example.com`;
  }

  /** A member invited to `tenant` (with `email`, or a fresh one) who has not accepted yet. */
  async invite(tenant: Tenant, email = this.email()): Promise<{ id: string; token: string }> {
    const answer = await this.send({ method: 'POST', path: '/v1/members', key: tenant.admin, body: { email, scopes: [] } });
    if (answer.status !== 201) throw new Error(`inviting ${email} failed: ${answer.status} ${answer.text}`);
    return { id: answer.body.member.id, token: answer.body.invitation.token };
  }

  /** The id of a new invited member of `tenant`, to update, remove, invite again, unlock or sign out. */
  async newMember(tenant: Tenant): Promise<string> {
    return (await this.invite(tenant)).id;
  }

  /**
   * The key tenant's first owner (holding `admin`), set up through its owner link, and the
   * session that set-up signed them in with. Shared: a case that ends this session, or locks
   * the owner out (ten failed password checks in a row), would break the cases after it.
   */
  signedIn(): Promise<{ member: Member; session: Session }> {
    return (this.owner ??= this.keys().then(async (tenant) => {
      const email = this.email();
      const answer = await this.send({
        method: 'POST',
        path: '/v1/invitations/accept',
        body: { token: tenant.ownerSetup, email, password: PASSWORD, display_name: 'Limit Owner' },
      });
      const session = this.sessionOf(answer);
      return { member: { organization: tenant.slug, email, password: PASSWORD }, session };
    }));
  }

  /** A member of the key tenant signed up with `email` (invited, then accepted), who may sign in. */
  async memberWith(email: string): Promise<Member> {
    const tenant = await this.keys();
    const invited = await this.invite(tenant, email);
    this.sessionOf(await this.send({ method: 'POST', path: '/v1/invitations/accept', body: { token: invited.token, password: PASSWORD } }));
    return { organization: tenant.slug, email, password: PASSWORD };
  }

  /** The session a sign-in or an acceptance answered with: the cookie's token and the body's CSRF token. */
  private sessionOf(answer: RawAnswer): Session {
    const cookie = answer.headers.getSetCookie().find((c) => c.startsWith('keyplane_session='));
    const token = cookie?.slice('keyplane_session='.length).split(';')[0];
    if (answer.status !== 201 || !token) throw new Error(`no session was made: ${answer.status} ${answer.text}`);
    return { id: answer.body.session.id, token, csrf: answer.body.csrf_token };
  }

  /** A `next_cursor` the service issued for `path` (a list of at least two items). */
  async cursor(path: string, key: string): Promise<string> {
    const page = await call(this.service, 'GET', `${path}?limit=1`, { key });
    const cursor = page.body?.next_cursor;
    if (typeof cursor !== 'string') throw new Error(`${path}?limit=1 gave no next_cursor: ${page.text}`);
    return cursor;
  }

  /**
   * Sends `request` through the harness, whose responses are checked against the contract.
   * A sign-in, acceptance or password change refused with 429 because this minute's sign-in
   * attempts are spent is sent again once the service's clock has moved to the next minute,
   * when the fixed windows start over (a refused attempt does not count).
   */
  async send(request: LimitRequest): Promise<RawAnswer> {
    const answer = await this.sendOnce(request);
    if (answer.status !== 429 || answer.body?.code !== 'RATE_LIMITED' || !SIGN_IN_ATTEMPTS.has(`${request.method} ${request.path}`)) return answer;
    startOfNextMinute(this.service.clock);
    return this.sendOnce(request);
  }

  private sendOnce(request: LimitRequest): Promise<RawAnswer> {
    const headers = { ...request.headers };
    if (request.session !== undefined) headers.cookie = `keyplane_session=${request.session}`;
    return call(this.service, request.method, request.path, { key: request.key, body: request.body, headers });
  }
}
