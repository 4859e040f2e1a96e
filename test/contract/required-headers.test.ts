/**
 * Headers the service always sends are `required: true` in openapi.yaml, so an outside
 * validator catches a missing one; the conformance harness that checks every response of the
 * suites enforces them. These tests prove the harness notices, and that the contract marks
 * what the issue asked for (X-Request-Id everywhere, RateLimit* on successes, Retry-After on 429).
 */
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../src/server/contract/contract.js';
import { ContractConformance } from '../helpers/contract-conformance.js';

const contract = loadContract();

describe('required response headers in openapi.yaml', () => {
  it('every documented response of every operation requires X-Request-Id', () => {
    for (const operation of contract.operations) {
      for (const [status, headers] of operation.responseHeaders) {
        expect(headers.get('x-request-id')?.required, `${operation.operationId} ${status}`).toBe(true);
      }
    }
  });

  it('every 429 requires Retry-After, RateLimit-Policy and RateLimit', () => {
    for (const operation of contract.operations) {
      const limited = operation.responseHeaders.get('429');
      if (!limited) continue;
      for (const name of ['retry-after', 'ratelimit-policy', 'ratelimit']) {
        expect(limited.get(name)?.required, `${operation.operationId} 429 ${name}`).toBe(true);
      }
    }
  });

  it('every success requires RateLimit-Policy and RateLimit, except verification, where they describe the presented key', () => {
    for (const operation of contract.operations) {
      for (const [status, headers] of operation.responseHeaders) {
        if (!status.startsWith('2')) continue;
        const expected = operation.operationId !== 'verifyKey';
        for (const name of ['ratelimit-policy', 'ratelimit']) {
          expect(headers.get(name)?.required, `${operation.operationId} ${status} ${name}`).toBe(expected);
        }
      }
    }
  });
});

describe('the conformance harness', () => {
  const healthBody = JSON.stringify({ status: 'ok' });
  const answer = (headers: Record<string, string>) =>
    new Response(healthBody, { status: 200, headers: { 'content-type': 'application/json', ...headers } });
  const complete = { 'x-request-id': 'req_01JD3Q8Y6W4T2R0P8N6M4K2J0H', 'ratelimit-policy': '"default";q=600;w=60', ratelimit: '"default";r=599;t=60' };

  it('reports a required header that is missing', async () => {
    const harness = new ContractConformance();
    const { 'x-request-id': _dropped, ...withoutRequestId } = complete;
    const problems = await harness.check('GET', 'http://127.0.0.1/health', answer(withoutRequestId));
    expect(problems).toEqual(['GET /health → 200: required header x-request-id is missing']);
  });

  it('accepts the answer when every required header is there', async () => {
    const harness = new ContractConformance();
    expect(await harness.check('GET', 'http://127.0.0.1/health', answer(complete))).toEqual([]);
  });
});
