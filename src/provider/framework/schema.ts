/**
 * Schema description helpers: attributes and nested blocks written once, from which the
 * framework derives the protocol's schema message, the cty type of values, the TypeScript
 * types of config/plan/state ({@link StateOf}, {@link PlanOf}), and the per-attribute
 * behaviour the planning rules need (plan modifiers, semantic equality, validators).
 *
 * Every attribute and block takes a description: the provider's documentation is generated
 * from them.
 */
import {
  blockToCtyType,
  isUnknown,
  type AttributeDescription,
  type BlockDescription,
  type CtyType,
  type SchemaDescription,
  type Unknown,
} from '../protocol/index.js';
import type { PlanModifier, Validator } from './attribute-behaviour.js';

// ---------------------------------------------------------------------------------------------
// Value types

/** A value as config or plan may hold it: known, null, or unknown ("known after apply"). */
export type Val<T> = T | null | Unknown;

/** Whether a config or plan value is set and known: what a plan-time check can look at. */
export function isKnown<T>(value: Val<T>): value is T {
  return value !== null && !isUnknown(value);
}

/**
 * The JavaScript value of a cty type (see protocol/cty-value.ts). `U` is what may stand in for
 * any nested value: `Unknown` in config and plan, `never` in state.
 */
export type ValueOfType<T, U = never> = 0 extends 1 & T
  ? any
  : T extends 'string'
  ? string
  : T extends 'number'
    ? number
    : T extends 'bool'
      ? boolean
      : T extends readonly ['list' | 'set', infer E]
        ? Array<ValueOfType<E, U> | U>
        : T extends readonly ['map', infer E]
          ? Record<string, ValueOfType<E, U> | U>
          : T extends readonly ['object', infer A]
            ? { [K in keyof A]: ValueOfType<A[K], U> | null | U }
            : unknown;

// ---------------------------------------------------------------------------------------------
// Attributes

/** What every attribute builder accepts. */
export interface AttributeOptions<Ty extends CtyType> {
  /** Shown in `terraform providers schema` and the generated docs. Required. */
  description: string;
  required?: boolean;
  optional?: boolean;
  /** Set by the provider; with `optional`, the practitioner may set it too. */
  computed?: boolean;
  /** Redacted in plan output (still stored in state). */
  sensitive?: boolean;
  /** When set, the attribute is deprecated and this says what to use instead. */
  deprecationMessage?: string;
  /** Run on update plans, in order; see plan-modifiers.ts for the built-in ones. */
  planModifiers?: readonly PlanModifier[];
  /**
   * "Means the same" for values that differ in text (a CIDR with host bits, a time with or
   * without milliseconds). Where it holds, the framework keeps the value already in state or
   * plan rather than the new text, so neither perpetual diffs nor "inconsistent result"
   * errors arise. Called with known values only.
   */
  semanticEquals?: (a: NoInfer<ValueOfType<Ty>> | null, b: NoInfer<ValueOfType<Ty>> | null) => boolean;
  /** Run by ValidateResourceConfig on known, non-null values. */
  validators?: readonly Validator<NoInfer<ValueOfType<Ty>>>[];
}

/** An attribute of a schema or nested block. `Req`: whether it is required (never null in state). */
export interface Attribute<Ty extends CtyType = CtyType, Req extends boolean = boolean> extends AttributeOptions<Ty> {
  readonly kind: 'attribute';
  readonly type: Ty;
  /** Type-level only (never set): carries `Req`. */
  readonly __required?: Req;
}

type IsRequired<O> = O extends { required: true } ? true : false;

function attribute<Ty extends CtyType, Req extends boolean>(type: Ty, options: AttributeOptions<Ty>): Attribute<Ty, Req> {
  const modes = [options.required, options.optional || options.computed].filter(Boolean).length;
  if (modes !== 1) throw new Error('an attribute is required, or optional and/or computed');
  if (!options.description) throw new Error('every attribute needs a description');
  return { kind: 'attribute', type, ...options };
}

/** A string attribute. */
export const stringAttribute = <const O extends AttributeOptions<'string'>>(options: O) =>
  attribute<'string', IsRequired<O>>('string', options);
/** A number attribute (JavaScript numbers; use a string attribute for values beyond float64). */
export const numberAttribute = <const O extends AttributeOptions<'number'>>(options: O) =>
  attribute<'number', IsRequired<O>>('number', options);
/** A boolean attribute. */
export const boolAttribute = <const O extends AttributeOptions<'bool'>>(options: O) => attribute<'bool', IsRequired<O>>('bool', options);
/** A list of `element` values (order matters). */
export const listAttribute = <const E extends CtyType, const O extends AttributeOptions<readonly ['list', E]>>(element: E, options: O) =>
  attribute<readonly ['list', E], IsRequired<O>>(['list', element] as const, options);
/** A set of `element` values (order never matters, no duplicates). */
export const setAttribute = <const E extends CtyType, const O extends AttributeOptions<readonly ['set', E]>>(element: E, options: O) =>
  attribute<readonly ['set', E], IsRequired<O>>(['set', element] as const, options);
/** A map from string keys to `element` values. */
export const mapAttribute = <const E extends CtyType, const O extends AttributeOptions<readonly ['map', E]>>(element: E, options: O) =>
  attribute<readonly ['map', E], IsRequired<O>>(['map', element] as const, options);
/** An object with fixed attribute types, e.g. `objectAttribute({ host: 'string', port: 'number' }, ...)`. */
export const objectAttribute = <const A extends Record<string, CtyType>, const O extends AttributeOptions<readonly ['object', A]>>(
  attributeTypes: A,
  options: O,
) => attribute<readonly ['object', A], IsRequired<O>>(['object', attributeTypes] as const, options);

// ---------------------------------------------------------------------------------------------
// Nested blocks

/** Attributes by name. */
export type Attributes = { readonly [name: string]: Attribute<any, boolean> };
/** Nested blocks by name. */
export type Blocks = { readonly [name: string]: NestedBlock<any, any, any> };

/** How many times a nested block may appear. */
export type BlockNesting = 'list' | 'set' | 'single';

/** A nested block type, e.g. `ip_rule { action = "allow" ... }` repeated in a resource. */
export interface NestedBlock<A extends Attributes, B extends Blocks, N extends BlockNesting> {
  readonly kind: 'block';
  readonly nesting: N;
  readonly description: string;
  readonly attributes: A;
  readonly blocks: B;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Like {@link AttributeOptions.semanticEquals}, for the whole collection; set with {@link withSemanticEquals}. */
  readonly semanticEquals?: (a: never, b: never) => boolean;
}

/** A nested block type's value with every value known, as semantic equality sees it. */
export type KnownBlockValue<A, B, N> = 0 extends 1 & N ? any : N extends 'single' ? ObjectValue<A, B> | null : ObjectValue<A, B>[];

/** What the nested block builders accept. */
export interface NestedBlockOptions<A extends Attributes, B extends Blocks, N extends BlockNesting> {
  description: string;
  attributes: A;
  blocks?: B;
  minItems?: number;
  maxItems?: number;
}

// Untyped inside: the builders below carry the literal types.
function nestedBlock(nesting: BlockNesting, options: NestedBlockOptions<any, any, any>): NestedBlock<any, any, any> {
  if (!options.description) throw new Error('every block needs a description');
  for (const [name, a] of Object.entries(options.attributes as Attributes)) {
    // Planning rules for computed values inside blocks are not implemented (no resource needs them).
    if (a.computed) throw new Error(`attribute ${name} of a nested block cannot be computed in this framework`);
  }
  return { kind: 'block', nesting, ...options, blocks: options.blocks ?? {} };
}

/**
 * The block type with a semantic equality over its whole collection of blocks (e.g. IP rules
 * that mean the same in another notation). A separate step so that the block's types are
 * settled before the function is checked against them.
 */
export function withSemanticEquals<A extends Attributes, B extends Blocks, N extends BlockNesting>(
  block: NestedBlock<A, B, N>,
  equals: (a: NoInfer<KnownBlockValue<A, B, N>>, b: NoInfer<KnownBlockValue<A, B, N>>) => boolean,
): NestedBlock<A, B, N> {
  return { ...block, semanticEquals: equals as (a: never, b: never) => boolean };
}

/** The nested blocks of builder options (none when left out). */
type BlocksOf<O> = O extends { blocks: infer B extends Blocks } ? B : {};

/** Repeated blocks whose order does not matter: a set (duplicates collapse). */
export const setNestedBlock = <const O extends NestedBlockOptions<Attributes, Blocks, 'set'>>(options: O) =>
  nestedBlock('set', options) as NestedBlock<O['attributes'], BlocksOf<O>, 'set'>;
/** Repeated blocks in order. */
export const listNestedBlock = <const O extends NestedBlockOptions<Attributes, Blocks, 'list'>>(options: O) =>
  nestedBlock('list', options) as NestedBlock<O['attributes'], BlocksOf<O>, 'list'>;
/** At most one block; null when absent. */
export const singleNestedBlock = <const O extends NestedBlockOptions<Attributes, Blocks, 'single'>>(options: O) =>
  nestedBlock('single', options) as NestedBlock<O['attributes'], BlocksOf<O>, 'single'>;

// ---------------------------------------------------------------------------------------------
// Schemas and the types of their values

/** The schema of a resource, data source, ephemeral resource or provider configuration. */
export interface Schema<A extends Attributes = Attributes, B extends Blocks = Blocks> {
  /** Bump when stored state changes shape (see Resource.upgradeState). Default 0. */
  readonly version?: number;
  readonly description: string;
  readonly attributes: A;
  readonly blocks?: B;
}

/** Defines a schema, keeping the literal types that {@link StateOf} and {@link PlanOf} read. */
export function defineSchema<const A extends Attributes, const B extends Blocks = {}>(schema: Schema<A, B>): Schema<A, B> {
  if (!schema.description) throw new Error('a schema needs a description');
  return schema;
}

type AttributeValue<X, U> = X extends Attribute<infer Ty, infer Req> ? ValueOfType<Ty, U> | (Req extends true ? never : null) | U : never;

/**
 * The value of an object made of attributes `A` and blocks `B`. `D` counts the nesting depth:
 * blocks nest at most 4 deep here, which bounds what TypeScript expands when it compares
 * these types generically (unbounded, it gives up with "excessively deep").
 */
export type ObjectValue<A, B, U = never, D extends unknown[] = []> = 0 extends (1 & A) | (1 & B)
  ? Record<string, any>
  : D['length'] extends 4
    ? Record<string, any>
    : { -readonly [K in keyof A]: AttributeValue<A[K], U> } & { -readonly [K in keyof B]: BlockValue<B[K], U, [...D, 1]> };

/** The value of a nested block type: an array for list/set (never null), object or null for single. */
export type BlockValue<X, U = never, D extends unknown[] = []> = 0 extends 1 & X
  ? any
  : X extends NestedBlock<infer A, infer B, infer N>
    ? (N extends 'single' ? ObjectValue<A, B, U, D> | null : Array<ObjectValue<A, B, U, D> | U>) | U
    : never;

// `any` (a schema not known statically) gives `any` values rather than an endless expansion.
type SchemaAttributes<S> = 0 extends 1 & S ? any : S extends Schema<infer A, any> ? A : never;
type SchemaBlocks<S> = 0 extends 1 & S ? any : S extends Schema<any, infer B> ? B : never;

/** A value of the schema as stored in state: every value known. */
export type StateOf<S> = ObjectValue<SchemaAttributes<S>, SchemaBlocks<S>>;
/** A value of the schema in a plan or config: any value may be unknown. */
export type PlanOf<S> = ObjectValue<SchemaAttributes<S>, SchemaBlocks<S>, Unknown>;
/** The configuration as Terraform sends it (the same shape as a plan). */
export type ConfigOf<S> = PlanOf<S>;

// ---------------------------------------------------------------------------------------------
// To the protocol

function attributeToDescription(a: Attribute): AttributeDescription {
  const d: AttributeDescription = { type: a.type, description: a.description };
  if (a.required) d.required = true;
  if (a.optional) d.optional = true;
  if (a.computed) d.computed = true;
  if (a.sensitive) d.sensitive = true;
  if (a.deprecationMessage) d.deprecated = true;
  return d;
}

function blockToDescription(description: string, attributes: Attributes, blocks: Blocks | undefined): BlockDescription {
  return {
    description,
    attributes: Object.fromEntries(Object.entries(attributes).map(([n, a]) => [n, attributeToDescription(a)])),
    blocks: Object.fromEntries(
      Object.entries(blocks ?? {}).map(([n, b]) => [
        n,
        {
          nesting: b.nesting,
          block: blockToDescription(b.description, b.attributes, b.blocks),
          ...(b.minItems !== undefined ? { minItems: b.minItems } : {}),
          ...(b.maxItems !== undefined ? { maxItems: b.maxItems } : {}),
        },
      ]),
    ),
  };
}

/** The protocol's schema description of a schema. */
export function toSchemaDescription(schema: Schema): SchemaDescription {
  return { version: schema.version ?? 0, block: blockToDescription(schema.description, schema.attributes, schema.blocks) };
}

/** The cty type of the schema's values (what decodes config, plan and state). */
export function schemaCtyType(schema: Schema): CtyType {
  return blockToCtyType(toSchemaDescription(schema).block);
}
