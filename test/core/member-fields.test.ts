/**
 * The member field rules the provider and the constructs check before a request is sent
 * (src/provider/resources/member-fields.ts): the limits are the contract's, read from
 * openapi.yaml, and the e-mail check accepts and refuses what the service's `format: email` does.
 */
import { describe, expect, it } from 'vitest';
import { SCOPE_NAME_PATTERN } from '../../src/core/scopes.js';
import { isEmailAddress, MEMBER_LIMITS, validateMemberFields } from '../../src/core/member-fields.js';
import { loadContract } from '../../src/server/contract/contract.js';

type SchemaNode = { $ref?: string; properties?: Record<string, SchemaNode>; maxLength?: number; minLength?: number; maxItems?: number; pattern?: string; format?: string; items?: SchemaNode };

const { document } = loadContract();
const schemas = (document as unknown as { components: { schemas: Record<string, SchemaNode> } }).components.schemas;
const deref = (node: SchemaNode): SchemaNode => (node.$ref ? deref(schemas[node.$ref.replace('#/components/schemas/', '')]!) : node);
const property = (name: string, field: string): SchemaNode => deref(deref(schemas[name]!).properties![field]!);

describe('the member limits are the contract', () => {
  it('e-mail: format email, at most MEMBER_LIMITS.email characters', () => {
    expect(property('InviteMemberRequest', 'email')).toMatchObject({ format: 'email', maxLength: MEMBER_LIMITS.email });
  });

  for (const request of ['InviteMemberRequest', 'UpdateMemberRequest']) {
    it(`display_name and scopes of ${request}`, () => {
      expect(property(request, 'display_name')).toMatchObject({ minLength: 1, maxLength: MEMBER_LIMITS.displayName });
      expect(property(request, 'scopes').maxItems).toBe(MEMBER_LIMITS.scopes);
      expect(deref(property(request, 'scopes').items!).pattern).toBe(SCOPE_NAME_PATTERN.source);
    });
  }
});

describe('isEmailAddress', () => {
  it.each(['ada@example.com', 'Ada.Lovelace+keys@mail.example.co.uk', "o'brien@example.ie", 'a@b.cd'])('accepts %s', (email) => {
    expect(isEmailAddress(email)).toBe(true);
  });
  it.each(['ada', 'ada@', '@example.com', 'ada@localhost', 'ada lovelace@example.com', ' ada@example.com', 'ada@example..com', 'ada@@example.com'])(
    'refuses %j',
    (email) => {
      expect(isEmailAddress(email)).toBe(false);
    },
  );
});

describe('validateMemberFields', () => {
  it('accepts valid fields, and built-in and catalog scope names alike', () => {
    expect(validateMemberFields({ email: 'ada@example.com', displayName: 'Ada Lovelace', scopes: ['keys:read', 'admin', 'EXPORT_READ'] })).toEqual([]);
    expect(validateMemberFields({ displayName: null, scopes: [] })).toEqual([]);
  });

  it('names the field of each problem, in src/core wording', () => {
    expect(
      validateMemberFields({
        email: 'ada at example.com',
        displayName: 'Ada\u001b[2J',
        scopes: ['keys:read', '1nvalid scope', ...Array.from({ length: 100 }, (_, i) => `s${i}`)],
      }),
    ).toEqual([
      { path: ['email'], message: '"ada at example.com" is not an e-mail address; write it like "ada@example.com"' },
      { path: ['display_name'], message: 'display name contains a control character (U+001B) at position 4; remove it' },
      { path: ['scopes'], message: 'a member may hold at most 100 scopes, got 102' },
      { path: ['scopes', 1], message: expect.stringMatching(/^"1nvalid scope" is not a scope name/) },
    ]);
  });

  it('refuses an empty display name and over-long texts', () => {
    expect(validateMemberFields({ displayName: '' })).toEqual([{ path: ['display_name'], message: 'display name must not be empty; leave it out for none' }]);
    expect(validateMemberFields({ displayName: 'x'.repeat(101) })[0]!.message).toBe('display name is 101 characters long; shorten it to at most 100');
    expect(validateMemberFields({ email: `${'a'.repeat(250)}@example.com` })[0]!.message).toBe('email is 262 characters long; an e-mail address has at most 254');
  });
});
