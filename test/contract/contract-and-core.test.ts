import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILTER_TEXT_PATTERN } from '../../src/core/display-text.js';
import { parseSecret } from '../../src/core/key-format.js';
import { PROBLEM_CODES } from '../../src/core/problems.js';
import { isBuiltInScope } from '../../src/core/scopes.js';
import { VERIFICATION_CODES } from '../../src/core/verification.js';
import { loadContract, resolvePointer } from '../../src/server/contract/contract.js';
import { routes } from '../../src/server/routes/index.js';

// The contract and the domain code each hold a list the other depends on; these tests keep
// them equal, so a code added on one side only fails here rather than in production.
const contract = loadContract();
const enumOf = (pointer: string) => (resolvePointer(contract.document, pointer) as { enum: string[] }).enum;

describe('openapi.yaml and src/core agree', () => {
  it('lists exactly the problem codes of the catalogue', () => {
    expect([...enumOf('/components/schemas/ProblemCode')].sort()).toEqual([...PROBLEM_CODES].sort());
  });

  it('refuses control characters in every free-text query filter, with the pattern of src/core', () => {
    const filters = contract.operations.flatMap((operation) =>
      operation.parameters
        .filter((p) => p.in === 'query')
        .map((p) => ({ where: `${operation.operationId} ${p.name}`, schema: resolvePointer(contract.document, p.schemaPointer) as Record<string, unknown> }))
        // Free text: a plain string with no enum, format or $ref narrowing it (cursor is opaque and decoded).
        .filter(({ where, schema }) => schema.type === 'string' && !schema.enum && !schema.format && !where.endsWith(' cursor')),
    );
    expect(filters.map((f) => f.where).sort()).toEqual(['listAuditEvents target_id', 'listKeys name']);
    for (const { where, schema } of filters) expect(schema.pattern, where).toBe(FILTER_TEXT_PATTERN.source);
  });

  it('lists exactly the verification codes', () => {
    expect([...enumOf('/components/schemas/VerifyCode')].sort()).toEqual([...VERIFICATION_CODES].sort());
  });

  it('guards every /v1 operation with built-in scopes only, and leaves only health checks and signing in public', () => {
    // Signing in and accepting an invitation are how a person gets a credential at all.
    const signingIn = new Set(['signIn', 'acceptInvitation']);
    for (const operation of contract.operations) {
      const publicOperation = operation.requiredScopes.length === 0;
      expect(publicOperation, operation.operationId).toBe(!operation.path.startsWith('/v1/') || signingIn.has(operation.operationId));
      for (const scope of operation.requiredScopes.flat()) expect(isBuiltInScope(scope), `${operation.operationId}: ${scope}`).toBe(true);
    }
  });

  it('has a handler for every operation and no handler without an operation', () => {
    expect(Object.keys(routes).sort()).toEqual(contract.operations.map((o) => o.operationId).sort());
  });

  it('shows only example secrets that a client would accept (valid checksum)', () => {
    const text = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8');
    const secrets = text.match(/\bnm_[a-z0-9]+_[0-9A-Za-z]{38}\b/g) ?? [];
    expect(secrets.length).toBeGreaterThan(2);
    for (const secret of secrets) expect(parseSecret(secret).ok, secret).toBe(true);
  });
});
