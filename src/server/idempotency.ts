import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { hashSecret, secretHashesEqual } from '../core/secret-hash.js';
import type { IdempotencyRecord, Store } from '../store/store.js';
import type { RouteResult } from './context.js';
import { tokenHash } from './people/tokens.js';
import { ProblemError } from './problem.js';

/** How long a response is remembered for replay. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * How long a request that started but never finished (the process died) blocks its key.
 * After this lease a retry runs again; the work of the dead attempt rolled back with its
 * transaction, so nothing is done twice.
 */
export const IDEMPOTENCY_LEASE_MS = 60 * 1000;
const IN_PROGRESS = 0;

export interface IdempotencyScope {
  organizationId: string;
  callerKeyId: string;
  idempotencyKey: string;
}

export type Claim =
  | { kind: 'claimed'; record: IdempotencyRecord }
  | { kind: 'replay'; result: RouteResult };

/**
 * The fingerprint of a request: a retry must be the same operation on the same path with
 * the same body. Bodies are compared as canonical JSON, so key order does not matter.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Claims an idempotency key before the request runs, or answers from a previous run. Called
 * inside the request's transaction, so the placeholder is never seen by another request: a
 * concurrent duplicate waits for this transaction and then finds the finished answer.
 * - first use: a placeholder is written (its lease covers records from before claims were
 *   transactional, and any store that does not hold the duplicate back);
 * - same request finished before: its response is replayed;
 * - same key, different request: 409 IDEMPOTENCY_KEY_REUSED.
 */
export async function claim(
  store: Store,
  serverSecret: Buffer,
  scope: IdempotencyScope,
  fingerprint: string,
  now: number,
): Promise<Claim> {
  const placeholder: IdempotencyRecord = {
    ...scope,
    requestFingerprint: fingerprint,
    statusCode: IN_PROGRESS,
    responseCiphertext: '',
    createdAt: now,
    expiresAt: now + IDEMPOTENCY_LEASE_MS,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await store.idempotency.putIfAbsent(placeholder)) return { kind: 'claimed', record: placeholder };
    const existing = await store.idempotency.get(scope.organizationId, scope.callerKeyId, scope.idempotencyKey);
    if (!existing) continue; // expired and purged between the two calls: claim again
    if (existing.expiresAt <= now) {
      await store.idempotency.delete(scope.organizationId, scope.callerKeyId, scope.idempotencyKey);
      continue;
    }
    if (existing.requestFingerprint !== fingerprint) {
      throw new ProblemError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was first used with a different request (another operation, path or body). Use a new key for a new request.',
      );
    }
    if (existing.statusCode === IN_PROGRESS) {
      throw new ProblemError(
        'IDEMPOTENCY_REQUEST_IN_PROGRESS',
        'A request with this Idempotency-Key is still being processed. Retry after it finishes.',
        { headers: { 'Retry-After': '1' } },
      );
    }
    return { kind: 'replay', result: decryptResult(serverSecret, scope, existing) };
  }
  throw new ProblemError('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'The Idempotency-Key is contended. Retry shortly.', {
    headers: { 'Retry-After': '1' },
  });
}

/**
 * A remembered answer that holds a secret is replayed only while the secret is still its
 * key's current one. Once the key was revoked, or rotated again, the replay would hand out a
 * secret that no longer works (or works only out its grace period) with `status: active`:
 * instead the retry learns what happened, and the secret is not shown again. Read from the
 * store, not a cache, so that a change made on another node counts at once.
 */
export async function checkReplayFresh(store: Store, serverSecret: Buffer, result: RouteResult): Promise<void> {
  for (const issued of issuedSecrets(result.body)) {
    const key = await store.keys.get(issued.organizationId, issued.id);
    if (key && key.revokedAt === null && secretHashesEqual(key.secretHash, hashSecret(issued.secret, serverSecret))) continue;
    const what = !key
      ? 'it no longer exists'
      : key.revokedAt !== null
        ? `it was revoked at ${new Date(key.revokedAt).toISOString()}`
        : `it was rotated${key.rotatedAt === null ? '' : ` at ${new Date(key.rotatedAt).toISOString()}`} since, so this secret is no longer its current one`;
    throw new ProblemError(
      'IDEMPOTENCY_REPLAY_STALE',
      `This request was done before and made key ${issued.id}, but ${what}; its secret is not shown again. Send a new Idempotency-Key to make the request anew.`,
    );
  }
  for (const token of issuedLinks(result.body)) {
    const member = await store.members.findByInvitationHash(tokenHash(token, serverSecret));
    if (member && member.invitationExpiresAt !== null && member.invitationExpiresAt > Date.now()) continue;
    throw new ProblemError(
      'IDEMPOTENCY_REPLAY_STALE',
      'This request was done before and made a one-time link, but that link was used, replaced or has expired since; it is not shown again. Send a new Idempotency-Key to make a new link.',
    );
  }
}

/** The one-time link tokens an answer hands out: an invitation, a reset link, an owner's set-up link. */
function issuedLinks(body: unknown): string[] {
  if (body === null || typeof body !== 'object') return [];
  const { invitation, owner_invitation: ownerInvitation } = body as Record<string, unknown>;
  return [invitation, ownerInvitation]
    .map((link) => (link !== null && typeof link === 'object' ? (link as Record<string, unknown>).token : undefined))
    .filter((token): token is string => typeof token === 'string');
}

interface IssuedSecret {
  id: string;
  organizationId: string;
  secret: string;
}

/** The keys with secrets an answer hands out: a created or rotated key, or a new organization's admin key. */
function issuedSecrets(body: unknown): IssuedSecret[] {
  const found: IssuedSecret[] = [];
  const visit = (value: unknown) => {
    if (value === null || typeof value !== 'object') return;
    const { id, organization_id: organizationId, secret } = value as Record<string, unknown>;
    if (typeof id === 'string' && typeof organizationId === 'string' && typeof secret === 'string') found.push({ id, organizationId, secret });
  };
  visit(body);
  if (body !== null && typeof body === 'object') for (const nested of Object.values(body)) visit(nested);
  return found;
}

/** Stores the finished response for replay, inside the request's transaction. */
export async function complete(
  store: Store,
  serverSecret: Buffer,
  claimed: IdempotencyRecord,
  result: RouteResult,
  now: number,
): Promise<void> {
  await store.idempotency.complete({
    ...claimed,
    statusCode: result.status,
    responseCiphertext: encryptResult(serverSecret, claimed, result),
    expiresAt: now + IDEMPOTENCY_TTL_MS,
  });
}

/** Gives the key back when the request failed, so a corrected retry may use it. */
export async function release(store: Store, scope: IdempotencyScope): Promise<void> {
  await store.idempotency.delete(scope.organizationId, scope.callerKeyId, scope.idempotencyKey);
}

/*
 * A remembered response may hold a secret (createKey, rotateKey), and secrets are never
 * stored in clear. It is encrypted with AES-256-GCM under a key derived from the server
 * secret and the idempotency scope, so a copy of the database alone reveals nothing, and a
 * record cannot be replayed under another scope.
 */
function recordKey(serverSecret: Buffer, scope: IdempotencyScope): Buffer {
  return createHmac('sha256', serverSecret)
    .update(`idempotency\n${scope.organizationId}\n${scope.callerKeyId}\n${scope.idempotencyKey}`)
    .digest();
}

function encryptResult(serverSecret: Buffer, scope: IdempotencyScope, result: RouteResult): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', recordKey(serverSecret, scope), iv);
  const plain = Buffer.from(JSON.stringify(result), 'utf8');
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

function decryptResult(serverSecret: Buffer, scope: IdempotencyScope, record: IdempotencyRecord): RouteResult {
  const data = Buffer.from(record.responseCiphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', recordKey(serverSecret, scope), data.subarray(0, 12));
  decipher.setAuthTag(data.subarray(12, 28));
  const plain = Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as RouteResult;
}
