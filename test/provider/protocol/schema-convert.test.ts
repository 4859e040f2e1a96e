import { describe, expect, it } from 'vitest';
import { Schema } from '../../../src/provider/protocol/generated/messages.js';
import { blockToCtyType, schemaToProto } from '../../../src/provider/protocol/schema-convert.js';
import type { BlockDescription } from '../../../src/provider/protocol/schema-types.js';

const block: BlockDescription = {
  description: 'An API key.',
  attributes: {
    id: { type: 'string', computed: true },
    name: { type: 'string', required: true, description: 'Display name.' },
    secret: { type: 'string', computed: true, sensitive: true },
    scopes: { type: ['set', 'string'], optional: true },
    limits: {
      nestedType: { nesting: 'single', attributes: { per_minute: { type: 'number', optional: true } } },
      optional: true,
    },
  },
  blocks: {
    ip_rule: {
      nesting: 'list',
      maxItems: 50,
      block: { attributes: { action: { type: 'string', required: true }, cidr: { type: 'string', required: true } } },
    },
    timeouts: { nesting: 'single', block: { attributes: { create: { type: 'string', optional: true } } } },
    labels: { nesting: 'map', block: { attributes: { value: { type: 'string', required: true } } } },
    meta: { nesting: 'group', block: { attributes: { note: { type: 'string', optional: true } } } },
    groups: { nesting: 'set', block: { attributes: { g: { type: 'string', required: true } } } },
  },
};

describe('blockToCtyType', () => {
  it('maps attributes and every nesting mode of blocks to the value type', () => {
    expect(blockToCtyType(block)).toEqual([
      'object',
      {
        id: 'string',
        name: 'string',
        secret: 'string',
        scopes: ['set', 'string'],
        limits: ['object', { per_minute: 'number' }],
        ip_rule: ['list', ['object', { action: 'string', cidr: 'string' }]],
        timeouts: ['object', { create: 'string' }],
        labels: ['map', ['object', { value: 'string' }]],
        meta: ['object', { note: 'string' }],
        groups: ['set', ['object', { g: 'string' }]],
      },
    ]);
  });

  it('maps nested attribute collections', () => {
    const t = blockToCtyType({
      attributes: {
        l: { nestedType: { nesting: 'list', attributes: { a: { type: 'bool', optional: true } } }, optional: true },
        m: { nestedType: { nesting: 'map', attributes: { a: { type: 'bool', optional: true } } }, optional: true },
      },
    });
    expect(t).toEqual(['object', { l: ['list', ['object', { a: 'bool' }]], m: ['map', ['object', { a: 'bool' }]] }]);
  });

  it('makes list and map blocks with dynamic contents dynamic, as Terraform does', () => {
    const t = blockToCtyType({ blocks: { d: { nesting: 'list', block: { attributes: { v: { type: 'dynamic', optional: true } } } } } });
    expect(t).toEqual(['object', { d: 'dynamic' }]);
  });
});

describe('schemaToProto', () => {
  it('produces a Schema message Terraform can read', () => {
    const message = Schema.decode(Schema.encode(schemaToProto({ version: 3, block })));
    expect(message.version).toBe(3);
    const attrs = Object.fromEntries(message.block!.attributes.map((a) => [a.name, a]));
    expect(new TextDecoder().decode(attrs.scopes!.type)).toBe('["set","string"]');
    expect(attrs.secret).toMatchObject({ computed: true, sensitive: true, required: false });
    expect(attrs.name!.description).toBe('Display name.');
    expect(attrs.limits!.type).toEqual(new Uint8Array(0));
    expect(attrs.limits!.nestedType).toMatchObject({ nesting: 1, attributes: [{ name: 'per_minute', optional: true }] });
    const ipRule = message.block!.blockTypes.find((b) => b.typeName === 'ip_rule')!;
    expect(ipRule).toMatchObject({ nesting: 2, maxItems: 50, minItems: 0 });
    expect(message.block!.blockTypes.map((b) => [b.typeName, b.nesting])).toEqual([
      ['ip_rule', 2],
      ['timeouts', 1],
      ['labels', 4],
      ['meta', 5],
      ['groups', 3],
    ]);
  });

  it('refuses an attribute with both or neither of type and nestedType', () => {
    expect(() => schemaToProto({ block: { attributes: { x: { optional: true } } } })).toThrow(/exactly one of type and nestedType/);
  });
});
