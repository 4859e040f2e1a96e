/**
 * People in the flow tests (test/server/people): the first owner set up through the link
 * printed at the first start, members invited and accepted with given scopes, sign-in, and a
 * small "browser" that keeps the session cookie and the CSRF token and sends them the way
 * the console does. Every request goes through `service.fetch`, so every answer is checked
 * against openapi.yaml; nothing is mocked.
 *
 * Passwords are hashed with scrypt at the service's real cost (~0.25 s an accept or a
 * sign-in): set people up once per file and reuse their sessions where a test does not need
 * a fresh one.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { components } from '../../src/api/schema.js';
import { FixedWindowLimiter } from '../../src/core/rate-limit.js';
import { addressBucket, emailBucket, SIGN_IN_ATTEMPTS_PER_ADDRESS, SIGN_IN_ATTEMPTS_PER_EMAIL } from '../../src/server/people/sign-in-guard.js';
import { call, expectProblem, startOfNextMinute, type RawAnswer } from './api.js';
import type { TestService } from './service.js';

type Schemas = components['schemas'];
export type SignedIn = Schemas['SignedIn'];
export type Member = Schemas['Member'];
export type InvitedMember = Schemas['InvitedMember'];
export type Session = Schemas['Session'];

/** The address every test request comes from, as the service sees it. */
export const TEST_CLIENT_ADDRESS = '127.0.0.1';

const WORDS = ['lantern', 'orbit', 'sparrow', 'quartz', 'meadow', 'harbor', 'velvet', 'cobalt', 'thistle', 'ember', 'falcon', 'juniper', 'canyon', 'mosaic'];

/**
 * A password the policy accepts (well over 15 characters, random, so zxcvbn scores it 4),
 * different on every call.
 */
export function strongPassword(): string {
  const bytes = randomBytes(4);
  return `${WORDS[bytes[0]! % WORDS.length]} ${randomBytes(5).toString('hex')} ${WORDS[bytes[1]! % WORDS.length]} ${WORDS[bytes[2]! % WORDS.length]}`;
}

let emailSequence = 0;
/** A fresh e-mail address, unique in this process. */
export function freshEmail(name = 'person'): string {
  emailSequence++;
  return `${name}.${emailSequence}.${randomBytes(3).toString('hex')}@example.com`;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * The `X-CSRF-Token` to send: the session's own by default on anything but GET/HEAD,
   * `false` for none, or a string to send that value instead.
   */
  csrf?: string | false;
}

/**
 * A browser as the console uses one: it keeps the cookie the service sets (and forgets it
 * when the service clears it), sends it with every request, and sends the CSRF token it was
 * given with every request that is not a GET. It never sends an API key.
 */
export class Browser {
  /** The session token as the cookie holds it; null when signed out. */
  token: string | null = null;
  /** The cookie's name as last set by the service. */
  cookieName = 'keyplane_session';
  /** The session's CSRF token, from sign-in or `GET /v1/sessions/current`. */
  csrf: string | null = null;
  /** The last sign-in (or acceptance) answer of this browser. */
  signedIn: SignedIn | null = null;
  /** Every `Set-Cookie` the last answer carried. */
  lastSetCookies: string[] = [];

  constructor(readonly service: TestService, readonly userAgent = 'Mozilla/5.0 (X11; Linux x86_64) KeyplaneTest/1.0') {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<RawAnswer> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...options.headers };
    if (this.token !== null) headers.cookie = `${this.cookieName}=${this.token}`;
    const reads = method === 'GET' || method === 'HEAD';
    const csrf = options.csrf === undefined ? (reads ? null : this.csrf) : options.csrf === false ? null : options.csrf;
    if (csrf !== null) headers['x-csrf-token'] = csrf;
    const answer = await call(this.service, method, path, { headers, body: options.body });
    this.keepCookies(answer);
    return answer;
  }

  get(path: string, options?: RequestOptions): Promise<RawAnswer> {
    return this.request('GET', path, options);
  }
  /** A POST; `body` undefined sends none (operations such as unlock take none). */
  post(path: string, body?: unknown, options: RequestOptions = {}): Promise<RawAnswer> {
    return this.request('POST', path, { ...options, body });
  }
  patch(path: string, body: unknown, options: RequestOptions = {}): Promise<RawAnswer> {
    return this.request('PATCH', path, { ...options, body });
  }
  delete(path: string, options?: RequestOptions): Promise<RawAnswer> {
    return this.request('DELETE', path, options);
  }

  /** Takes the session cookie from an answer: a new token, or gone when `Max-Age=0`. */
  private keepCookies(answer: RawAnswer): void {
    this.lastSetCookies = answer.headers.getSetCookie();
    for (const cookie of this.lastSetCookies) {
      const parsed = parseSetCookie(cookie);
      if (!parsed.name.endsWith('keyplane_session')) continue;
      this.cookieName = parsed.name;
      if (parsed.attributes.get('max-age') === '0' || parsed.value === '') {
        this.token = null;
        this.csrf = null;
      } else {
        this.token = parsed.value;
      }
    }
    if (answer.status === 201 && answer.body?.csrf_token) {
      this.signedIn = answer.body as SignedIn;
      this.csrf = this.signedIn.csrf_token;
    }
  }
}

/** Asserts the answer ends the session: 401 INVALID_SESSION with a `Set-Cookie` that clears the cookie. */
export function expectSessionEnded(answer: RawAnswer, cookieName = 'keyplane_session'): void {
  expectProblem(answer, 401, 'INVALID_SESSION');
  const cookies = answer.headers.getSetCookie().map(parseSetCookie);
  expect(cookies).toEqual([expect.objectContaining({ name: cookieName, value: '' })]);
  expect(cookies[0]!.attributes.get('max-age')).toBe('0');
}

/** A `Set-Cookie` value as name, value and attributes (lower-case names; flags map to ''). */
export function parseSetCookie(header: string): { name: string; value: string; attributes: Map<string, string> } {
  const [pair, ...rest] = header.split(';');
  const eq = pair!.indexOf('=');
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const at = part.indexOf('=');
    if (at === -1) attributes.set(part.trim().toLowerCase(), '');
    else attributes.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  return { name: pair!.slice(0, eq).trim(), value: pair!.slice(eq + 1).trim(), attributes };
}

/**
 * Makes sure `attempts` more sign-ins (or acceptances, or password changes) fit in this
 * minute's per-address budget (30) and, with `email`, in that e-mail's (10); otherwise moves
 * the service's clock to the next minute, when the fixed windows start over. Reads the
 * service's own counter, so raw attempts a test made count too.
 */
export function ensureSignInBudget(service: TestService, attempts = 1, email?: { organization: string; email: string }): void {
  const limiter = service.app.keyplane.failedSignIns;
  // A cluster counts in PostgreSQL, out of reach here: its tests stay within the budget themselves.
  if (!(limiter instanceof FixedWindowLimiter)) return;
  const now = service.clock.now();
  const address = limiter.peek(addressBucket(TEST_CLIENT_ADDRESS), SIGN_IN_ATTEMPTS_PER_ADDRESS, now).remaining;
  const perEmail = email ? limiter.peek(emailBucket(service.app.keyplane.serverSecret, email.organization, email.email), SIGN_IN_ATTEMPTS_PER_EMAIL, now).remaining : Number.POSITIVE_INFINITY;
  if (address < attempts || perEmail < attempts) startOfNextMinute(service.clock);
}

/** A person with a password and a browser (signed in once accepted). */
export interface Person {
  id: string;
  organizationSlug: string;
  email: string;
  password: string;
  displayName: string;
  scopes: string[];
  browser: Browser;
  /** The member as the acceptance answered it. */
  member: Member;
}

export interface AcceptBody {
  token: string;
  password: string;
  email?: string;
  display_name?: string;
}

/** `POST /v1/invitations/accept` from `browser` (a fresh one by default), within the address budget. */
export async function acceptInvitation(service: TestService, body: AcceptBody, browser = new Browser(service)): Promise<RawAnswer> {
  ensureSignInBudget(service);
  return browser.post('/v1/invitations/accept', body);
}

/** Accepts `token` and returns the signed-in person; fails the test on any other answer. */
export async function acceptAs(
  service: TestService,
  token: string,
  person: { organizationSlug: string; email: string; displayName: string; password?: string; sendEmail?: boolean },
): Promise<Person> {
  const password = person.password ?? strongPassword();
  const browser = new Browser(service);
  const answer = await acceptInvitation(
    service,
    { token, password, display_name: person.displayName, ...(person.sendEmail === false ? {} : { email: person.email }) },
    browser,
  );
  expect(answer.status, answer.text).toBe(201);
  const signedIn = answer.body as SignedIn;
  return {
    id: signedIn.member.id,
    organizationSlug: person.organizationSlug,
    email: signedIn.member.email!,
    password,
    displayName: signedIn.member.display_name ?? person.displayName,
    scopes: signedIn.member.scopes,
    browser,
    member: signedIn.member,
  };
}

/**
 * The operator organization's first owner (scopes admin and operator), set up with the token
 * of the link printed at the first start.
 */
export async function setUpOwner(
  service: TestService,
  person: { email?: string; displayName?: string; password?: string } = {},
): Promise<Person> {
  return acceptAs(service, service.ownerSetupToken, {
    organizationSlug: 'operator',
    email: person.email ?? freshEmail('owner'),
    displayName: person.displayName ?? 'Olive Owner',
    password: person.password,
  });
}

/** Who invites: a signed-in browser, or an API key's secret. */
export type Inviter = Browser | string;

/** A request as `as` (a browser with its cookie and CSRF token, or an API key). */
export function requestAs(service: TestService, as: Inviter, method: string, path: string, body?: unknown): Promise<RawAnswer> {
  if (typeof as === 'string') return call(service, method, path, { key: as, body });
  return as.request(method, path, { body });
}

/** `POST /v1/members` as `as`; fails the test unless the member is invited. */
export async function invite(
  service: TestService,
  as: Inviter,
  body: { email: string; scopes: string[]; display_name?: string },
): Promise<InvitedMember> {
  const answer = await requestAs(service, as, 'POST', '/v1/members', body);
  expect(answer.status, answer.text).toBe(201);
  return answer.body as InvitedMember;
}

/**
 * A member with `scopes` in `as`'s organization: invited by `as`, then accepted (which signs
 * them in). `organizationSlug` is the organization's slug, for later sign-ins.
 */
export async function addMember(
  service: TestService,
  as: Inviter,
  options: { scopes: string[]; organizationSlug?: string; email?: string; displayName?: string; password?: string },
): Promise<Person> {
  const email = options.email ?? freshEmail('member');
  const displayName = options.displayName ?? `Member ${email.split('@')[0]}`;
  const invited = await invite(service, as, { email, scopes: options.scopes, display_name: displayName });
  return acceptAs(service, invited.invitation.token, {
    organizationSlug: options.organizationSlug ?? 'operator',
    email,
    displayName,
    password: options.password,
    sendEmail: false,
  });
}

export interface SignInBody {
  organization: string;
  email: string;
  password: string;
}

/** `POST /v1/sessions` from `browser` (a fresh one by default), within the sign-in budgets. */
export async function signIn(service: TestService, body: SignInBody, browser = new Browser(service)): Promise<RawAnswer> {
  ensureSignInBudget(service, 1, body);
  return browser.post('/v1/sessions', body);
}

/** Signs `person` in from a new browser (another device) and returns it; fails the test otherwise. */
export async function newSession(service: TestService, person: Pick<Person, 'organizationSlug' | 'email' | 'password'>, userAgent?: string): Promise<Browser> {
  const browser = new Browser(service, userAgent);
  const answer = await signIn(service, { organization: person.organizationSlug, email: person.email, password: person.password }, browser);
  expect(answer.status, answer.text).toBe(201);
  return browser;
}
