/**
 * Schema descriptions → the protocol's Schema messages, and → the cty type of their values
 * (the type that decodes a resource's config, plan and state).
 */
import type { Init } from './proto-wire.js';
import type * as pb from './generated/messages.js';
import { Schema_NestedBlock_NestingMode, Schema_Object_NestingMode, StringKind } from './generated/messages.js';
import { ctyTypeToJson, hasDynamicTypes, type CtyAttributeTypes, type CtyType } from './cty-type.js';
import type {
  AttributeDescription,
  BlockDescription,
  DescriptionKind,
  FunctionDescription,
  FunctionParameterDescription,
  IdentitySchemaDescription,
  NestedAttributeObject,
  SchemaDescription,
} from './schema-types.js';

const utf8 = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// cty types of values

/** The cty type of an attribute's value. */
export function attributeCtyType(name: string, attr: AttributeDescription): CtyType {
  if (attr.nestedType) return nestedObjectCtyType(attr.nestedType);
  if (attr.type === undefined) throw new Error(`attribute ${name} has neither type nor nestedType`);
  return attr.type;
}

function nestedObjectCtyType(nested: NestedAttributeObject): CtyType {
  const obj: CtyType = ['object', attributeTypes(nested.attributes)];
  switch (nested.nesting) {
    case 'single':
      return obj;
    case 'list':
    case 'set':
    case 'map':
      return [nested.nesting, obj];
  }
}

function attributeTypes(attrs: Readonly<Record<string, AttributeDescription>> | undefined): CtyAttributeTypes {
  const out: Record<string, CtyType> = {};
  for (const [name, attr] of Object.entries(attrs ?? {})) out[name] = attributeCtyType(name, attr);
  return out;
}

/**
 * The cty type of a block's values: an object with one attribute per attribute and per nested
 * block type. As in Terraform (configschema ImpliedType), list and map nesting of a block that
 * contains `dynamic` attributes becomes `dynamic`, because its elements may differ in type.
 */
export function blockToCtyType(block: BlockDescription): CtyType {
  const attrs: Record<string, CtyType> = { ...attributeTypes(block.attributes) };
  for (const [name, nested] of Object.entries(block.blocks ?? {})) {
    if (Object.hasOwn(attrs, name)) throw new Error(`block type ${name} has the name of an attribute`);
    const inner = blockToCtyType(nested.block);
    switch (nested.nesting) {
      case 'single':
      case 'group':
        attrs[name] = inner;
        break;
      case 'set':
        attrs[name] = ['set', inner];
        break;
      case 'list':
      case 'map':
        attrs[name] = hasDynamicTypes(inner) ? 'dynamic' : [nested.nesting, inner];
        break;
    }
  }
  return ['object', attrs];
}

// ---------------------------------------------------------------------------------------------
// Protocol messages

function kind(k: DescriptionKind | undefined): number {
  return k === 'markdown' ? StringKind.MARKDOWN : StringKind.PLAIN;
}

const blockNesting = {
  single: Schema_NestedBlock_NestingMode.SINGLE,
  list: Schema_NestedBlock_NestingMode.LIST,
  set: Schema_NestedBlock_NestingMode.SET,
  map: Schema_NestedBlock_NestingMode.MAP,
  group: Schema_NestedBlock_NestingMode.GROUP,
} as const;

const objectNesting = {
  single: Schema_Object_NestingMode.SINGLE,
  list: Schema_Object_NestingMode.LIST,
  set: Schema_Object_NestingMode.SET,
  map: Schema_Object_NestingMode.MAP,
} as const;

function attributeToProto(name: string, a: AttributeDescription): Init<pb.Schema_Attribute> {
  if ((a.type === undefined) === (a.nestedType === undefined)) {
    throw new Error(`attribute ${name} needs exactly one of type and nestedType`);
  }
  return {
    name,
    type: a.type === undefined ? undefined : utf8.encode(ctyTypeToJson(a.type)),
    nestedType: a.nestedType && {
      nesting: objectNesting[a.nestedType.nesting],
      attributes: attributesToProto(a.nestedType.attributes),
    },
    description: a.description ?? '',
    descriptionKind: kind(a.descriptionKind),
    required: a.required ?? false,
    optional: a.optional ?? false,
    computed: a.computed ?? false,
    sensitive: a.sensitive ?? false,
    deprecated: a.deprecated ?? false,
    writeOnly: a.writeOnly ?? false,
  };
}

function attributesToProto(attrs: Readonly<Record<string, AttributeDescription>> | undefined): Init<pb.Schema_Attribute>[] {
  return Object.entries(attrs ?? {}).map(([name, a]) => attributeToProto(name, a));
}

function blockToProto(block: BlockDescription, version: number): Init<pb.Schema_Block> {
  return {
    version,
    attributes: attributesToProto(block.attributes),
    blockTypes: Object.entries(block.blocks ?? {}).map(([typeName, nb]) => ({
      typeName,
      block: blockToProto(nb.block, 0),
      nesting: blockNesting[nb.nesting],
      minItems: nb.minItems ?? 0,
      maxItems: nb.maxItems ?? 0,
    })),
    description: block.description ?? '',
    descriptionKind: kind(block.descriptionKind),
    deprecated: block.deprecated ?? false,
  };
}

/** Converts a schema description to the protocol's Schema message. */
export function schemaToProto(schema: SchemaDescription): Init<pb.Schema> {
  const version = schema.version ?? 0;
  return { version, block: blockToProto(schema.block, version) };
}

function parameterToProto(p: FunctionParameterDescription): Init<pb.Function_Parameter> {
  return {
    name: p.name,
    type: utf8.encode(ctyTypeToJson(p.type)),
    allowNullValue: p.allowNullValue ?? false,
    allowUnknownValues: p.allowUnknownValues ?? false,
    description: p.description ?? '',
    descriptionKind: kind(p.descriptionKind),
  };
}

/** Converts a function description to the protocol's Function message. */
export function functionToProto(f: FunctionDescription): Init<pb.Function> {
  return {
    parameters: f.parameters.map(parameterToProto),
    variadicParameter: f.variadicParameter && parameterToProto(f.variadicParameter),
    return: { type: utf8.encode(ctyTypeToJson(f.returnType)) },
    summary: f.summary ?? '',
    description: f.description ?? '',
    descriptionKind: kind(f.descriptionKind),
    deprecationMessage: f.deprecationMessage ?? '',
  };
}

/** Converts an identity schema description to the protocol's ResourceIdentitySchema message. */
export function identitySchemaToProto(s: IdentitySchemaDescription): Init<pb.ResourceIdentitySchema> {
  return {
    version: s.version ?? 0,
    identityAttributes: Object.entries(s.attributes).map(([name, a]) => ({
      name,
      type: utf8.encode(ctyTypeToJson(a.type)),
      requiredForImport: a.requiredForImport ?? false,
      optionalForImport: a.optionalForImport ?? false,
      description: a.description ?? '',
    })),
  };
}
