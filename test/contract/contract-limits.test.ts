/**
 * Every numeric and length limit of the contract's request side holds on the real service,
 * exactly: a value on the limit is accepted (2xx) and one step past it is refused (400 or 422
 * naming the field). Where no request with a value on the limit can succeed (no password is
 * 1,024 characters long), the value must get the service's own refusal that only follows
 * validation, and the value past the limit a 400. The limits are read from openapi.yaml, so a
 * limit the service does not enforce, or enforces differently, fails here; how each is proved
 * is in contract-limit-cases.ts, and a limit without a case there fails too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textLength } from '../../src/core/key-fields.js';
import { loadContract } from '../../src/server/contract/contract.js';
import type { RawAnswer } from '../helpers/api.js';
import { boundarySizes, fieldKey, fieldPattern, requestLimits, type RequestLimit } from '../helpers/contract-limits.js';
import { startService, type TestService } from '../helpers/service.js';
import { LIMIT_CASES } from './contract-limit-cases.js';
import { LimitWorld } from './limit-world.js';

const limits = requestLimits(loadContract());
const limitId = (l: Pick<RequestLimit, 'operationId' | 'field' | 'keyword'>) => `${fieldKey(l)} ${l.keyword}`;

/** The size of a value as the limit's keyword counts it. */
function sizeOf(value: unknown): number {
  if (typeof value === 'string') return textLength(value);
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return Number(value);
}

function shown(answer: RawAnswer): string {
  return `${answer.status} ${answer.text.slice(0, 500)}`;
}

describe('the service enforces every request limit of openapi.yaml, exactly', () => {
  let service: TestService;
  let world: LimitWorld;
  beforeAll(async () => {
    service = await startService({
      // The gateways' front door answers only a trusted proxy, which the test's address is then.
      trustedProxies: ['127.0.0.1'],
      // What is proved here is what the contract lets through to a password check, not what
      // the check costs: a cheap scrypt keeps the dozen sign-ins, acceptances and password
      // changes from taking a quarter of a second each.
      passwordHashing: { parameters: { log2N: 10, r: 8, p: 1 } },
    });
    world = new LimitWorld(service);
  });
  afterAll(async () => {
    await service?.close();
  });

  it('the table of cases covers exactly the limits of the contract', () => {
    const inContract = limits.map(limitId);
    const inTable = Object.entries(LIMIT_CASES).flatMap(([field, c]) => c.limits.map((keyword) => `${field} ${keyword}`));
    expect({
      untested: inContract.filter((id) => !inTable.includes(id)),
      notInContract: inTable.filter((id) => !inContract.includes(id)),
    }).toEqual({ untested: [], notInContract: [] });
    expect(limits.length).toBeGreaterThan(0);
  });

  it.each(limits.map((l) => [`${limitId(l)} ${l.limit}`, l] as const))('%s', async (_name, limit) => {
    const entry = LIMIT_CASES[fieldKey(limit)];
    if (!entry?.limits.includes(limit.keyword)) throw new Error(`contract-limit-cases.ts has no case for ${limitId(limit)}`);
    const sizes = boundarySizes(limit);

    const onLimit = await entry.value(sizes.at, world);
    expect(sizeOf(onLimit), 'the value on the limit has the wrong size').toBe(sizes.at);
    const accepted = await world.send(await entry.request(world, onLimit));
    const refusal = entry.refusedAfterValidation?.(sizes.at);
    if (refusal) {
      expect({ status: accepted.status, code: accepted.body?.code }, `on the limit (${sizes.at}): ${shown(accepted)}`).toEqual(refusal);
    } else {
      expect(accepted.status >= 200 && accepted.status < 300, `on the limit (${sizes.at}): ${shown(accepted)}`).toBe(true);
    }

    const pastLimit = await entry.value(sizes.past, world);
    expect(sizeOf(pastLimit), 'the value past the limit has the wrong size').toBe(sizes.past);
    const refused = await world.send(await entry.request(world, pastLimit));
    expect(refusal ? [400] : [400, 422], `past the limit (${sizes.past}): ${shown(refused)}`).toContain(refused.status);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const pattern = fieldPattern(limit.field);
    const paths: string[] = (refused.body.errors ?? []).map((e: { path: string }) => e.path);
    const named = paths.some((path) => pattern.test(path)) || String(refused.body.detail).includes(limit.field.replace(/^\w+\./, ''));
    expect(named, `past the limit, the problem names ${limit.field}: ${shown(refused)}`).toBe(true);
  });
});
