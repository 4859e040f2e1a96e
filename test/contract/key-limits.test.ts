/**
 * The limits src/core checks before a request is sent (plan time in the provider, synth time
 * in the constructs) are the contract's: every number and pattern here is read from
 * openapi.yaml, so changing a limit on one side only fails this test.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CIDR_LENGTH } from '../../src/core/cidr.js';
import { MAX_IP_RULE_NOTE_LENGTH, MAX_IP_RULES } from '../../src/core/ip-rules.js';
import { KEY_LIMITS } from '../../src/core/key-fields.js';
import { MAX_RATE_LIMIT_PER_MINUTE } from '../../src/core/rate-limit.js';
import { MAX_SCOPE_DESCRIPTION_LENGTH, MAX_SCOPE_INCLUDES } from '../../src/core/scope-catalog.js';
import { SCOPE_NAME_PATTERN } from '../../src/core/scopes.js';
import { loadContract } from '../../src/server/contract/contract.js';

type SchemaNode = {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  maxProperties?: number;
  maximum?: number;
  pattern?: string;
  propertyNames?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  allOf?: SchemaNode[];
};

const { document } = loadContract();
const schemas = (document as unknown as { components: { schemas: Record<string, SchemaNode> } }).components.schemas;

/** A schema by name, following `$ref`s. */
function schema(name: string): SchemaNode {
  const node = schemas[name];
  if (!node) throw new Error(`openapi.yaml has no schema ${name}`);
  return deref(node);
}
function deref(node: SchemaNode): SchemaNode {
  return node.$ref ? schema(node.$ref.replace('#/components/schemas/', '')) : node;
}
/** Property `path` (dot-separated) of schema `name`, following `$ref`s. */
function property(name: string, path: string): SchemaNode {
  let node = schema(name);
  for (const part of path.split('.')) {
    const next = node.properties?.[part];
    if (!next) throw new Error(`${name} has no property ${path}`);
    node = deref(next);
  }
  return node;
}

describe('the key limits of src/core are the contract', () => {
  for (const request of ['CreateKeyRequest', 'UpdateKeyRequest']) {
    it(`name, description, scopes of ${request}`, () => {
      expect(property(request, 'name')).toMatchObject({ minLength: 1, maxLength: KEY_LIMITS.name });
      expect(property(request, 'description').maxLength).toBe(KEY_LIMITS.description);
      expect(property(request, 'scopes').maxItems).toBe(KEY_LIMITS.scopes);
      expect(deref(property(request, 'scopes').items!).pattern).toBe(SCOPE_NAME_PATTERN.source);
    });

    it(`metadata of ${request}: pairs, key pattern, value length`, () => {
      const metadata = property(request, 'metadata');
      expect(metadata.maxProperties).toBe(KEY_LIMITS.metadataPairs);
      expect(metadata.propertyNames?.pattern).toBe(KEY_LIMITS.metadataKey.source);
      expect((metadata.additionalProperties as SchemaNode).maxLength).toBe(KEY_LIMITS.metadataValue);
    });

    it(`ip rules and rate limit of ${request}`, () => {
      expect(property(request, 'ip_rules').maxItems).toBe(MAX_IP_RULES);
      expect(deref(property(request, 'ip_rules').items!).properties?.note?.maxLength).toBe(MAX_IP_RULE_NOTE_LENGTH);
      expect(property(request, 'rate_limit_per_minute').maximum).toBe(MAX_RATE_LIMIT_PER_MINUTE);
    });
  }

  it('the stored key allows what a create request allows', () => {
    expect(property('ApiKey', 'name')).toMatchObject({ minLength: 1, maxLength: KEY_LIMITS.name });
  });

  it('a CIDR the contract accepts is never too long for src/core', () => {
    // core allows longer text than the contract (it also parses what the contract then refuses).
    expect(property('IpRule', 'cidr').maxLength).toBeLessThanOrEqual(MAX_CIDR_LENGTH);
  });
});

describe('the scope limits of src/core are the contract', () => {
  for (const request of ['CreateScopeRequest', 'UpdateScopeRequest']) {
    it(`description and includes of ${request}`, () => {
      expect(property(request, 'description').maxLength).toBe(MAX_SCOPE_DESCRIPTION_LENGTH);
      expect(property(request, 'includes').maxItems).toBe(MAX_SCOPE_INCLUDES);
    });
  }

  it('scope names', () => {
    expect(schema('ScopeName').pattern).toBe(SCOPE_NAME_PATTERN.source);
    expect(property('CreateScopeRequest', 'name').pattern).toBe(SCOPE_NAME_PATTERN.source);
  });
});
