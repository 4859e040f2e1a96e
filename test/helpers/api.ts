/**
 * Small builders and assertions shared by the flow tests of the service (test/server). They
 * talk to a real service started with `startService()`; nothing here is mocked.
 */
import { expect } from 'vitest';
import type { components, operations } from '../../src/api/schema.js';
import { unwrap } from '../../src/client/index.js';
import { BASE62_ALPHABET } from '../../src/core/base62.js';
import { generateSecret } from '../../src/core/key-format.js';
import { hashSecret } from '../../src/core/secret-hash.js';
import type { TestClock, TestService } from './service.js';

type Schemas = components['schemas'];
export type ApiKey = Schemas['ApiKey'];
export type ApiKeyWithSecret = Schemas['ApiKeyWithSecret'];
export type CreateKeyRequest = Schemas['CreateKeyRequest'];
export type CreateOrganizationRequest = Schemas['CreateOrganizationRequest'];
export type CreatedOrganization = Schemas['CreatedOrganization'];
export type Problem = Schemas['Problem'];
export type AuditEvent = Schemas['AuditEvent'];
export type VerifyKeyResponse = Schemas['VerifyKeyResponse'];
export type AuditQuery = NonNullable<operations['listAuditEvents']['parameters']['query']>;

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Creates a key with `as` (default: the bootstrap admin key) and returns it with its secret. */
export async function createKey(service: TestService, body: CreateKeyRequest, as: string = service.adminKey): Promise<ApiKeyWithSecret> {
  return unwrap(await service.client(as).api.POST('/v1/keys', { body }));
}

/** Creates an organization with the operator key; `plan` defaults to business (2,000/min) so tests are not throttled. */
export async function createOrganization(
  service: TestService,
  body: Partial<CreateOrganizationRequest> & { slug: string },
): Promise<CreatedOrganization> {
  return unwrap(
    await service.client().api.POST('/v1/organizations', {
      body: { name: `Organization ${body.slug}`, plan: 'business', ...body },
    }),
  );
}

/** An answer read whole: status, headers, raw text and the parsed JSON body (undefined if not JSON). */
export interface RawAnswer<T = any> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface CallOptions {
  /** Sent as `X-API-Key`. */
  key?: string;
  /** Sent as `Authorization: Bearer`. */
  bearer?: string;
  /** JSON-encoded, with `Content-Type: application/json`. */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A request through the harness's checked fetch, for what the typed client will not send or
 * when a test needs the exact headers and text of the answer.
 */
export async function call(service: TestService, method: string, path: string, options: CallOptions = {}): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers['x-api-key'] = options.key;
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    init.body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await service.fetch(path, init);
  const text = await response.text();
  let body: unknown;
  if (/json/.test(response.headers.get('content-type') ?? '')) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, body };
}

/**
 * Asserts that `answer` is the problem `code` with `status`: problem+json, the catalogue's
 * `type`, and a `request_id` equal to the `X-Request-Id` header. Returns the problem.
 */
export function expectProblem(answer: RawAnswer, status: number, code: string): Problem {
  expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = answer.body as Problem;
  expect(problem.status).toBe(status);
  expect(problem.type).toBe(`https://keyplane.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`);
  expect(problem.request_id).toBe(answer.headers.get('x-request-id'));
  expect(problem.detail.length).toBeGreaterThan(0);
  return problem;
}

/** The keyed hash the service stores for `secret`, as lower-case hex. */
export function storedHashOf(service: TestService, secret: string): string {
  return hashSecret(secret, service.serverSecret);
}

/** Asserts that neither a secret nor its stored hash occurs anywhere in `text`. */
export function expectNoSecrets(service: TestService, text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(storedHashOf(service, secret));
    // The random middle part alone must not leak either.
    expect(text).not.toContain(secret.slice(secret.lastIndexOf('_') + 1, -6));
  }
}

/** `secret` with its last checksum character replaced by the next base62 character. */
export function withChecksumOffByOne(secret: string): string {
  const last = secret.at(-1)!;
  const next = BASE62_ALPHABET[(BASE62_ALPHABET.indexOf(last) + 1) % BASE62_ALPHABET.length]!;
  return secret.slice(0, -1) + next;
}

/** A well-formed secret with a valid checksum that no service ever issued. */
export function neverIssuedSecret(tag = 'operator'): string {
  return generateSecret({ issuer: 'nm', tag });
}

/** Moves the clock to the start of the next rate-limit window (a whole minute). */
export function startOfNextMinute(clock: TestClock): void {
  clock.current = (Math.floor(clock.current / MINUTE) + 1) * MINUTE;
}

/** RFC 3339 of `clock + ms`. */
export function isoIn(clock: TestClock, ms: number): string {
  return new Date(clock.now() + ms).toISOString();
}

/** Verifies `key` with `as` (default: the admin key), returning the verdict. */
export async function verify(
  service: TestService,
  body: Schemas['VerifyKeyRequest'],
  as: string = service.adminKey,
): Promise<VerifyKeyResponse> {
  return unwrap(await service.client(as).api.POST('/v1/keys/verify', { body }));
}

/** All audit events of `as`'s organization matching `query`, newest first, across pages. */
export async function auditEvents(
  service: TestService,
  query: Omit<AuditQuery, 'limit' | 'cursor'> = {},
  as: string = service.adminKey,
): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = unwrap(await service.client(as).api.GET('/v1/audit-events', { params: { query: { ...query, limit: 200, cursor } } }));
    events.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return events;
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
