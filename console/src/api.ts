/**
 * The console's one way to the service: the typed client of src/client in session mode
 * (the browser's cookie, `X-CSRF-Token` on every change), and the contract's types. The
 * server decides everything; answers that refuse come back as its problem documents.
 */

import type { components } from '../../src/api/schema.js';
import { isProblem, type KeyplaneProblem } from '../../src/client/problem-error.js';
import { createSessionClient } from '../../src/client/session-client.js';

type Schemas = components['schemas'];
export type ApiKey = Schemas['ApiKey'];
export type ApiKeyWithSecret = Schemas['ApiKeyWithSecret'];
export type AuditAction = Schemas['AuditAction'];
export type AuditEvent = Schemas['AuditEvent'];
export type InvitedMember = Schemas['InvitedMember'];
export type IpRule = Schemas['IpRule'];
export type KeyStatus = Schemas['KeyStatus'];
export type Member = Schemas['Member'];
export type Organization = Schemas['Organization'];
export type Plan = Schemas['Plan'];
export type Scope = Schemas['Scope'];
export type Session = Schemas['Session'];
export type SignedIn = Schemas['SignedIn'];
export type CreatedOrganization = Schemas['CreatedOrganization'];
export type { KeyplaneProblem };

/** The service's base URL: the console is served at `<service>/console/`. */
export const serviceUrl = new URL('../', location.href.replace(/#.*$/, '')).href.replace(/\/+$/, '');

let csrfToken: string | null = null;

/** Sets the session's CSRF token (from sign-in or `GET /v1/sessions/current`); null when signed out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The contract's operations, called with the session cookie. */
export const api = createSessionClient({
  endpoint: serviceUrl,
  csrfToken: () => csrfToken,
  timeoutMs: 30_000,
  // A person is waiting: one more try at most, and never a long wait.
  retries: { maxAttempts: 2, maxRetryAfterMs: 3_000 },
}).api;

/** Problems that mean the session is gone: the console goes back to sign-in. */
const SESSION_GONE = new Set(['INVALID_SESSION', 'SESSION_REQUIRED', 'MISSING_KEY']);
const sessionEndedListeners = new Set<(detail: string) => void>();

/** Calls `listener` whenever the service says the session has ended; returns the unsubscribe. */
export function onSessionEnded(listener: (detail: string) => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

api.use({
  async onResponse({ response }) {
    if (response.status !== 401) return undefined;
    const body: unknown = await response.clone().json().catch(() => null);
    if (isProblem(body) && SESSION_GONE.has(body.code)) for (const listener of sessionEndedListeners) listener(body.detail);
    return undefined;
  },
});

/** An answer: the data, or the problem the service (or the network) gave instead. */
export type Result<T> = { data: T; problem?: undefined } | { data?: undefined; problem: KeyplaneProblem };

/** Awaits a call of `api` and turns every outcome into a `Result`, never a rejection. */
export async function run<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Result<T>> {
  try {
    const { data, error, response } = await call;
    if (response.ok) return { data: data as T };
    if (isProblem(error)) return { problem: error };
    return { problem: localProblem(`The service answered HTTP ${response.status} without explaining why.`, response.status) };
  } catch (error) {
    return { problem: localProblem(`The service could not be reached: ${error instanceof Error ? error.message : String(error)}`, 0) };
  }
}

function localProblem(detail: string, status: number): KeyplaneProblem {
  return { type: 'about:blank', title: 'No answer', status, detail, code: 'UNEXPECTED_RESPONSE', request_id: '' };
}

/**
 * The service's message for one field of a request, by its path under `body`
 * (`name`, `ip_rules[1].cidr`, `key_policy.max_ttl_seconds`) or `query`.
 */
export function fieldError(problem: KeyplaneProblem | null | undefined, field: string): string | undefined {
  return problem?.errors?.find((error) => error.path === `body.${field}` || error.path === `query.${field}`)?.message;
}

/** Whether the problem names a field at or under `prefix` (e.g. `ip_rules` for every rule). */
export function hasFieldErrorUnder(problem: KeyplaneProblem | null | undefined, prefix: string): boolean {
  return problem?.errors?.some((error) => isUnder(error.path, prefix)) ?? false;
}

function isUnder(path: string, prefix: string): boolean {
  return [`body.${prefix}`, `query.${prefix}`].some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}

/** Field errors that none of `shown` (fields on screen, by prefix) displays. */
export function unshownErrors(problem: KeyplaneProblem | null | undefined, shown: readonly string[]): { path: string; message: string }[] {
  return (problem?.errors ?? []).filter((error) => !shown.some((prefix) => isUnder(error.path, prefix)));
}
