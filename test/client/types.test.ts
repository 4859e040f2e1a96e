/**
 * Type tests: checked by `tsc --noEmit` (the project's lint), which fails on a wrong
 * `expectTypeOf` or an unused `@ts-expect-error`. The calls sit in a function that is never
 * run, so no request is sent.
 */

import { describe, expectTypeOf, it } from 'vitest';

import type { components } from '../../src/api/schema.js';
import {
  createKeyplaneClient,
  KeyplaneProblemError,
  unwrap,
  type KeyplaneClient,
  type KeyplaneProblem,
  type Problem,
} from '../../src/index.js';

type ApiKey = components['schemas']['ApiKey'];
type ApiKeyWithSecret = components['schemas']['ApiKeyWithSecret'];

async function typeChecksOnly(client: KeyplaneClient): Promise<void> {
  // createKey: the body is checked against CreateKeyRequest.
  const created = await client.api.POST('/v1/keys', { body: { name: 'CI', scopes: ['keys:read'] } });
  if (created.data) {
    expectTypeOf(created.data).branded.toEqualTypeOf<ApiKeyWithSecret>();
    expectTypeOf(created.data.secret).toBeString();
    expectTypeOf(created.error).toEqualTypeOf<undefined>();
  } else {
    expectTypeOf(created.error).toEqualTypeOf<Problem>();
    expectTypeOf(created.error.code).toEqualTypeOf<components['schemas']['ProblemCode']>();
  }
  expectTypeOf(created.response).toEqualTypeOf<Response>();

  // @ts-expect-error `nmae` is not a field of CreateKeyRequest (and `name` is missing)
  await client.api.POST('/v1/keys', { body: { nmae: 'CI', scopes: [] } });
  // @ts-expect-error `scopes` must be an array of scope names
  await client.api.POST('/v1/keys', { body: { name: 'CI', scopes: 'keys:read' } });
  // @ts-expect-error createKey has a required body
  await client.api.POST('/v1/keys');
  // @ts-expect-error no such path
  await client.api.GET('/v1/key');
  // @ts-expect-error there is no PUT on /v1/keys
  await client.api.PUT('/v1/keys', { body: {} });

  // getKey: a path parameter is required, and the key it returns has no secret.
  // @ts-expect-error `key_id` is required
  await client.api.GET('/v1/keys/{key_id}', { params: { path: {} } });
  const fetched = await client.api.GET('/v1/keys/{key_id}', { params: { path: { key_id: 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K' } } });
  if (fetched.data) {
    expectTypeOf(fetched.data).toEqualTypeOf<ApiKey>();
    expectTypeOf(fetched.data).not.toHaveProperty('secret');
  }

  // The caller may give its own Idempotency-Key, as the contract declares it.
  await client.api.POST('/v1/keys', { params: { header: { 'Idempotency-Key': 'mine' } }, body: { name: 'CI', scopes: [] } });

  // unwrap gives the success type, and `undefined` (not `never`) for a 204.
  expectTypeOf(unwrap(created)).branded.toEqualTypeOf<ApiKeyWithSecret>();
  expectTypeOf(unwrap(fetched)).toEqualTypeOf<ApiKey>();
  const deleted = await client.api.DELETE('/v1/scopes/{scope_name}', { params: { path: { scope_name: 'write' } } });
  expectTypeOf(unwrap(deleted)).toEqualTypeOf<undefined>();
  const page = unwrap(await client.api.GET('/v1/keys', { params: { query: { status: 'active', limit: 10 } } }));
  expectTypeOf(page.data).toEqualTypeOf<ApiKey[]>();
  // @ts-expect-error `status` must be a KeyStatus
  await client.api.GET('/v1/keys', { params: { query: { status: 'deleted' } } });
}

describe('client types', () => {
  it('exposes the options, the client and the errors with their types', () => {
    expectTypeOf(typeChecksOnly).toBeFunction();
    expectTypeOf(createKeyplaneClient).parameter(0).toHaveProperty('authStyle').toEqualTypeOf<'x-api-key' | 'bearer' | undefined>();
    // @ts-expect-error apiKey is required
    expectTypeOf(createKeyplaneClient).toBeCallableWith({ endpoint: 'http://localhost:8080' });
    expectTypeOf(createKeyplaneClient).toBeCallableWith({ endpoint: 'http://localhost:8080', apiKey: 'k', retries: false });
    expectTypeOf(createKeyplaneClient).returns.toHaveProperty('api');
    expectTypeOf(createKeyplaneClient).returns.not.toHaveProperty('apiKey');

    expectTypeOf<KeyplaneProblemError['problem']>().toEqualTypeOf<KeyplaneProblem>();
    expectTypeOf<KeyplaneProblemError['status']>().toEqualTypeOf<number>();
    expectTypeOf<KeyplaneProblemError['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<KeyplaneProblemError['code']>().toEqualTypeOf<components['schemas']['ProblemCode'] | 'UNEXPECTED_RESPONSE'>();
    // Every problem of the contract is a KeyplaneProblem.
    expectTypeOf<Problem>().toExtend<KeyplaneProblem>();
  });
});
